"""Engine construction from settings; callers depend on the protocol in `base`."""

from __future__ import annotations

from catalogue.settings import Settings
from search.engines.base import EngineHealth, IndexBuild, SearchEngine, SearchError, SearchUnavailable

__all__ = ["EngineHealth", "IndexBuild", "SearchEngine", "SearchError", "SearchUnavailable", "create_engine"]


def create_engine(settings: Settings) -> SearchEngine:
    """`embedded` keeps its indexes under settings.index_dir; `meilisearch` talks to a server."""
    if settings.search_engine == "embedded":
        from search.engines.embedded import EmbeddedEngine

        return EmbeddedEngine(root=settings.index_dir)
    if settings.search_engine == "meilisearch":
        from search.engines.meili import MeiliEngine

        return MeiliEngine(
            url=settings.meilisearch_url,
            api_key=settings.meilisearch_api_key,
            search_key=settings.meilisearch_search_key,
            index_prefix=settings.meilisearch_index_prefix,
        )
    raise ValueError(f"unknown search engine {settings.search_engine!r}")
