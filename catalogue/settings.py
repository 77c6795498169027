"""Settings read from the environment, validated once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENGINES = ("embedded", "meilisearch")
ENVIRONMENTS = ("production", "development", "test")


class SettingsError(ValueError):
    """A setting has a bad value; the message names the variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    env: str = "production"
    data_dir: Path = Path("var")
    database_url: str = ""
    search_engine: str = "embedded"
    meilisearch_url: str = "http://127.0.0.1:7700"
    meilisearch_api_key: str = ""
    meilisearch_search_key: str = ""
    secret_key: str = ""
    smtp_url: str = ""
    mail_from: str = "Catalogue <no-reply@localhost>"
    base_url: str = "http://127.0.0.1:8000"
    start_outbox_worker: bool = True
    upload_max_bytes: int = 10 * 1024 * 1024
    #: nomination writes allowed per client address: (count, unit) e.g. (20, "minute")
    submission_rate_limit: tuple[int, str] = (20, "minute")

    @property
    def is_development(self) -> bool:
        return self.env in ("development", "test")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


def _bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean; use true or false")


RATE_UNITS = ("second", "minute", "hour", "day")


def _rate_limit(name: str, raw: str) -> tuple[int, str]:
    """`20/minute` -> (20, "minute")."""
    count, _, unit = raw.strip().partition("/")
    if not count.strip().isdigit() or int(count) < 1 or unit.strip() not in RATE_UNITS:
        raise SettingsError(
            f"{name}={raw!r} is not a rate limit; use COUNT/UNIT with UNIT one of "
            f"{', '.join(RATE_UNITS)} (e.g. 20/minute)"
        )
    return int(count), unit.strip()


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from environment variables, raising SettingsError with one clear line."""
    env_vars = os.environ if environ is None else environ
    env = env_vars.get("CATALOGUE_ENV", "production").strip() or "production"
    if env not in ENVIRONMENTS:
        raise SettingsError(f"CATALOGUE_ENV={env!r} is not one of: {', '.join(ENVIRONMENTS)}")
    engine = env_vars.get("CATALOGUE_SEARCH_ENGINE", "embedded").strip() or "embedded"
    if engine not in ENGINES:
        raise SettingsError(
            f"CATALOGUE_SEARCH_ENGINE={engine!r} is not one of: {', '.join(ENGINES)}"
        )
    data_dir = Path(env_vars.get("CATALOGUE_DATA_DIR", "var") or "var").resolve()
    database_url = env_vars.get("CATALOGUE_DATABASE_URL", "").strip()
    if not database_url:
        database_url = f"sqlite:///{data_dir / 'catalogue.db'}"
    elif not database_url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
        raise SettingsError(
            f"CATALOGUE_DATABASE_URL must start with sqlite: or postgresql:, got {database_url.split(':')[0]!r}"
        )
    if database_url.startswith("postgres:"):
        database_url = "postgresql+psycopg:" + database_url[len("postgres:") :]
    elif database_url.startswith("postgresql:"):
        database_url = "postgresql+psycopg:" + database_url[len("postgresql:") :]
    secret_key = env_vars.get("CATALOGUE_SECRET_KEY", "")
    if not secret_key:
        if env == "production":
            raise SettingsError(
                "CATALOGUE_SECRET_KEY is required when CATALOGUE_ENV=production "
                "(set it to a long random string, or set CATALOGUE_ENV=development)"
            )
        secret_key = "development-only-secret-key-not-for-production-use!"  # noqa: S105 - refused in production
    elif len(secret_key) < 32:
        raise SettingsError("CATALOGUE_SECRET_KEY must be at least 32 characters long")
    smtp_url = env_vars.get("CATALOGUE_SMTP_URL", "").strip()
    if smtp_url and not smtp_url.startswith(("smtp://", "smtps://")):
        raise SettingsError("CATALOGUE_SMTP_URL must start with smtp:// or smtps://")
    meili_url = env_vars.get("MEILISEARCH_URL", "http://127.0.0.1:7700").strip()
    if not meili_url.startswith(("http://", "https://")):
        raise SettingsError("MEILISEARCH_URL must start with http:// or https://")
    return Settings(
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        search_engine=engine,
        meilisearch_url=meili_url.rstrip("/"),
        meilisearch_api_key=env_vars.get("MEILISEARCH_API_KEY", ""),
        meilisearch_search_key=env_vars.get("MEILISEARCH_SEARCH_KEY", ""),
        secret_key=secret_key,
        smtp_url=smtp_url,
        mail_from=env_vars.get("CATALOGUE_MAIL_FROM", "Catalogue <no-reply@localhost>"),
        base_url=env_vars.get("CATALOGUE_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        submission_rate_limit=_rate_limit(
            "CATALOGUE_SUBMISSION_RATE_LIMIT",
            env_vars.get("CATALOGUE_SUBMISSION_RATE_LIMIT", "20/minute") or "20/minute",
        ),
        start_outbox_worker=_bool(
            "CATALOGUE_OUTBOX_WORKER", env_vars.get("CATALOGUE_OUTBOX_WORKER", "true")
        ),
    )
