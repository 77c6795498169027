from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect
from sqlmodel import SQLModel

import catalogue.models  # noqa: F401
from catalogue.cli import main
from catalogue.db import make_engine


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
