"""The `catalogue` command: run, db upgrade, seed, import, reindex, users create."""

from __future__ import annotations

import sys

import click

from catalogue.settings import SettingsError, load_settings


def _settings():
    try:
        return load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def main() -> None:
    """Catalogue: award nominations and a searchable case-study library."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--workers", default=1, type=click.IntRange(1, 64), show_default=True)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def run(host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the app with uvicorn."""
    import uvicorn

    settings = _settings()
    if workers > 1 and settings.search_engine == "embedded":
        raise click.ClickException(
            "the embedded search engine allows one writer process: use --workers 1, "
            "or CATALOGUE_SEARCH_ENGINE=meilisearch for several workers"
        )
    uvicorn.run("catalogue.asgi:app", host=host, port=port, workers=workers, reload=reload,
                loop="uvloop", http="httptools", proxy_headers=True)


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (SQLite or PostgreSQL)."""
    from catalogue.migrate import upgrade

    upgrade(_settings())
    click.echo("database is up to date")


@main.command()
def seed() -> None:
    """Load the taxonomy, the award programme and the three seed case studies (idempotent)."""
    from catalogue.db import make_engine, session_scope
    from seed.load import load_seed

    settings = _settings()
    with session_scope(make_engine(settings.database_url)) as session:
        summary = load_seed(session)
    click.echo(summary)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
