"""The Meilisearch engine, through the official `meilisearch` client (blocking: callers run
it in worker threads, never on the event loop).

Settings are applied before any document arrives; every task is awaited and its status
checked, so a failed task raises with Meilisearch's own message; every HTTP call has a
timeout. Writes use the admin key; public (`case_studies`) queries use the search-only key.

Writes are enqueued together and awaited once: Meilisearch processes an index's tasks in
the order they were enqueued and batches consecutive document tasks into one indexing run,
which costs about the same whether it holds one task or many (a fixed cost of up to a
second per run, on a default server). Waiting on each task before sending the next made
every task its own run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import meilisearch
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)

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
from search.engines.meili_filter import build_filter, ids_clause
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
    # proximity by attribute (words in the same field rank higher) rather than word distance:
    # word-pair distances were two thirds of indexing time (benchmarks/results/meili_writes.md);
    # the embedded engine does not rank by distance either
    "proximityPrecision": "byAttribute",
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "faceting": {"maxValuesPerFacet": FACET_SIZE, "sortFacetValuesBy": {"*": "count"}},
    "pagination": {"maxTotalHits": 10_000_000},
    "stopWords": [],
    "synonyms": {},
}
#: what a hit needs; highlighted and cropped fields come back in `_formatted` regardless, so
#: the full summary and body (most of each document) are not sent back a second time
RETRIEVED = ["id", "slug", "title", "organisation", "award", "cycle", "status", "organisation_type", "region",
             "category_paths", "published_at"]
SORTS = {Sort.newest: ["published_at:desc"], Sort.title: ["title:asc"]}
#: documents (or ids) per task: payloads of a few MB, far below the server's 100 MB limit
PER_TASK = 2000
_FINISHED = {"succeeded", "failed", "canceled"}
_OUTAGES = (MeilisearchCommunicationError, MeilisearchTimeoutError, requests.RequestException, OSError)


def _translate(exc: Exception, doing: str) -> SearchError:
    if isinstance(exc, _OUTAGES):
        return SearchUnavailable(f"Meilisearch unreachable while {doing}: {exc}")
    if isinstance(exc, MeilisearchApiError):
        if exc.status_code >= 500:
            return SearchUnavailable(f"Meilisearch failed while {doing}: {exc.message}")
        return SearchError(f"Meilisearch refused {doing}: {exc.message}")
    return SearchError(f"Meilisearch error while {doing}: {exc}")


class MeiliEngine:
    name = "meilisearch"
    #: a drain's tasks become one indexing run per index; bigger claims spread its fixed cost
    outbox_batch_size = 5000

    def __init__(
        self, *, url: str, api_key: str, search_key: str = "", timeout: float = 5.0,
        task_timeout: float = 120.0, index_prefix: str = "",
    ) -> None:
        self.admin = meilisearch.Client(url, api_key or None, timeout=timeout)
        self.public = meilisearch.Client(url, search_key or api_key or None, timeout=timeout)
        self.task_timeout_ms = int(task_timeout * 1000)
        self.prefix = index_prefix
        self._ready = False

    def uid(self, index: str) -> str:
        if index not in INDEXES:
            raise SearchError(f"unknown index {index!r}")
        return self.prefix + index

    # -- tasks --

    def _call(self, doing: str, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MeilisearchError as exc:
            raise _translate(exc, doing) from exc
        except _OUTAGES as exc:
            raise _translate(exc, doing) from exc

    def wait(self, task_info, doing: str) -> None:
        """Wait for an index or settings task, at most the task timeout (a settings change
        that re-indexes a big index must not hold up start-up: the next write waits again)."""
        self.wait_all([(task_info, doing)], patient=False)

    def wait_all(self, tasks: Sequence[tuple[object, str]], *, patient: bool = True) -> None:
        """Wait until every task (`(task_info, doing)`) has finished, polling all of them in one
        call; then the first that failed or was cancelled raises with Meilisearch's message.

        `patient`: the timeout bounds waiting without progress (a big reindex takes minutes):
        any of these tasks being processed, or one more finished, starts the clock again."""
        doing = {info.task_uid: what for info, what in tasks}  # type: ignore[attr-defined]
        timeout = self.task_timeout_ms / 1000
        deadline = time.monotonic() + timeout
        interval, finished = 0.01, 0
        while True:
            answer = self._call("checking tasks", self.admin.get_tasks,
                                {"uids": [str(uid) for uid in doing], "limit": len(doing)})
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
                    f"for {timeout:g} s ({next(iter(doing.values()))}, ...)")
            time.sleep(interval)
            interval = min(interval * 1.5, 0.2)
        for uid in sorted(doing):
            task = by_uid[uid]
            if task.status != "succeeded":
                message = (task.error or {}).get("message", task.status)
                raise SearchError(f"Meilisearch task {uid} ({doing[uid]}) {task.status}: {message}")

    def _create_with_settings(self, uid: str) -> None:
        try:
            self.admin.get_raw_index(uid)
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise _translate(exc, f"looking up index {uid}") from exc
            self.wait(self._call("creating an index", self.admin.create_index, uid, {"primaryKey": "id"}),
                      f"creating index {uid}")
        except MeilisearchError as exc:
            raise _translate(exc, f"looking up index {uid}") from exc
        except _OUTAGES as exc:
            raise _translate(exc, f"looking up index {uid}") from exc
        self.wait(self._call("updating settings", self.admin.index(uid).update_settings, SETTINGS),
                  f"updating settings of {uid}")

    def ensure_indexes(self) -> None:
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
                    tasks.append(task)  # noqa: PERF402
        except SearchError:
            if tasks:
                try:
                    self.wait_all(tasks)
                except SearchError:
                    pass  # the enqueueing error is the one to report
            raise
        if tasks:
            self.wait_all(tasks)

    def _enqueue(self, change: IndexWrite) -> Iterator[tuple[object, str]]:
        items = list(change.documents if isinstance(change, Upsert) else change.ids)
        if not items:
            return
        self._ensure_ready()
        uid = self.uid(change.index)
        index = self.admin.index(uid)
        for start in range(0, len(items), PER_TASK):
            chunk = items[start : start + PER_TASK]
            if isinstance(change, Delete):
                yield (self._call("deleting documents", index.delete_documents,
                                  filter=ids_clause(str(i) for i in chunk)),
                       f"deleting {len(chunk)} documents from {uid}")
            else:
                yield (self._call("adding documents", index.add_documents, chunk, "id"),
                       f"adding {len(chunk)} documents to {uid}")

    def upsert(self, index: str, documents: Sequence[dict]) -> None:
        self.write([Upsert(index=index, documents=documents)])

    def delete(self, index: str, ids: Sequence[str]) -> None:
        self.write([Delete(index=index, ids=ids)])

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
        try:
            status = self.admin.health().get("status")
        except (MeilisearchError, *_OUTAGES) as exc:
            return EngineHealth(ok=False, detail=str(_translate(exc, "checking health")))
        return EngineHealth(ok=status == "available", detail=f"status {status!r}")

    def claim_writer(self) -> bool:
        """Any replica may write: the server orders the tasks."""
        return True

    def close(self) -> None:
        """Nothing to release: the client opens one HTTP connection per call."""

    # -- search --

    def category_counts(self, index: str) -> dict[str, int]:
        client = self.public if index == PUBLIC_INDEX else self.admin
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
        client = self.public if index == PUBLIC_INDEX else self.admin
        page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
        page = max(1, query.page)
        text = query.text[:MAX_QUERY_LENGTH]
        wanted = [f for f in query.facets if f in FLAT_FACETS]
        selected = query.filters_by_facet()
        tree_levels = LEVEL_FIELDS[: min(levels_needed(query.categories), MAX_LEVELS)] if query.category_tree else []
        common = {"indexUid": uid, "q": text, "matchingStrategy": "all"}
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


def _hit(raw: dict) -> Hit:
    formatted = raw.get("_formatted", raw)
    snippet = formatted.get("summary") or ""
    if HIGHLIGHT_PRE not in snippet and formatted.get("body"):
        if HIGHLIGHT_PRE in formatted["body"] or not snippet:
            snippet = formatted["body"]
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
        self.tasks: list = []

    def add(self, documents: Sequence[dict]) -> None:
        """Enqueue only: `swap` waits for all of them at once."""
        if documents:
            index = self.engine.admin.index(self.uid)
            task = self.engine._call("adding documents", index.add_documents, list(documents), "id")
            self.tasks.append((task, f"filling {self.uid}"))

    def swap(self) -> None:
        self.engine.wait_all(self.tasks)
        self.engine._create_with_settings(self.live)
        swap = self.engine._call("swapping indexes", self.engine.admin.swap_indexes,
                                 [{"indexes": [self.live, self.uid]}])
        self.engine.wait(swap, f"swapping {self.uid} into {self.live}")
        self.abort()

    def abort(self) -> None:
        """Delete the side index (after a swap it holds the old documents)."""
        task = self.engine._call("deleting an index", self.engine.admin.delete_index, self.uid)
        self.engine.wait(task, f"deleting {self.uid}")
