import json

from click.testing import CliRunner
from sqlmodel import Session, col, func, select

from catalogue.cli import main
from catalogue.nominations.importing import LineError
from catalogue.nominations.models import Award, Cycle, Nomination, NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.models import Category

GOOD = {
    "title": "Shift.ms Twitter Takeover",
    "organisation": "Shift.ms",
    "summary": "Peer support",
    "body": "Each *weekend* ...",
    "award": "Peer network",
    "cycle": 2015,
    "categories": ["Acute > Family Care > Digital technology", "Mental Health"],
    "status": "winner",
    "published": True,
    "website": "https://www.shift.ms",
}


def _write(tmp_path, lines) -> str:
    path = tmp_path / "entries.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n", encoding="utf-8"
    )
    return str(path)


def _invoke(monkeypatch, database_url, *args):
    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", database_url)
    return CliRunner().invoke(main, ["import", *args])


def _count(db_engine, model) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_good_file_imports_everything_in_one_go(tmp_path, monkeypatch, database_url, db_engine):
    second = {
        **GOOD,
        "title": "Local Trust",
        "published": False,
        "status": "submitted",
        "categories": ["Mental Health > Digital technology"],
    }

    result = _invoke(monkeypatch, database_url, _write(tmp_path, [GOOD, "", second]))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "imported 2 entries (1 published, 5 new category paths)"
    with Session(db_engine) as session:
        rows = session.exec(
            select(
                Nomination.slug, Nomination.status, col(Nomination.published_at).is_not(None), Nomination.body_text
            ).order_by(col(Nomination.id))
        ).all()
        assert [(slug, str(status), published, text) for slug, status, published, text in rows] == [
            ("shift-ms-twitter-takeover", "winner", True, "Each weekend ..."),
            ("local-trust", "submitted", False, "Each weekend ..."),
        ]
        paths = session.exec(select(Category.path).join(NominationCategory).order_by(Category.path)).all()
        assert paths == [
            "Acute > Family Care > Digital technology",
            "Mental Health",
            "Mental Health > Digital technology",
        ]
        award, cycle = session.exec(select(Award, Cycle).join(Cycle)).one()
        assert (award.name, cycle.year) == ("Peer network", 2015)
        assert session.exec(select(SearchOutbox.nomination_id).order_by(col(SearchOutbox.id))).all() == [1, 2]


def test_one_bad_line_imports_nothing_and_is_named(tmp_path, monkeypatch, database_url, db_engine):
    bad = {**GOOD, "cycle": "twenty", "categories": ["Acute >  > Surgery"]}
    lines = [GOOD, GOOD, bad, "{not json", [1, 2], {**GOOD, "status": "draft"}, {**GOOD, "colour": "red"}]

    result = _invoke(monkeypatch, database_url, _write(tmp_path, lines))

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "line 3: cycle: Input should be a valid integer, unable to parse string as an integer",
        "line 3: categories: a category name can't contain '>' (it separates levels), and every level needs a name: "
        "'Acute >  > Surgery'",
        "line 4: (line): not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 5: (line): must be a JSON object",
        "line 6: published: a draft entry cannot be published",
        "line 7: colour: Extra inputs are not permitted",
        "Error: 6 error(s); nothing was imported",
    ]
    assert (_count(db_engine, Nomination), _count(db_engine, Category), _count(db_engine, SearchOutbox)) == (0, 0, 0)


def test_field_limits_and_required_fields(tmp_path, monkeypatch, database_url, db_engine):
    lines = [
        {k: v for k, v in GOOD.items() if k != "title"},
        {**GOOD, "title": "x" * 201},
        {**GOOD, "categories": []},
        {**GOOD, "website": "javascript:alert(1)"},
        {**GOOD, "status": "champion"},
    ]

    result = _invoke(monkeypatch, database_url, _write(tmp_path, lines))

    assert result.output.splitlines() == [
        "line 1: title: Field required",
        "line 2: title: String should have at most 200 characters",
        "line 3: categories: List should have at least 1 item after validation, not 0",
        "line 4: website: must start with http:// or https://",
        "line 5: status: Input should be 'draft', 'submitted', 'withdrawn', 'shortlisted', 'winner', "
        "'highly_commended' or 'not_shortlisted'",
        "Error: 5 error(s); nothing was imported",
    ]
    assert _count(db_engine, Nomination) == 0


def test_a_file_that_is_not_utf8_is_refused(tmp_path, monkeypatch, database_url):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"title": "caf\xe9"}\n')

    result = _invoke(monkeypatch, database_url, str(path))

    assert result.exit_code == 1
    assert result.output == f"Error: {path}: not UTF-8 text (invalid continuation byte at byte 14)\n"


def test_line_error_reads_as_line_field_reason():
    assert str(LineError(7, "cycle", "must be a number")) == "line 7: cycle: must be a number"
