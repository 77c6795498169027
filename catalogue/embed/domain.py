"""The embeddable search: what a browser needs to query the public index itself, and the
snippet an organisation pastes into its own site.

Browsers talk to Meilisearch directly, so only the Meilisearch engine can be embedded, and
only ever with a search-only key: the admin (or master) key never leaves the server.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from catalogue.settings import Settings
from catalogue.templating import STATUS_LABELS
from search.errors import SearchError
from search.query import PUBLIC_INDEX

#: where the snippet mounts the widget unless its script says otherwise
TARGET_ID = "catalogue-search"
SCRIPT_PATH = "/static/js/embed.js"
CONFIG_PATH = "/embed/config.json"
#: how long browsers and caches may keep the config (a rotated key reaches them within this)
CONFIG_MAX_AGE = 300


class EmbedState(Enum):
    ready = "ready"
    #: not set up on this site (another engine, or no search-only key): the config is a 404
    disabled = "disabled"
    #: Meilisearch could not be asked for the key right now: the config is a 503
    unavailable = "unavailable"


NEEDS_MEILISEARCH = "Embeddable search needs the Meilisearch engine; this site uses the built-in search engine."
NEEDS_SEARCH_KEY = (
    "Embeddable search needs a search-only Meilisearch key, and none is known: set MEILISEARCH_API_KEY "
    "to a key that may create keys (the app makes its own), or MEILISEARCH_SEARCH_KEY to a search-only key."
)
KEY_UNAVAILABLE = "Embeddable search is temporarily unavailable. Please try again in a moment."


@dataclass(frozen=True, kw_only=True)
class EmbedConfig:
    """What the widget needs: the public Meilisearch address, index and search-only key."""

    meilisearch_url: str
    index_uid: str
    search_key: str
    #: a case study's page, relative to the config's own address; `{slug}` is replaced
    case_study_url: str
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))


@dataclass(frozen=True, kw_only=True)
class EmbedSetup:
    state: EmbedState
    config: EmbedConfig | None = None
    #: why there is no config (shown on /embed and in the config's JSON error)
    problem: str = ""


def embed_setup(*, settings: Settings, engine: Any, case_study_url: str) -> EmbedSetup:
    """Whether this site can offer the embed, and its config when it can.

    `engine` is the app's search engine; `case_study_url` the case-study route with `{slug}`.
    """
    if engine is None or getattr(engine, "name", "") != "meilisearch":
        return EmbedSetup(state=EmbedState.disabled, problem=NEEDS_MEILISEARCH)
    try:
        key = engine.browser_search_key()
    except SearchError:
        return EmbedSetup(state=EmbedState.unavailable, problem=KEY_UNAVAILABLE)
    if key is None:
        return EmbedSetup(state=EmbedState.disabled, problem=NEEDS_SEARCH_KEY)
    return EmbedSetup(
        state=EmbedState.ready,
        config=EmbedConfig(
            meilisearch_url=settings.meilisearch_browser_url,
            index_uid=engine.uid(PUBLIC_INDEX),
            search_key=key,
            case_study_url=case_study_url,
        ),
    )


def connect_source(url: str) -> str:
    """A CSP source for `url`: its origin, or the URL as a path prefix when it has a path
    (Meilisearch behind a reverse proxy at https://example.org/meili)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    path = parts.path.rstrip("/")
    return f"{origin}{path}/" if path else origin


def embed_snippet(*, base_url: str) -> str:
    """The HTML an organisation pastes where the search should appear."""
    script = html.escape(base_url + SCRIPT_PATH, quote=True)
    config = html.escape(base_url + CONFIG_PATH, quote=True)
    return f'<div id="{TARGET_ID}"></div>\n<script src="{script}" data-catalogue-config="{config}" defer></script>'
