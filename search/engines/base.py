"""The protocol both engines implement, and what they report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from search.errors import SearchError, SearchUnavailable
from search.query import SearchQuery, SearchResult

__all__ = [
    "Delete",
    "EngineHealth",
    "IndexBuild",
    "IndexWrite",
    "SearchEngine",
    "SearchError",
    "SearchUnavailable",
    "Upsert",
]

#: Category levels indexed (`categories.lvl0` .. `lvl7`); the taxonomy allows depth 8.
MAX_LEVELS = 8


@dataclass(frozen=True, kw_only=True)
class EngineHealth:
    ok: bool
    detail: str = ""
    #: something an operator should know although the engine works (e.g. read-only)
    note: str = ""

    @property
    def state(self) -> str:
        if not self.ok:
            return f"unavailable: {self.detail}"
        return f"ok ({self.note})" if self.note else "ok"


@dataclass(frozen=True, kw_only=True)
class Upsert:
    """Add or replace `documents` (by `id`) in `index`."""

    index: str
    documents: Sequence[dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class Delete:
    """Remove the documents with these ids from `index`; unknown ids are ignored."""

    index: str
    ids: Sequence[str]


IndexWrite = Upsert | Delete


class IndexBuild(Protocol):
    """A fresh index being filled off to the side; `swap` makes it the live one."""

    def add(self, documents: Sequence[dict[str, Any]]) -> None: ...

    def swap(self) -> None: ...

    def abort(self) -> None: ...


class SearchEngine(Protocol):
    name: str
    #: outbox rows one drain claims: enough to spread a write's fixed cost (a commit, a
    #: Meilisearch task batch) thinly, few enough to keep one drain to seconds
    outbox_batch_size: int

    def ensure_indexes(self) -> None:
        """Create both indexes with their settings if missing (settings before documents)."""

    def claim_writer(self) -> bool:
        """Whether this process may apply changes now. The embedded engine has one writing
        process per index folder: this takes its lock when no other process holds it
        (without waiting). Meilisearch takes writes from anywhere: always True."""

    def write(self, writes: Sequence[IndexWrite]) -> None:
        """Apply `writes` in their order: within an index a later write never lands before an
        earlier one. All are durable and visible when this returns. If any fails this raises
        SearchError once the others have settled; writes other than the failed one may or may
        not have been applied, so callers make their writes safe to repeat."""

    def upsert(self, index: str, documents: Sequence[dict[str, Any]]) -> None:
        """`write([Upsert(...)])`: add or replace documents by `id`; durable and visible when this returns."""

    def delete(self, index: str, ids: Sequence[str]) -> None:
        """`write([Delete(...)])`: remove documents by id; unknown ids are ignored."""

    def search(self, index: str, query: SearchQuery) -> SearchResult:
        """Raises SearchUnavailable when the engine cannot answer."""

    def category_counts(self, index: str) -> dict[str, int]:
        """Entries per category path, every level (an entry counts once for a path and each
        of its ancestors). Raises SearchUnavailable when the engine cannot answer."""

    def document_ids(self, index: str) -> set[str]:
        """Every id in an index (for checks and tests; not for request paths)."""

    def start_rebuild(self, index: str) -> IndexBuild: ...

    def health(self) -> EngineHealth:
        """Cheap enough for every /healthz call: slow checks report their last result."""

    def refresh_health(self) -> None:
        """Run the slow health checks that are due (the outbox worker calls this each tick)."""

    def close(self) -> None: ...
