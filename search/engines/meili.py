"""The Meilisearch engine, through the official `meilisearch` client (blocking: callers run
it in worker threads, never on the event loop).

Settings are applied before any document arrives; every task is awaited and its status
checked, so a failed task raises with Meilisearch's own message; every HTTP call has a
timeout. Each kind of call uses its own scoped key (see `meili_keys`): writes the writer
key, `case_studies` queries the public search-only key, `nominations` queries the private
search key. Keys are worked out on first use and again after a refusal or an outage, so a
Meilisearch that is down or misconfigured at start-up is picked up when it is fixed.

Writes are enqueued together and awaited once: Meilisearch processes an index's tasks in
the order they were enqueued and batches consecutive document tasks into one indexing run,
which costs about the same whether it holds one task or many (a fixed cost of up to a
second per run, on a default server). Waiting on each task before sending the next made
every task its own run.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import meilisearch
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchError,
)
from meilisearch.models.task import TaskInfo

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.engines.base import (
    MAX_LEVELS,
    Delete,
    EngineHealth,
    IndexWrite,
    SearchError,
    SearchUnavailable,
    Upsert,
)
from search.engines.meili_build import MeiliBuild
from search.engines.meili_filter import build_filter, ids_clause
from search.engines.meili_keys import (
    API_KEY,
    AUTH_CODES,
    OUTAGES,
    READ_ONLY_NOTE,
    SEARCH_KEY,
    KeyRing,
    MeiliKeyError,
    ReadOnlyEngine,
    logger,
)
from search.engines.meili_schema import (
    FACET_SIZE,
    LEVEL_FIELDS,
    PER_TASK,
    RETRIEVED,
    SEARCHABLE_WITHOUT_ORGANISATION,
    SETTINGS,
    SORTS,
    hit_from_raw,
)
from search.facets import build_category_tree, build_flat_facet, levels_needed
from search.highlight import CROP_WORDS, ELLIPSIS
from search.query import (
    FLAT_FACETS,
    INDEXES,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    PUBLIC_INDEX,
    SearchQuery,
    SearchResult,
)

_FINISHED = {"succeeded", "failed", "canceled"}

_T = TypeVar("_T")


#: what Meilisearch accepts in an index uid (and so in a key's index pattern)
INDEX_PREFIX = re.compile(r"[A-Za-z0-9_-]*")


def _translate(exc: Exception, doing: str, key_source: str = "the key") -> SearchError:
    if isinstance(exc, OUTAGES):
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
    #: a drain's tasks become one indexing run per index; bigger claims spread its fixed cost
    outbox_batch_size = 5000

    def __init__(
        self,
        *,
        url: str,
        api_key: str,
        search_key: str = "",
        timeout: int = 5,
        task_timeout: float = 120.0,
        index_prefix: str = "",
    ) -> None:
        if not INDEX_PREFIX.fullmatch(index_prefix):
            raise SearchError(f"index prefix {index_prefix!r} may hold only letters, digits, - and _")
        self.keys = KeyRing(url=url, api_key=api_key, search_key=search_key, index_prefix=index_prefix, timeout=timeout)
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
            raise ReadOnlyEngine(
                f"this process cannot write to Meilisearch: {API_KEY} is not set (only {SEARCH_KEY}, for searching)"
            )
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
        except (MeilisearchError, *OUTAGES) as exc:
            error = _translate(exc, doing, self.keys.source_of(function))
            if isinstance(error, MeiliKeyError):
                self.keys.forget()  # a key was deleted or changed: work them out again next time
            raise error from exc

    def wait(self, task_info: TaskInfo, doing: str) -> None:
        """Wait for an index or settings task, at most the task timeout (a settings change
        that re-indexes a big index must not hold up start-up: the next write waits again)."""
        self.wait_all([(task_info, doing)], patient=False)

    def wait_all(self, tasks: Sequence[tuple[TaskInfo, str]], *, patient: bool = True) -> None:
        """Wait until every task (`(task_info, doing)`) has finished, polling all of them in one
        call; then the first that failed or was cancelled raises with Meilisearch's message.

        `patient`: the timeout bounds waiting without progress (a big reindex takes minutes):
        any of these tasks being processed, or one more finished, starts the clock again."""
        doing = {info.task_uid: what for info, what in tasks}
        timeout = self.task_timeout_ms / 1000
        deadline = time.monotonic() + timeout
        interval, finished = 0.01, 0
        while True:
            answer = self._call(
                "checking tasks", self.tasks.get_tasks, {"uids": [str(uid) for uid in doing], "limit": len(doing)}
            )
            by_uid = {task.uid: task for task in answer.results}
            statuses = [by_uid[uid].status if uid in by_uid else "unknown" for uid in doing]
            done = sum(status in _FINISHED for status in statuses)
            if done == len(doing):
                break
            if patient and (done > finished or "processing" in statuses):
                finished, deadline = done, time.monotonic() + timeout
            elif time.monotonic() > deadline:
                raise SearchUnavailable(
                    f"Meilisearch left {len(doing) - done} tasks unfinished{' without progress' if patient else ''} "
                    f"for {timeout:g} s ({next(iter(doing.values()))}, ...)"
                )
            time.sleep(interval)
            interval = min(interval * 1.5, 0.2)
        for uid in sorted(doing):
            task = by_uid[uid]
            if task.status != "succeeded":
                message = (task.error or {}).get("message", task.status)
                raise SearchError(f"Meilisearch task {uid} ({doing[uid]}) {task.status}: {message}")

    def _create_with_settings(self, uid: str) -> None:
        try:
            self._call(f"looking up index {uid}", self.admin.get_raw_index, uid)
        except SearchError as exc:
            cause = exc.__cause__
            if not (isinstance(cause, MeilisearchApiError) and cause.code == "index_not_found"):
                raise
            try:
                self.wait(
                    self._call("creating an index", self.admin.create_index, uid, {"primaryKey": "id"}),
                    f"creating index {uid}",
                )
            except SearchError:
                # replicas starting together race to create it: the index existing now is success
                self._call(f"looking up index {uid}", self.admin.get_raw_index, uid)
        self.wait(
            self._call("updating settings", self.admin.index(uid).update_settings, SETTINGS),
            f"updating settings of {uid}",
        )

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

    def write(self, writes: Sequence[IndexWrite]) -> None:
        """Enqueue every write (in order, a task per `PER_TASK` documents), then wait once.
        If enqueueing fails part-way, what was enqueued is still waited for (it will run),
        then the error raises."""
        tasks = []
        try:
            for change in writes:
                for task in self._enqueue(change):  # one by one: keep what was sent before a failure
                    tasks.append(task)
        except SearchError:
            if tasks:
                with contextlib.suppress(SearchError):  # the enqueueing error is the one to report
                    self.wait_all(tasks)
            raise
        if tasks:
            self.wait_all(tasks)

    def _enqueue(self, change: IndexWrite) -> Iterator[tuple[TaskInfo, str]]:
        items = list(change.documents if isinstance(change, Upsert) else change.ids)
        if not items:
            return
        self._ensure_ready()
        uid = self.uid(change.index)
        index = self.admin.index(uid)
        for start in range(0, len(items), PER_TASK):
            chunk = items[start : start + PER_TASK]
            if isinstance(change, Delete):
                yield (
                    self._call("deleting documents", index.delete_documents, filter=ids_clause(str(i) for i in chunk)),
                    f"deleting {len(chunk)} documents from {uid}",
                )
            else:
                yield (
                    self._call("adding documents", index.add_documents, chunk, "id"),
                    f"adding {len(chunk)} documents to {uid}",
                )

    def upsert(self, index: str, documents: Sequence[dict[str, Any]]) -> None:
        self.write([Upsert(index=index, documents=documents)])

    def delete(self, index: str, ids: Sequence[str]) -> None:
        self.write([Delete(index=index, ids=ids)])

    def document_ids(self, index: str) -> set[str]:
        uid = self.uid(index)
        ids: set[str] = set()
        offset = 0
        while True:
            page = self._call(
                "listing documents",
                self.admin.index(uid).get_documents,
                {"fields": ["id"], "limit": 1000, "offset": offset},
            )
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

    def refresh_health(self) -> None:
        """Nothing slow to schedule: `health` asks the server, which answers from memory."""

    def claim_writer(self) -> bool:
        """Any replica with a key that may write may write (the server orders the tasks);
        a read-only one leaves the outbox rows for one that can."""
        return not self.read_only

    def close(self) -> None:
        """Nothing to release: the client opens one HTTP connection per call."""

    # -- search --

    def category_counts(self, index: str) -> dict[str, int]:
        client = self.public if index == PUBLIC_INDEX else self.private
        answer = self._call(
            "counting categories", client.index(self.uid(index)).search, "", {"limit": 0, "facets": list(LEVEL_FIELDS)}
        )
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
            "attributesToRetrieve": RETRIEVED,
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
            {**counts_only, "filter": build_filter(query, without=f), "facets": [f]} for f in wanted if selected[f]
        ]
        if query.categories and tree_levels:
            queries.append({**counts_only, "filter": build_filter(query, without="categories"), "facets": tree_levels})
        answer = self._call("searching", client.multi_search, queries)["results"]

        counts: dict[str, dict[str, int]] = {}
        for result in answer:
            for field, values in (result.get("facetDistribution") or {}).items():
                if len(values) >= FACET_SIZE:
                    raise SearchError(f"facet {field!r} may be truncated at {FACET_SIZE} values")
                counts[field] = {value: count for value, count in values.items() if value != ""}
        first = answer[0]
        return SearchResult(
            hits=[hit_from_raw(raw) for raw in first["hits"]],
            total=first.get("totalHits", 0),
            page=page,
            page_size=page_size,
            facets={f: build_flat_facet(counts=counts.get(f, {}), selected=selected[f]) for f in wanted},
            category_tree=build_category_tree(
                level_counts={int(field[-1]): counts.get(field, {}) for field in tree_levels},
                selected=query.categories,
            )
            if query.category_tree
            else [],
        )
