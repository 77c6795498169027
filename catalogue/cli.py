"""The `catalogue` command: run, db upgrade, seed, import, reindex, users create."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from catalogue.settings import Settings, SettingsError, load_settings


def _settings() -> Settings:
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
@click.option(
    "--workers",
    default=1,
    type=click.IntRange(1, 64),
    show_default=True,
    help="uvicorn worker processes (the embedded engine keeps one writer among them).",
)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def run(host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the app with uvicorn."""
    import uvicorn

    settings = _settings()  # refuse to start on bad settings before uvicorn forks workers
    if workers > 1 and reload:
        raise click.ClickException("--reload runs a single process: drop --workers, or --reload")
    if settings.is_development and not os.environ.get("CATALOGUE_BASE_URL"):
        # mailed links name the address actually served (production must set it)
        os.environ["CATALOGUE_BASE_URL"] = local_base_url(host=host, port=port)
    # Several workers are safe with either engine: with the embedded one every worker
    # reads the index and exactly one (whichever takes the writer lock) drains the outbox.
    uvicorn.run(
        "catalogue.asgi:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        loop="uvloop",
        http="httptools",
        # X-Forwarded-For/-Proto only from CATALOGUE_TRUSTED_PROXIES (none: ignored)
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        log_config=_log_config(),
    )


def local_base_url(*, host: str, port: int) -> str:
    """The address a browser on this machine uses for `catalogue run --host H --port P`."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - recognising the wildcard, not binding to it
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _log_config() -> dict[str, Any]:
    """uvicorn's logging plus our own `catalogue` and `search` loggers at INFO."""
    from copy import deepcopy

    from uvicorn.config import LOGGING_CONFIG

    config = deepcopy(LOGGING_CONFIG)
    for name in ("catalogue", "search"):
        config["loggers"][name] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    # edit tokens never reach a log: one filter on every handler (catalogue.logredact)
    config.setdefault("filters", {})["redact_secrets"] = {"()": "catalogue.logredact.RedactSecrets"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "redact_secrets"]
    return config


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (SQLite or PostgreSQL)."""
    from catalogue.migrate import upgrade

    upgrade(_settings())
    click.echo("database is up to date")


@db.command("revision")
@click.argument("message")
def db_revision(message: str) -> None:
    """Autogenerate a migration from the models (developers: run `db upgrade` first)."""
    from catalogue.migrate import make_revision

    make_revision(_settings().database_url, message=message)


@main.command()
@click.option(
    "--if-empty",
    is_flag=True,
    help="Seed only a database that holds no programme, category or entry yet (the image's start-up).",
)
def seed(if_empty: bool) -> None:
    """Load the taxonomy, the award programme and the three seed case studies (idempotent)."""
    from catalogue.db import make_engine
    from seed.load import seed_database

    summary = seed_database(make_engine(_settings().database_url), only_if_empty=if_empty)
    click.echo(summary or "the database already holds data: not seeded")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--programme",
    default="Imported awards",
    show_default=True,
    help="Programme that holds awards the file names but the database lacks.",
)
def import_file(file: Path, programme: str) -> None:
    """Import entries from a CSV, XLSX or JSON Lines FILE: every row or none."""
    from tqdm import tqdm

    from catalogue.db import make_engine, session_scope
    from catalogue.importing import (
        MAX_FILE_BYTES,
        ImportFailed,
        UnreadableFile,
        auto_mapping,
        clean_programme,
        import_table,
        read_table,
    )

    settings = _settings()
    try:
        programme = clean_programme(programme)
        if file.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFile(
                f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            )
        table = read_table(file.read_bytes(), filename=file.name)
    except ValueError as exc:  # UnreadableFile, or a bad --programme
        raise click.ClickException(f"{file}: {exc}") from None
    try:
        with (
            session_scope(make_engine(settings.database_url)) as session,
            tqdm(total=len(table.rows), desc="importing", unit="entry", disable=None) as bar,
        ):
            summary = import_table(
                session,
                table=table,
                mapping=auto_mapping(table.headers),
                programme_name=programme,
                reject_unmapped=True,
                progress=bar.update,
            )
    except ImportFailed as failure:
        for problem in failure.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(failure.problems)} problem(s); nothing was imported") from None
    click.echo(str(summary))


@main.command()
@click.option("--batch-size", default=2000, type=click.IntRange(1, 100_000), show_default=True)
def reindex(batch_size: int) -> None:
    """Rebuild both search indexes from the database into fresh ones, then swap them in."""
    from catalogue.db import make_engine
    from search.engines import SearchError, create_engine
    from search.sync import reindex as rebuild

    settings = _settings()
    engine = create_engine(settings)
    try:
        report = rebuild(db_engine=make_engine(settings.database_url), engine=engine, batch_size=batch_size)
    except SearchError as exc:
        raise click.ClickException(f"reindex failed, the live indexes are unchanged: {exc}") from None
    finally:
        engine.close()
    click.echo(str(report))


@main.group()
def users() -> None:
    """Judges and administrators."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["judge", "admin"]), help="What the user may do.")
@click.option("--name", "display_name", default="", help="Display name (defaults to the email's local part).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of prompting.")
def users_create(email: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create a user who signs in with EMAIL and a password (prompted twice, or read from stdin)."""
    from catalogue.accounts.domain import AccountError, create_user
    from catalogue.db import make_engine, session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()
    try:
        with session_scope(make_engine(settings.database_url)) as session:
            user = create_user(session, email=email, role=role, password=password, display_name=display_name)
            summary = f"created {user.role.value} {user.email} (id {user.id})"
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(summary)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
