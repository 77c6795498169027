from sqlmodel import Session, SQLModel, col, select

from catalogue.nominations.models import Nomination
from catalogue.taxonomy.queries import category_tree
from seed.data import taxonomy_paths
from seed.load import load_seed


def _snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table except the outbox's timestamps, for comparing whole states."""
    state = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if not (table.name == "search_outbox" and c.name != "nomination_id")]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        state[table.name] = [tuple(row) for row in rows]
    return state


def test_seeding_twice_gives_the_same_state(session):
    first_summary = load_seed(session)
    session.commit()
    first = _snapshot(session)

    second_summary = load_seed(session)
    session.commit()

    assert _snapshot(session) == first
    assert first_summary == "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (3 changed)"
    assert second_summary == "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (0 changed)"


def test_seed_holds_every_listed_path_and_three_published_case_studies(session):
    load_seed(session)

    def flatten(nodes):
        for node in nodes:
            yield node.path, node.count
            yield from flatten(node.children)

    counts = dict(flatten(category_tree(session, published_only=True)))
    assert sorted(counts) == sorted(taxonomy_paths())
    assert counts["Acute > Family Care > Digital technology"] == 1
    assert counts["Acute"] == 1
    assert counts["Mental Health"] == 2
    assert counts["Making Social media work for us"] == 3
    published = session.exec(
        select(Nomination.slug, Nomination.status)
        .where(col(Nomination.published_at).is_not(None))
        .order_by(col(Nomination.slug))
    ).all()
    assert [(slug, str(status)) for slug, status in published] == [
        ("local-trust-is-a-top-tweeter", "winner"),
        ("shift-ms-twitter-takeover", "winner"),
        ("twitter-for-social-care-leaders", "shortlisted"),
    ]


def test_seed_if_empty_fills_a_new_database_once_and_keeps_an_organisers_edits(database_url, monkeypatch):
    """The image seeds at every start with --if-empty: a restart must not undo edits."""
    from click.testing import CliRunner

    from catalogue.cli import main
    from catalogue.db import make_engine
    from catalogue.nominations.models import Award

    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", database_url)
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0

    first = CliRunner().invoke(main, ["seed", "--if-empty"])
    engine = make_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with Session(engine) as session:
        award = session.exec(select(Award).order_by(col(Award.id)).limit(1)).one()
        award.name = "Renamed by an organiser"
        session.add(award)
        session.commit()
        award_id = award.id
    second = CliRunner().invoke(main, ["seed", "--if-empty"])

    with Session(engine) as session:
        assert session.get_one(Award, award_id).name == "Renamed by an organiser"
    engine.dispose()
    assert (first.exit_code, first.output) == (
        0,
        "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (3 changed)\n",
    )
    assert (second.exit_code, second.output) == (0, "the database already holds data: not seeded\n")


def test_replicas_starting_together_migrate_and_seed_in_turn(database_url, monkeypatch):
    """Four processes' worth of `db upgrade` + `seed --if-empty` at once: the setup lock
    makes them take turns (on SQLite the database file does), so all succeed and the
    seed lands once."""
    from concurrent.futures import ThreadPoolExecutor

    from catalogue.db import make_engine
    from catalogue.migrate import upgrade
    from catalogue.settings import load_settings
    from seed.load import seed_database

    settings = load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_DATABASE_URL": database_url})
    engine = make_engine(settings.database_url)

    def start_replica(_: int) -> str:
        upgrade(settings)
        return seed_database(engine, only_if_empty=True) or "skipped"

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(start_replica, range(4)))
    with Session(engine) as session:
        entries = session.exec(select(Nomination.id)).all()
    engine.dispose()
    assert outcomes == [
        "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (3 changed)",
        "skipped",
        "skipped",
        "skipped",
    ]
    assert len(entries) == 3
