"""`catalogue import FILE`: CSV, XLSX or JSON Lines by content; every problem printed as
`row N, column X: reason`; a non-zero exit and nothing written when any row is bad."""

import json

from click.testing import CliRunner
from sqlmodel import Session, col, func, select

from catalogue.cli import main
from catalogue.nominations.models import Award, Cycle, Nomination, NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.models import Category
from tests.xlsx import workbook_bytes

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


def _write(tmp_path, lines, name="entries.jsonl") -> str:
    path = tmp_path / name
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
        "website": None,  # most exporters write an empty optional field as null
        "region": None,
        "slug": None,
        "published_at": None,
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


def test_one_bad_line_imports_nothing_and_every_problem_is_named(tmp_path, monkeypatch, database_url, db_engine):
    bad = {**GOOD, "cycle": "twenty", "categories": ["Acute >  > Surgery"]}
    lines = [GOOD, GOOD, bad, "{not json", [1, 2], {**GOOD, "status": "draft"}, {**GOOD, "colour": "red"}]

    result = _invoke(monkeypatch, database_url, _write(tmp_path, lines))

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "line 3, field cycle: must be a year such as 2015, not 'twenty'",
        "line 3, field categories: a category name can't contain '>' (it separates levels), "
        "and every level needs a name: 'Acute >  > Surgery'",
        "line 4: is not valid JSON (a name in double quotes was expected at character 2)",
        "line 5: must be a JSON object, {...}",
        "line 6, field published: says published, but a draft entry cannot be published; "
        "choose another status or set this to no",
        "line 7, field colour: is not a field of the import format",
        "Error: 6 problem(s); nothing was imported",
    ]
    assert (_count(db_engine, Nomination), _count(db_engine, Category), _count(db_engine, SearchOutbox)) == (0, 0, 0)


def test_field_limits_and_required_fields_in_plain_words(tmp_path, monkeypatch, database_url, db_engine):
    lines = [
        {k: v for k, v in GOOD.items() if k != "title"},
        {**GOOD, "title": "x" * 201},
        {**GOOD, "categories": []},
        {**GOOD, "website": "javascript:alert(1)"},
        {**GOOD, "status": "champion"},
        {**GOOD, "title": None},
    ]

    result = _invoke(monkeypatch, database_url, _write(tmp_path, lines))

    assert result.output.splitlines() == [
        "line 1, field title: is missing; every entry needs a title",
        "line 2, field title: is 201 characters long; at most 200 are allowed",
        "line 3, field categories: is empty; every entry needs at least one category path, such as Acute > Family Care",
        "line 4, field website: must be an address starting with http:// or https://, not 'javascript:alert(1)'",
        "line 5, field status: must be one of draft, submitted, withdrawn, shortlisted, winner, highly commended, "
        "not shortlisted; 'champion' is not",
        "line 6, field title: is empty; every entry needs a title",
        "Error: 6 problem(s); nothing was imported",
    ]
    assert _count(db_engine, Nomination) == 0


def test_csv_and_xlsx_take_the_same_path_and_messages(tmp_path, monkeypatch, database_url, db_engine):
    csv_path = tmp_path / "entries.csv"
    csv_path.write_bytes(
        "\ufefftitle;organisation;award;cycle;categories;colour\r\n"
        "Café;Shift.ms;Peer network;2015;Acute | Mental Health;\r\n"
        "Bad;Shift.ms;Peer network;1800;;\r\n".encode()
    )
    xlsx_path = tmp_path / "entries.xlsx"
    xlsx_path.write_bytes(
        workbook_bytes(
            [
                ["title", "organisation", "award", "cycle", "categories"],
                ["Café", "Shift.ms", "Peer network", 2015, "Acute | Mental Health"],
            ]
        )
    )

    bad = _invoke(monkeypatch, database_url, str(csv_path))
    good = _invoke(monkeypatch, database_url, str(xlsx_path))

    assert (bad.exit_code, bad.output.splitlines()) == (
        1,
        [
            "column F (colour): is not a field of the import format; rename its header as in the template, "
            "or delete the column",
            "Error: 1 problem(s); nothing was imported",
        ],
    )
    assert (good.exit_code, good.output.splitlines()[-1]) == (
        0,
        "imported 1 entry (0 published, 2 new category paths)",
    )
    assert _count(db_engine, Nomination) == 1


def test_a_file_that_is_not_utf8_or_not_what_its_name_says_is_refused(tmp_path, monkeypatch, database_url):
    latin = tmp_path / "latin1.jsonl"
    latin.write_bytes(b'{"title": "caf\xe9"}\n')
    pretend = tmp_path / "entries.xlsx"
    pretend.write_text("title,organisation\n", encoding="utf-8")

    first = _invoke(monkeypatch, database_url, str(latin))
    second = _invoke(monkeypatch, database_url, str(pretend))

    assert (first.exit_code, first.output) == (
        1,
        f"Error: {latin}: The file is not UTF-8 text (byte 15 cannot be read). In Excel, save it as "
        "'CSV UTF-8 (Comma delimited)'; other programs call it 'Unicode (UTF-8)'.\n",
    )
    assert (second.exit_code, second.output) == (
        1,
        f"Error: {pretend}: The file is named .xlsx but holds CSV, not Excel workbook (XLSX). "
        "Check that you chose the right file, or rename it.\n",
    )


def test_a_slug_already_taken_is_named_by_its_row(tmp_path, monkeypatch, database_url, db_engine):
    entry = {**GOOD, "slug": "shift"}
    assert _invoke(monkeypatch, database_url, _write(tmp_path, [entry])).exit_code == 0

    again = _invoke(monkeypatch, database_url, _write(tmp_path, [{**GOOD, "slug": "other"}, entry, entry]))

    assert again.output.splitlines() == [
        "line 3, field slug: repeats the slug of line 2",
        "Error: 1 problem(s); nothing was imported",
    ]
    clash = _invoke(monkeypatch, database_url, _write(tmp_path, [{**GOOD, "slug": "other"}, entry]))
    assert clash.output.splitlines() == [
        "line 2, field slug: the slug 'shift' is already used by an existing entry",
        "Error: 1 problem(s); nothing was imported",
    ]
    assert _count(db_engine, Nomination) == 1


def test_consent_lets_an_unpublished_entry_be_published_later(tmp_path, monkeypatch, database_url, db_engine):
    rows = [
        {**GOOD, "title": "Agreed", "published": False, "consent": True},
        {**GOOD, "title": "Not asked", "published": False},
        {**GOOD, "title": "Refused", "published": False, "consent": "no"},
        {**GOOD, "title": "Already public"},  # published: consent goes with it
        {**GOOD, "title": "Unclear", "published": False, "consent": "perhaps"},
    ]

    refused = _invoke(monkeypatch, database_url, _write(tmp_path, rows))
    assert refused.exit_code != 0
    assert "line 5, field consent: must be yes or no, not 'perhaps'" in refused.output
    assert _invoke(monkeypatch, database_url, _write(tmp_path, rows[:4])).exit_code == 0
    with Session(db_engine) as session:
        consent = session.exec(select(Nomination.title, Nomination.consent_to_publish).order_by(col(Nomination.id)))
        assert consent.all() == [("Agreed", True), ("Not asked", False), ("Refused", False), ("Already public", True)]
