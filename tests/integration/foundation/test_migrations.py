from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import MetaData, insert, inspect, text
from sqlmodel import SQLModel

import catalogue.models  # noqa: F401
from catalogue.cli import main
from catalogue.db import make_engine
from catalogue.migrate import alembic_config


def test_db_upgrade_builds_exactly_the_models_schema(database_url, monkeypatch):
    """`catalogue db upgrade` on an empty database (SQLite, or PostgreSQL in CI)."""
    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", database_url)

    first = CliRunner().invoke(main, ["db", "upgrade"])
    second = CliRunner().invoke(main, ["db", "upgrade"])

    assert (first.exit_code, first.output) == (0, "database is up to date\n")
    assert (second.exit_code, second.output) == (0, "database is up to date\n")
    engine = make_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == []
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}


def test_upgrading_from_0001_fills_the_plain_text_of_existing_bodies(database_url):
    """0002 adds `nomination.body_text` and derives it for the rows already there."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://")
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    when = datetime(2015, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(
            insert(tables.tables["award_programme"]).values(id=1, name="P", slug="p", description="", created_at=when)
        )
        connection.execute(
            insert(tables.tables["cycle"]).values(
                id=1, programme_id=1, year=2015, name="2015", opens_at=when, closes_at=when
            )
        )
        connection.execute(
            insert(tables.tables["award"]).values(
                id=1, cycle_id=1, name="A", slug="a", description="", blind_judging=False, position=0
            )
        )
        connection.execute(
            insert(tables.tables["nomination"]),
            [
                dict(
                    id=i,
                    slug=f"e{i}",
                    award_id=1,
                    title="T",
                    organisation="O",
                    organisation_type="",
                    region="",
                    summary="",
                    body=body,
                    website="",
                    links=[],
                    social_handles=[],
                    contact_name="",
                    contact_email="",
                    consent_to_publish=False,
                    status="submitted",
                    created_at=when,
                    updated_at=when,
                )
                for i, body in ((1, "We ran **weekly** clinics:\n\n- *gardening*"), (2, "Plain  words"))
            ],
        )
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, body_text FROM nomination ORDER BY id")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "We ran weekly clinics: gardening"), (2, "Plain words")]
