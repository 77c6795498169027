"""The Meilisearch engine, through the official `meilisearch` client (blocking: callers run
it in worker threads, never on the event loop).

Settings are applied before any document arrives; every task is awaited and its status
checked, so a failed task raises with Meilisearch's own message; every HTTP call has a
timeout. Each kind of call uses its own scoped key (see `meili_keys`): writes the writer
key, `case_studies` queries the public search-only key, `nominations` queries the private
search key. Keys are worked out on first use and again after a refusal or an outage, so a
Meilisearch that is down or misconfigured at start-up is picked up when it is fixed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)
from meilisearch.models.task import TaskInfo

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.engines.base import MAX_LEVELS, EngineHealth, SearchError, SearchUnavailable
from search.engines.meili_filter import build_filter, ids_clause
from search.engines.meili_keys import (
    API_KEY,
    AUTH_CODES,
    READ_ONLY_NOTE,
    SEARCH_KEY,
    KeyRing,
    MeiliKeyError,
    ReadOnlyEngine,
    logger,
)
from search.facets import build_category_tree, build_flat_facet, levels_needed
from search.highlight import CROP_WORDS, ELLIPSIS, markers_to_html
from search.query import (
    FLAT_FACETS,
    INDEXES,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    PUBLIC_INDEX,
    Hit,
    SearchQuery,
    SearchResult,
    Sort,
)

FACET_SIZE = 10_000
LEVEL_FIELDS = [f"categories.lvl{level}" for level in range(MAX_LEVELS)]
SEARCHABLE = ["title", "organisation", "themes", "summary", "body"]
#: what a query with `search_organisation=False` searches (blind judging)
SEARCHABLE_WITHOUT_ORGANISATION = [a for a in SEARCHABLE if a != "organisation"]
SETTINGS = {
    "searchableAttributes": SEARCHABLE,
    "filterableAttributes": ["id", "award_id", *FLAT_FACETS, *LEVEL_FIELDS],
    "sortableAttributes": ["published_at", "title"],
    # "sort" first: an explicit sort order wins over relevance, as in the embedded engine
    "rankingRules": ["sort", "words", "typo", "proximity", "attribute", "exactness"],
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "faceting": {"maxValuesPerFacet": FACET_SIZE, "sortFacetValuesBy": {"*": "count"}},
    "pagination": {"maxTotalHits": 10_000_000},
    "stopWords": [],
    "synonyms": {},
}
SORTS = {Sort.newest: ["published_at:desc"], Sort.title: ["title:asc"]}
_OUTAGES = (MeilisearchCommunicationError, MeilisearchTimeoutError, requests.RequestException, OSError)

_T = TypeVar("_T")


#: what Meilisearch accepts in an index uid (and so in a key's index pattern)
INDEX_PREFIX = re.compile(r"[A-Za-z0-9_-]*")


def _translate(exc: Exception, doing: str, key_source: str = "the key") -> SearchError:
    if isinstance(exc, _OUTAGES):
        return SearchUnavailable(f"Meilisearch unreachable while {doing}: {exc}")
    if isinstance(exc, MeilisearchApiError):
        if exc.code in AUTH_CODES:
            return MeiliKeyError(f"Meilisearch refused {key_source} while {doing} ({exc.code})")
        if exc.status_code >= 500:
            return SearchUnavailable(f"Meilisearch failed while {doing}: {exc.message}")
        return SearchError(f"Meilisearch refused {doing}: {exc.message}")
    return SearchError(f"Meilisearch error while {doing}: {exc}")


class MeiliEngine:
    name = "meilisearch"

    def __init__(
        self, *, url: str, api_key: str, search_key: str = "", timeout: int = 5,
        task_timeout: float = 120.0, index_prefix: str = "",
    ) -> None:
        if not INDEX_PREFIX.fullmatch(index_prefix):
            raise SearchError(f"index prefix {index_prefix!r} may hold only letters, digits, - and _")
        self.keys = KeyRing(url=url, api_key=api_key, search_key=search_key, index_prefix=index_prefix,
                            timeout=timeout)
        #: only a search key: searches work, writes are refused and left in the outbox
        self.read_only = self.keys.read_only
        self._bare = meilisearch.Client(url, None, timeout=timeout)  # for /health (no key needed)
        self.task_timeout_ms = int(task_timeout * 1000)
        self.prefix = index_prefix
        self._ready = False

    def uid(self, index: str) -> str:
        if index not in INDEXES:
            raise SearchError(f"unknown index {index!r}")
        return self.prefix + index

    # -- keys --

    def _client(self, role: str) -> meilisearch.Client:
        if self.read_only and role in ("writer", "tasks"):
            raise ReadOnlyEngine(f"this process cannot write to Meilisearch: {API_KEY} is not set "
                                 f"(only {SEARCH_KEY}, for searching)")
        return self.keys.client(role)

    @property
    def admin(self) -> meilisearch.Client:
        """The writer: documents, indexes, settings and tasks of this engine's indexes."""
        return self._client("writer")

    @property
    def public(self) -> meilisearch.Client:
        """Search-only on `case_studies`."""
        return self._client("public")

    @property
    def private(self) -> meilisearch.Client:
        """Search on `nominations` (server-side only)."""
        return self._client("private")

    @property
    def tasks(self) -> meilisearch.Client:
        """Reads tasks of every index: index-swap tasks are hidden from index-scoped keys."""
        return self._client("tasks")

    def browser_search_key(self) -> str | None:
        """The search-only key for `case_studies` that a browser may see ('' for a Meilisearch
        without a master key); None when there is none (MEILISEARCH_API_KEY may not manage
        keys, and MEILISEARCH_SEARCH_KEY is unset or may do more than search). Raises
        SearchUnavailable when the keys cannot be worked out now."""
        return self.keys.access().browser_key

    # -- tasks --

    def _call(self, doing: str, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        try:
            return function(*args, **kwargs)
        except (MeilisearchError, *_OUTAGES) as exc:
            error = _translate(exc, doing, self.keys.source_of(function))
            if isinstance(error, MeiliKeyError):
                self.keys.forget()  # a key was deleted or changed: work them out again next time
            raise error from exc

    def wait(self, task_info: TaskInfo, doing: str) -> None:
        """Wait for a task; a failed or cancelled task raises with Meilisearch's message."""
        task = self._call(doing, self.tasks.wait_for_task, task_info.task_uid,
                          timeout_in_ms=self.task_timeout_ms, interval_in_ms=25)
        if task.status != "succeeded":
            message = (task.error or {}).get("message", task.status)
            raise SearchError(f"Meilisearch task {task.uid} ({doing}) {task.status}: {message}")

    def _create_with_settings(self, uid: str) -> None:
        try:
            self._call(f"looking up index {uid}", self.admin.get_raw_index, uid)
        except SearchError as exc:
            cause = exc.__cause__
            if not (isinstance(cause, MeilisearchApiError) and cause.code == "index_not_found"):
                raise
            self.wait(self._call("creating an index", self.admin.create_index, uid, {"primaryKey": "id"}),
                      f"creating index {uid}")
        self.wait(self._call("updating settings", self.admin.index(uid).update_settings, SETTINGS),
                  f"updating settings of {uid}")

    def ensure_indexes(self) -> None:
        """A read-only process only checks its search key: the indexes are a writer's job."""
        if self.read_only:
            self.keys.access()
            logger.info("Meilisearch %s", READ_ONLY_NOTE)
            self._ready = True
            return
        for index in INDEXES:
            self._create_with_settings(self.uid(index))
        self._ready = True

    def _ensure_ready(self) -> None:
        if not self._ready:
            self.ensure_indexes()

    # -- writes --

    def upsert(self, index: str, documents: Sequence[dict[str, Any]]) -> None:
        if not documents:
            return
        self._ensure_ready()
        uid = self.uid(index)
        task = self._call("adding documents", self.admin.index(uid).add_documents, list(documents), "id")
        self.wait(task, f"adding {len(documents)} documents to {uid}")

    def delete(self, index: str, ids: Sequence[str]) -> None:
        if not ids:
            return
        self._ensure_ready()
        uid = self.uid(index)
        task = self._call("deleting documents", self.admin.index(uid).delete_documents,
                          filter=ids_clause(str(i) for i in ids))
        self.wait(task, f"deleting {len(ids)} documents from {uid}")

    def document_ids(self, index: str) -> set[str]:
        uid = self.uid(index)
        ids: set[str] = set()
        offset = 0
        while True:
            page = self._call("listing documents", self.admin.index(uid).get_documents,
                              {"fields": ["id"], "limit": 1000, "offset": offset})
            ids.update(str(doc.id) for doc in page.results)
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return ids

    def start_rebuild(self, index: str) -> MeiliBuild:
        self._ensure_ready()
        return MeiliBuild(self, index)

    def health(self) -> EngineHealth:
        """Up, and the keys in use accepted: a search with the public key, and (when this
        process writes) an index lookup with the writer key, which a search-only key lacks."""
        try:
            status = self._call("checking health", self._bare.health).get("status")
            if status != "available":
                return EngineHealth(ok=False, detail=f"status {status!r}")
            public = self.uid(PUBLIC_INDEX)
            self._call("checking the search key", self.public.index(public).search, "", {"limit": 0})
            if not self.read_only:
                self._call("checking the write key", self.admin.get_raw_index, public)
        except SearchError as exc:
            return EngineHealth(ok=False, detail=str(exc))
        return EngineHealth(ok=True, detail="status 'available'", note=READ_ONLY_NOTE if self.read_only else "")

    def claim_writer(self) -> bool:
        """Any replica with a key that may write may write (the server orders the tasks);
        a read-only one leaves the outbox rows for one that can."""
        return not self.read_only

    def close(self) -> None:
        """Nothing to release: the client opens one HTTP connection per call."""

    # -- search --

    def category_counts(self, index: str) -> dict[str, int]:
        client = self.public if index == PUBLIC_INDEX else self.private
        answer = self._call("counting categories", client.index(self.uid(index)).search, "",
                            {"limit": 0, "facets": list(LEVEL_FIELDS)})
        counts: dict[str, int] = {}
        for field, values in (answer.get("facetDistribution") or {}).items():
            if len(values) >= FACET_SIZE:
                raise SearchError(f"facet {field!r} may be truncated at {FACET_SIZE} values")
            counts.update((value, count) for value, count in values.items() if value != "")
        return counts

    def search(self, index: str, query: SearchQuery) -> SearchResult:
        uid = self.uid(index)
        client = self.public if index == PUBLIC_INDEX else self.private
        page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
        page = max(1, query.page)
        text = query.text[:MAX_QUERY_LENGTH]
        wanted = [f for f in query.facets if f in FLAT_FACETS]
        selected = query.filters_by_facet()
        tree_levels = LEVEL_FIELDS[: min(levels_needed(query.categories), MAX_LEVELS)] if query.category_tree else []
        common: dict[str, Any] = {"indexUid": uid, "q": text, "matchingStrategy": "all"}
        if not query.search_organisation:
            common["attributesToSearchOn"] = SEARCHABLE_WITHOUT_ORGANISATION
        main = {
            **common,
            "filter": build_filter(query),
            "page": page,
            "hitsPerPage": page_size,
            "facets": [f for f in wanted if not selected[f]] + ([] if query.categories else tree_levels),
            "attributesToHighlight": ["title", "summary", "body"],
            "attributesToCrop": ["summary", "body"],
            "cropLength": CROP_WORDS,
            "cropMarker": ELLIPSIS,
            "highlightPreTag": HIGHLIGHT_PRE,
            "highlightPostTag": HIGHLIGHT_POST,
        }
        if query.sort in SORTS:
            main["sort"] = SORTS[query.sort]
        counts_only = {**common, "limit": 0, "offset": 0}
        queries = [main]
        queries += [
            {**counts_only, "filter": build_filter(query, without=f), "facets": [f]}
            for f in wanted if selected[f]
        ]
        if query.categories and tree_levels:
            queries.append({**counts_only, "filter": build_filter(query, without="categories"),
                            "facets": tree_levels})
        answer = self._call("searching", client.multi_search, queries)["results"]

        counts: dict[str, dict[str, int]] = {}
        for result in answer:
            for field, values in (result.get("facetDistribution") or {}).items():
                if len(values) >= FACET_SIZE:
                    raise SearchError(f"facet {field!r} may be truncated at {FACET_SIZE} values")
                counts[field] = {value: count for value, count in values.items() if value != ""}
        first = answer[0]
        return SearchResult(
            hits=[_hit(raw) for raw in first["hits"]],
            total=first.get("totalHits", 0),
            page=page,
            page_size=page_size,
            facets={f: build_flat_facet(counts=counts.get(f, {}), selected=selected[f]) for f in wanted},
            category_tree=build_category_tree(
                level_counts={int(field[-1]): counts.get(field, {}) for field in tree_levels},
                selected=query.categories,
            ) if query.category_tree else [],
        )


def _hit(raw: dict[str, Any]) -> Hit:
    formatted = raw.get("_formatted", raw)
    snippet = formatted.get("summary") or ""
    body = formatted.get("body")
    if HIGHLIGHT_PRE not in snippet and body and (HIGHLIGHT_PRE in body or not snippet):
        snippet = body
    return Hit(
        id=str(raw["id"]), slug=raw["slug"], title=raw["title"], organisation=raw["organisation"],
        award=raw["award"], cycle=raw["cycle"], status=raw["status"],
        organisation_type=raw["organisation_type"], region=raw["region"],
        category_paths=tuple(raw["category_paths"]), published_at=raw["published_at"],
        title_html=markers_to_html(formatted.get("title", raw["title"])),
        snippet_html=markers_to_html(snippet),
    )


class MeiliBuild:
    """A fresh index filled under a temporary uid, then swapped with the live one."""

    def __init__(self, engine: MeiliEngine, index: str) -> None:
        self.engine = engine
        self.live = engine.uid(index)
        self.uid = f"{self.live}__build_{time.time_ns()}"
        engine._create_with_settings(self.uid)
        self.tasks: list[TaskInfo] = []

    def add(self, documents: Sequence[dict[str, Any]]) -> None:
        if documents:
            index = self.engine.admin.index(self.uid)
            self.tasks.append(self.engine._call("adding documents", index.add_documents, list(documents), "id"))

    def swap(self) -> None:
        for task in self.tasks:
            self.engine.wait(task, f"filling {self.uid}")
        self.engine._create_with_settings(self.live)
        swap = self.engine._call("swapping indexes", self.engine.admin.swap_indexes,
                                 [{"indexes": [self.live, self.uid]}])
        self.engine.wait(swap, f"swapping {self.uid} into {self.live}")
        self.abort()

    def abort(self) -> None:
        """Delete the side index (after a swap it holds the old documents)."""
        task = self.engine._call("deleting an index", self.engine.admin.delete_index, self.uid)
        self.engine.wait(task, f"deleting {self.uid}")
