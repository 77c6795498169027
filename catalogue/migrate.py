"""Run Alembic migrations programmatically (used by `catalogue db upgrade` and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from catalogue.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, *, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings.database_url), revision)


def make_revision(database_url: str, *, message: str) -> None:
    """Autogenerate a revision against an up-to-date database (developer tool)."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
