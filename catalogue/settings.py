"""Settings read from the environment, validated once at start-up."""

from __future__ import annotations

import ipaddress
import math
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENGINES = ("embedded", "meilisearch")
ENVIRONMENTS = ("production", "development", "test")


class SettingsError(ValueError):
    """A setting has a bad value; the message names the variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    env: str = "production"
    data_dir: Path = Path("var")
    #: may carry a password: kept out of repr so it never reaches a log
    database_url: str = field(default="", repr=False)
    search_engine: str = "embedded"
    meilisearch_url: str = "http://127.0.0.1:7700"
    meilisearch_api_key: str = field(default="", repr=False)
    meilisearch_search_key: str = field(default="", repr=False)
    #: put before both index names (and their keys' index patterns): several deployments can share one Meilisearch
    meilisearch_index_prefix: str = ""
    #: the Meilisearch address browsers use (the embeddable search); defaults to meilisearch_url
    meilisearch_public_url: str = ""
    #: origins (scheme://host[:port]) whose pages may fetch the embed's config with CORS
    embed_origins: tuple[str, ...] = ()
    secret_key: str = field(default="", repr=False)
    smtp_url: str = field(default="", repr=False)
    mail_from: str = "Catalogue <no-reply@localhost>"
    base_url: str = "http://127.0.0.1:8000"
    start_outbox_worker: bool = True
    upload_max_bytes: int = 10 * 1024 * 1024
    #: nomination writes allowed per client address: (count, unit) e.g. (20, "minute")
    submission_rate_limit: tuple[int, str] = (20, "minute")
    #: the shared store (redis://, rediss://, unix://, valkey://) for sessions and throttling
    #: across replicas; empty: an in-process store (one node only). May carry a password.
    store_url: str = field(default="", repr=False)
    #: proxies whose X-Forwarded-For is believed (IPs/CIDRs); empty: the header is ignored
    trusted_proxies: tuple[str, ...] = ()

    @property
    def is_development(self) -> bool:
        return self.env in ("development", "test")

    @property
    def meilisearch_browser_url(self) -> str:
        """Where browsers reach Meilisearch (the embed): the public URL, else the app's own."""
        return self.meilisearch_public_url or self.meilisearch_url

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


#: the least estimated entropy a secret key may have (a repeated letter has none)
SECRET_MIN_BITS = 128


def estimated_entropy_bits(value: str) -> float:
    """Shannon entropy of the characters times the length: an upper bound on the secret's
    entropy, so low means certainly weak (one letter repeated, a short word over and over)."""
    length = len(value)
    return sum(n * math.log2(length / n) for n in Counter(value).values())


STORE_SCHEMES = ("redis", "rediss", "unix", "valkey", "valkeys")


def _store_url(name: str, raw: str) -> str:
    """A Redis/Valkey URL; valkey:// is spelt redis:// for the client (same protocol)."""
    url = raw.strip()
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme not in STORE_SCHEMES:
        raise SettingsError(
            f"{name} must start with redis://, rediss://, unix:// or valkey:// (got {scheme or url[:0]!r})"
        )
    if scheme.startswith("valkey"):
        url = "redis" + url[len("valkey") :]
    return url


def _proxies(name: str, raw: str) -> tuple[str, ...]:
    """`10.0.0.1, 172.16.0.0/12` -> both networks, normalised; a bad entry is refused."""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(
                f"{name}: {item!r} is not an IP address or network; use a comma-separated list "
                "like 10.0.0.5,172.16.0.0/12"
            ) from None
    return tuple(dict.fromkeys(networks))


def _database_url(env_vars: Mapping[str, str], *, data_dir: Path) -> str:
    """The SQLAlchemy URL, with `CATALOGUE_DATABASE_PASSWORD` set into it when given: a
    password passed apart from the URL needs no URL-escaping by the operator."""
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
    password = env_vars.get("CATALOGUE_DATABASE_PASSWORD", "")
    if not password:
        return database_url
    if database_url.startswith("sqlite:"):
        raise SettingsError("CATALOGUE_DATABASE_PASSWORD is only for PostgreSQL; CATALOGUE_DATABASE_URL is SQLite")
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise SettingsError("CATALOGUE_DATABASE_URL is not a valid database URL") from None
    if url.password:
        raise SettingsError("CATALOGUE_DATABASE_URL already has a password; drop it or CATALOGUE_DATABASE_PASSWORD")
    return url.set(password=password).render_as_string(hide_password=False)


