"""Run Alembic migrations programmatically (used by `catalogue db upgrade` and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from catalogue.db import make_engine, setup_transaction
from catalogue.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, *, revision: str = "head") -> None:
    """Migrate in one transaction under the setup lock, so replicas that start together
    upgrade one after another (the later ones find nothing left to do)."""
    config = alembic_config(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with setup_transaction(engine) as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def next_revision_id() -> str:
    """Revisions are numbered 0001, 0002, ... so files sort in the order they apply."""
    numbers = [int(path.name[:4]) for path in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def make_revision(database_url: str, *, message: str) -> None:
    """Autogenerate a revision against an up-to-date database (developer tool)."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True, rev_id=next_revision_id())