def _base_url(env_vars: Mapping[str, str], *, env: str) -> str:
    """Where people reach the app: mailed edit links and feeds are built on it, so production
    must say; development and test fall back to the local default."""
    raw = env_vars.get("CATALOGUE_BASE_URL", "").strip()
    if not raw:
        if env == "production":
            raise SettingsError(
                "CATALOGUE_BASE_URL is required when CATALOGUE_ENV=production "
                "(the address people reach the app at, e.g. https://awards.example.org)"
            )
        return "http://127.0.0.1:8000"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"CATALOGUE_BASE_URL={raw!r} is not an http:// or https:// address")
    return raw.rstrip("/")


def _http_url(name: str, raw: str) -> str:
    url = raw.strip()
    if not url.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://")
    return url.rstrip("/")


def _origins(name: str, raw: str) -> tuple[str, ...]:
    """`https://a.example, http://b.example:8080` -> both origins; anything else is refused
    (an origin has no path, query, fragment or user name: browsers send exactly that form)."""
    origins = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            parts = urlsplit(item)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
            or "*" in parts.netloc
        ):  # the CORS layer would read "*" as a wildcard
            raise SettingsError(
                f"{name}: {item!r} is not an http(s) origin; use a comma-separated list like "
                "https://www.example.org,http://localhost:8080 (no path, no trailing slash)"
            )
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(dict.fromkeys(origins))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from environment variables, raising SettingsError with one clear line."""
    env_vars = os.environ if environ is None else environ
    env = env_vars.get("CATALOGUE_ENV", "production").strip() or "production"
    if env not in ENVIRONMENTS:
        raise SettingsError(f"CATALOGUE_ENV={env!r} is not one of: {', '.join(ENVIRONMENTS)}")
    engine = env_vars.get("CATALOGUE_SEARCH_ENGINE", "embedded").strip() or "embedded"
    if engine not in ENGINES:
        raise SettingsError(f"CATALOGUE_SEARCH_ENGINE={engine!r} is not one of: {', '.join(ENGINES)}")
    data_dir = Path(env_vars.get("CATALOGUE_DATA_DIR", "var") or "var").resolve()
    database_url = _database_url(env_vars, data_dir=data_dir)
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
    elif (bits := estimated_entropy_bits(secret_key)) < SECRET_MIN_BITS:
        raise SettingsError(
            f"CATALOGUE_SECRET_KEY is too predictable (about {bits:.0f} bits of entropy, {SECRET_MIN_BITS} needed): "
            "use a random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    smtp_url = env_vars.get("CATALOGUE_SMTP_URL", "").strip()
    if smtp_url and not smtp_url.startswith(("smtp://", "smtps://")):
        raise SettingsError("CATALOGUE_SMTP_URL must start with smtp:// or smtps://")
    meili_url = _http_url("MEILISEARCH_URL", env_vars.get("MEILISEARCH_URL", "http://127.0.0.1:7700"))
    public_url = env_vars.get("MEILISEARCH_PUBLIC_URL", "").strip()
    meili_public_url = _http_url("MEILISEARCH_PUBLIC_URL", public_url) if public_url else meili_url
    meili_prefix = env_vars.get("MEILISEARCH_INDEX_PREFIX", "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]*", meili_prefix):
        raise SettingsError("MEILISEARCH_INDEX_PREFIX may hold only letters, digits, - and _")
    return Settings(
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        search_engine=engine,
        meilisearch_url=meili_url,
        meilisearch_public_url=meili_public_url,
        embed_origins=_origins("CATALOGUE_EMBED_ORIGINS", env_vars.get("CATALOGUE_EMBED_ORIGINS", "")),
        meilisearch_api_key=env_vars.get("MEILISEARCH_API_KEY", "").strip(),
        meilisearch_search_key=env_vars.get("MEILISEARCH_SEARCH_KEY", "").strip(),
        meilisearch_index_prefix=meili_prefix,
        secret_key=secret_key,
        smtp_url=smtp_url,
        mail_from=env_vars.get("CATALOGUE_MAIL_FROM", "Catalogue <no-reply@localhost>"),
        base_url=_base_url(env_vars, env=env),
        submission_rate_limit=_rate_limit(
            "CATALOGUE_SUBMISSION_RATE_LIMIT",
            env_vars.get("CATALOGUE_SUBMISSION_RATE_LIMIT", "20/minute") or "20/minute",
        ),
        store_url=_store_url("CATALOGUE_STORE_URL", env_vars.get("CATALOGUE_STORE_URL", "")),
        trusted_proxies=_proxies("CATALOGUE_TRUSTED_PROXIES", env_vars.get("CATALOGUE_TRUSTED_PROXIES", "")),
        start_outbox_worker=_bool("CATALOGUE_OUTBOX_WORKER", env_vars.get("CATALOGUE_OUTBOX_WORKER", "true")),
    )
