"""The embedded engine: tantivy in process, for a single node with zero setup.

Layout under `root`: one folder per index holding generation folders and a `CURRENT`
file naming the live one. A rebuild fills a new generation, then replaces `CURRENT`
atomically; every call notices the switch (one stat) and reopens.

Several processes (uvicorn workers) may open the same root. tantivy allows one writer per
index, so exactly one process is *the writer*: the one holding an exclusive OS file lock
(`flock`) on `root/.writer.lock`, taken without waiting by `claim_writer` (the outbox
worker calls it before every drain, so when the holder dies another process takes over
on its next poll; the OS releases the lock of a dead process). Every other process only
reads: each call compares the live generation's `meta.json` (tantivy replaces it
atomically on every commit) with what it last loaded and reloads its searcher when it
changed. A rebuild never needs the writer lock: it fills a fresh generation folder and
switches `CURRENT` while holding `.swap.lock` exclusively; each write holds that lock
shared while it checks `CURRENT` and commits, so a write from another process lands
either wholly before the switch (and the rebuild re-queues what changed meanwhile) or in
the new generation.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import tantivy
from tantivy import Occur, Query

from search.engines.base import (
    MAX_LEVELS,
    Delete,
    EngineHealth,
    IndexWrite,
    SearchError,
    SearchUnavailable,
    Upsert,
)
from search.facets import build_category_tree, build_flat_facet, levels_needed
from search.highlight import Highlighter, QueryWord, TermMatcher, markers_to_html
from search.query import (
    FLAT_FACETS,
    INDEXES,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    Hit,
    SearchQuery,
    SearchResult,
    Sort,
)

logger = logging.getLogger("search.engines.embedded")

TOKENIZER = "words"
POINTER = "CURRENT"
#: under the root: held (flock, exclusive) by the one process that writes
WRITER_LOCK = ".writer.lock"
#: in each index folder: shared while a write checks CURRENT and commits, exclusive while
#: CURRENT is created or switched
SWAP_LOCK = ".swap.lock"
META = "meta.json"
#: seconds between the outbox worker's proofs that the index folders take writes (a probe
#: file each); /healthz reports the last proof, probing itself only once none is 4 times as old
WRITABLE_PROBE_INTERVAL = 15.0
#: Larger than any facet's number of distinct values; truncation is checked, not assumed.
FACET_SIZE = 10_000
MAX_QUERY_WORDS = 10
INT_FACETS = {"cycle"}
#: Indexed text fields. `content` holds the title, themes, summary and body, so a word is
#: looked up once for all of them (one automaton and one posting list per word); the title
#: is also on its own (its score tier), and the organisation apart (blind judging leaves
#: it out). The body is indexed once: indexing is most of the cost of a rebuild.
CONTENT, ORGANISATION = "content", "organisation"
# Score tiers: exact before typo/prefix, then title before other text (Meilisearch's
# order: typo, then attribute). A small BM25 term breaks ties inside a tier.
TITLE_EXACT, TEXT_EXACT, TITLE_FUZZY, TEXT_FUZZY, BM25_WEIGHT = 8.0, 4.0, 2.0, 1.0, 0.05


@lru_cache(maxsize=1)
def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


@lru_cache(maxsize=65536)
def normalise_term(token: str) -> str:
    terms = _analyzer().analyze(token)
    return terms[0] if terms else ""


@lru_cache(maxsize=1)
def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("_source", stored=True)
    builder.add_text_field("title", tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_text_field(CONTENT, tokenizer_name=TOKENIZER, index_option="freq")
    # searched with `content`, except by queries with `search_organisation=False`
    builder.add_text_field(ORGANISATION, tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_integer_field("award_id", indexed=True)
    builder.add_text_field("title_sort", fast=True, tokenizer_name="raw", index_option="basic")
    for facet in FLAT_FACETS:
        if facet in INT_FACETS:
            builder.add_integer_field(facet, indexed=True, fast=True)
        else:
            builder.add_text_field(facet, fast=True, tokenizer_name="raw", index_option="basic")
    for level in range(MAX_LEVELS):
        builder.add_text_field(f"lvl{level}", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("published_at", indexed=True, fast=True)
    return builder.build()


def _open_index(path: Path) -> tantivy.Index:
    index = tantivy.Index(_schema(), path=str(path), reuse=True)
    index.register_tokenizer(TOKENIZER, _analyzer())
    index.config_reader(reload_policy="manual")
    return index


def to_tantivy(document: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", document["id"])
    doc.add_bytes("_source", orjson.dumps(document))
    doc.add_text("title", document["title"])
    doc.add_text("title_sort", document["title"].casefold())
    doc.add_text(ORGANISATION, document["organisation"])
    if document.get("award_id") is not None:
        doc.add_integer("award_id", int(document["award_id"]))
    for value in (document["title"], *document["themes"], document["summary"], document["body"]):
        doc.add_text(CONTENT, value)
    for facet in FLAT_FACETS:
        value = document[facet]
        if facet in INT_FACETS:
            doc.add_integer(facet, int(value))
        elif value:
            doc.add_text(facet, value)
    for level, paths in document["categories"].items():
        for path in paths:
            doc.add_text(level, path)
    doc.add_integer("published_at", document["published_at"] or 0)
    return doc


# -- queries -------------------------------------------------------------------------


def _all(clauses: Sequence[Query | None]) -> Query:
    """Every clause must match; None clauses (no such filter) are left out."""
    present = [c for c in clauses if c is not None]
    if not present:
        return Query.all_query()
    if len(present) == 1:
        return present[0]
    return Query.boolean_query([(Occur.Must, c) for c in present])


def _any(clauses: Sequence[Query]) -> Query:
    if len(clauses) == 1:
        return clauses[0]
    return Query.boolean_query([(Occur.Should, c) for c in clauses])


def _category_term(path: str) -> Query:
    depth = path.count(" > ")
    if depth >= MAX_LEVELS:
        return Query.empty_query()
    return Query.term_query(_schema(), f"lvl{depth}", path)


def query_words(text: str) -> list[QueryWord]:
    """Normalised words of the user's text; the last one matches as a prefix."""
    terms = _analyzer().analyze(text[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]
    return [QueryWord(term, prefix=i == len(terms) - 1) for i, term in enumerate(terms)]


def _text_fields(query: SearchQuery) -> tuple[str, ...]:
    return (CONTENT, ORGANISATION) if query.search_organisation else (CONTENT,)


def _fuzzy(word: QueryWord, field: str) -> Query:
    return Query.fuzzy_term_query(
        _schema(), field, word.text, distance=word.typos, transposition_cost_one=True, prefix=word.prefix
    )


def _word_query(word: QueryWord, text_fields: Sequence[str]) -> Query:
    """One word, scored by tier: exact before typo/prefix, title before the rest (a title
    match also counts as text: `content` holds the title), BM25 to break ties."""
    schema = _schema()
    title = Query.term_query(schema, "title", word.text)
    texts = [Query.term_query(schema, field, word.text) for field in text_fields]
    clauses = [
        Query.const_score_query(title, TITLE_EXACT),
        Query.const_score_query(_any(texts), TEXT_EXACT),
        Query.boost_query(Query.disjunction_max_query([title, *texts]), BM25_WEIGHT),
    ]
    if word.typos or word.prefix:
        clauses.append(Query.const_score_query(_fuzzy(word, "title"), TITLE_FUZZY))
        clauses.append(Query.const_score_query(_any([_fuzzy(word, f) for f in text_fields]), TEXT_FUZZY))
    return _any(clauses)


def _match_query(word: QueryWord, text_fields: Sequence[str]) -> Query:
    """The documents `_word_query` matches, unscored (for counting): `content` holds the
    title, and the fuzzy or prefix clauses already include the exact term."""
    if word.typos or word.prefix:
        return _any([_fuzzy(word, field) for field in text_fields])
    return _any([Query.term_query(_schema(), field, word.text) for field in text_fields])


def filter_queries(query: SearchQuery) -> dict[str, Query | None]:
    """One clause per filtered facet (None when unfiltered), plus the judges' scope."""
    schema = _schema()
    clauses: dict[str, Query | None] = {}
    for facet, values in query.filters_by_facet().items():
        if not values:
            clauses[facet] = None
        elif facet in INT_FACETS:
            clauses[facet] = Query.term_set_query(schema, facet, [int(v) for v in values])
        else:
            clauses[facet] = Query.term_set_query(schema, facet, [str(v) for v in values])
    clauses["categories"] = _any([_category_term(p) for p in query.categories]) if query.categories else None
    if query.scopes is None:
        clauses["scopes"] = None
    elif not query.scopes:
        clauses["scopes"] = Query.empty_query()
    else:
        clauses["scopes"] = _any(
            [
                _all(
                    [
                        _category_term(scope.category_path) if scope.category_path else None,
                        Query.term_query(schema, "award_id", int(scope.award_id))
                        if scope.award_id is not None
                        else Query.term_query(schema, "award", scope.award)
                        if scope.award
                        else None,
                    ]
                )
                for scope in query.scopes
            ]
        )
    return clauses


def _terms(field: str) -> dict[str, Any]:
    return {"terms": {"field": field, "size": FACET_SIZE}}


def _bucket_counts(aggregation: dict[str, Any], field: str) -> dict[str, int]:
    if aggregation.get("sum_other_doc_count", 0) or aggregation.get("doc_count_error_upper_bound", 0):
        raise SearchError(f"facet {field!r} has more than {FACET_SIZE} values; counts would be truncated")
    counts = {}
    for bucket in aggregation["buckets"]:
        key = bucket["key"]
        counts[str(int(key)) if field in INT_FACETS else str(key)] = bucket["doc_count"]
    return counts


# Facet filters inside one aggregation request are tantivy query strings (filter
# aggregations take no Query objects). Only raw-tokenised and integer fields appear in
# them, field names are our constants, and every value is quoted and escaped.
#: Matches nothing: no document has this id.
_NOTHING = 'id:"-"'
_EVERYTHING = "*"


def _quoted(value: str | int) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _in_string(field: str, values: Iterable[str | int]) -> str:
    if field in INT_FACETS:
        return f"{field}: IN [{' '.join(str(int(v)) for v in values)}]"
    return f"{field}: IN [{' '.join(_quoted(v) for v in values)}]"


def _category_string(paths: Iterable[str]) -> str:
    by_level: dict[int, list[str]] = {}
    for path in paths:
        depth = path.count(" > ")
        if depth < MAX_LEVELS:
            by_level.setdefault(depth, []).append(path)
    if not by_level:
        return _NOTHING
    parts = [_in_string(f"lvl{depth}", values) for depth, values in sorted(by_level.items())]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def filter_strings(query: SearchQuery) -> dict[str, str]:
    """One query-string clause per *filtered* facet (the same meaning as `filter_queries`)."""
    clauses = {facet: _in_string(facet, values) for facet, values in query.filters_by_facet().items() if values}
    if query.categories:
        clauses["categories"] = _category_string(query.categories)
    return clauses


def _conjunction(clauses: Iterable[str]) -> str:
    present = list(clauses)
    if not present:
        return _EVERYTHING
    return present[0] if len(present) == 1 else " AND ".join(f"({c})" for c in present)


def facet_aggregations(query: SearchQuery, wanted: Sequence[str], tree_depth: int) -> dict[str, Any]:
    """Every count the result needs, as one aggregation request over text + scopes.

    - `main`: all filters (its doc_count is the total), with the unfiltered flat facets
      and, when no category is selected, the top category level;
    - `f:<facet>` per filtered flat facet: every other filter (disjunctive counts);
    - `tree` when categories are selected: every other filter, the top level, and each
      deeper level only over entries under the expanded nodes one level up (the children
      the tree shows; other values there are never displayed).
    """
    clauses = filter_strings(query)
    selected = query.filters_by_facet()
    main_aggs = {f: _terms(f) for f in wanted if not selected[f]}
    if not query.categories and tree_depth:
        main_aggs["lvl0"] = _terms("lvl0")
    aggs = {"main": {"filter": _conjunction(clauses.values()), "aggs": main_aggs}}
    for facet in wanted:
        if selected[facet]:
            others = (c for k, c in clauses.items() if k != facet)
            aggs[f"f:{facet}"] = {"filter": _conjunction(others), "aggs": {facet: _terms(facet)}}
    if query.categories and tree_depth:
        expanded = {p for path in query.categories for p in _ancestors_and_self(path)}
        tree_aggs: dict[str, Any] = {"lvl0": _terms("lvl0")}
        for depth in range(1, tree_depth):
            parents = sorted(p for p in expanded if p.count(" > ") == depth - 1)
            tree_aggs[f"under{depth}"] = {
                "filter": _in_string(f"lvl{depth - 1}", parents) if parents else _NOTHING,
                "aggs": {f"lvl{depth}": _terms(f"lvl{depth}")},
            }
        others = (c for k, c in clauses.items() if k != "categories")
        aggs["tree"] = {"filter": _conjunction(others), "aggs": tree_aggs}
    return aggs


def _ancestors_and_self(path: str) -> list[str]:
    names = path.split(" > ")
    return [" > ".join(names[: i + 1]) for i in range(len(names))]


def read_counts(
    result: dict[str, Any], wanted: Sequence[str], tree_depth: int
) -> tuple[int, dict[str, dict[str, int]]]:
    """(total, counts by field) from the answer to `facet_aggregations`."""
    main = result["main"]
    counts: dict[str, dict[str, int]] = {}
    for field, value in main.items():
        if field != "doc_count":
            counts[field] = _bucket_counts(value, field)
    for facet in wanted:
        group = result.get(f"f:{facet}")
        if group is not None:
            counts[facet] = _bucket_counts(group[facet], facet)
    tree = result.get("tree")
    if tree is not None:
        counts["lvl0"] = _bucket_counts(tree["lvl0"], "lvl0")
        for depth in range(1, tree_depth):
            field = f"lvl{depth}"
            counts[field] = _bucket_counts(tree[f"under{depth}"][field], field)
    return int(main["doc_count"]), counts


# -- the engine -----------------------------------------------------------------------


def _stamp(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


@contextmanager
def _flocked(path: Path, operation: int) -> Iterator[None]:
    """Hold an OS file lock on `path` (created if missing) for the block; waits for it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, operation)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class _Live:
    """The open generation of one index, its reader, and (in the writer process, lazily)
    its single writer."""

    def __init__(self, folder: Path) -> None:
        self.pointer = folder / POINTER
        self.stamp = _stamp(self.pointer)
        self.generation = self.pointer.read_text().strip()
        self.path = folder / self.generation
        if not self.path.is_dir():
            raise NotADirectoryError(f"{self.path} is not a directory")
        self.index = _open_index(self.path)
        # stamp before loading: a commit landing in between is loaded again next time
        self.meta_stamp = _stamp(self.path / META)
        self.index.reload()
        self.writer: tantivy.IndexWriter | None = None

    def current(self) -> bool:
        return _stamp(self.pointer) == self.stamp

    def refresh(self) -> None:
        """Load the latest commit if `meta.json` changed since the last load (one stat).

        tantivy holds its meta lock while it opens a commit's segment files and while the
        writer deletes unused ones, so a reload in one process never races the writer's
        clean-up in another."""
        stamp = _stamp(self.path / META)
        if stamp != self.meta_stamp:
            self.meta_stamp = stamp
            self.index.reload()

    def get_writer(self) -> tantivy.IndexWriter:
        if self.writer is None:
            self.writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        return self.writer

    def close(self) -> None:
        self.writer = None


def _new_generation() -> str:
    """A fresh folder name that sorts after every earlier one."""
    return f"g{time.time_ns():020d}"


def _point_to(folder: Path, generation: str) -> None:
    tmp = folder / f"{POINTER}.tmp"
    tmp.write_text(generation + "\n")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, folder / POINTER)


def _remove_old_generations(folder: Path, *, keep: set[str]) -> None:
    """Keep the live generation and the one before (a reader may still hold it)."""
    generations = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("g"))
    for path in generations[:-2]:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


class EmbeddedBuild:
    """A new generation filled off to the side; `swap` points CURRENT at it."""

    def __init__(self, engine: EmbeddedEngine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.folder = engine.root / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.generation = _new_generation()
        self.path = self.folder / self.generation
        self.path.mkdir()
        self.index = _open_index(self.path)
        self.writer: tantivy.IndexWriter | None = self.index.writer(heap_size=200_000_000, num_threads=1)

    def add(self, documents: Sequence[dict[str, Any]]) -> None:
        # `reindex` hands the same document objects to both indexes' builds, batch after
        # batch: each is converted (and its source serialised) once, for both.
        previous = self.engine._last_converted
        converted = {}
        for document in documents:
            seen = previous.get(id(document))
            doc = seen[1] if seen is not None and seen[0] is document else to_tantivy(document)
            converted[id(document)] = (document, doc)
            self._writer().add_document(doc)
        self.engine._last_converted = converted

    def _writer(self) -> tantivy.IndexWriter:
        if self.writer is None:
            raise SearchError(f"the build of {self.name!r} is already swapped in or aborted")
        return self.writer

    def swap(self) -> None:
        self.engine._last_converted = {}
        writer = self._writer()
        writer.commit()
        writer.wait_merging_threads()
        self.writer = None
        # exclusive: no write, in this process or another, is between checking CURRENT
        # and committing to the generation it names
        with self.engine.lock, _flocked(self.folder / SWAP_LOCK, fcntl.LOCK_EX):
            self.engine.drop(self.name)
            _point_to(self.folder, self.generation)
        _remove_old_generations(self.folder, keep={self.generation})

    def abort(self) -> None:
        self.writer = None
        shutil.rmtree(self.path, ignore_errors=True)


class EmbeddedEngine:
    name = "embedded"
    outbox_batch_size = 500

    def __init__(self, *, root: Path, probe_interval: float = WRITABLE_PROBE_INTERVAL) -> None:
        self.root = Path(root)
        self.probe_interval = probe_interval
        self.lock = threading.RLock()
        self._live: dict[str, _Live] = {}
        #: the open descriptor holding WRITER_LOCK, in the writer process only
        self._writer_fd: int | None = None
        #: per index: ((index, generation, meta stamp), counts) of the last `category_counts`
        self._category_counts: dict[str, tuple[tuple[str, str, tuple[int, int, int]], dict[str, int]]] = {}
        #: the last batch a rebuild converted, by id(document): (document, tantivy document)
        self._last_converted: dict[int, tuple[dict[str, Any], tantivy.Document]] = {}
        #: (time.monotonic(), outcome) of the last probe or index write: whether the folders take writes
        self._writable: tuple[float, EngineHealth] | None = None

    # -- plumbing --

    def drop(self, name: str) -> None:
        live = self._live.pop(name, None)
        if live is not None:
            live.close()

    def _create(self, name: str) -> None:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / POINTER).exists():
            return
        # processes starting together: one creates, the others find it created
        with _flocked(folder / SWAP_LOCK, fcntl.LOCK_EX):
            if not (folder / POINTER).exists():
                generation = _new_generation()
                (folder / generation).mkdir()
                _open_index(folder / generation)
                _point_to(folder, generation)

    # -- the single writer --

    @property
    def is_writer(self) -> bool:
        return self._writer_fd is not None

    def claim_writer(self) -> bool:
        """Become the one writing process if no other process is (never waits).

        True when this engine holds the writer lock, already or now. The lock is the
        process's until `close` (or its death: the OS releases it)."""
        with self.lock:
            if self._writer_fd is not None:
                return True
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.root / WRITER_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise SearchUnavailable(f"embedded index at {self.root} is not usable: {exc}") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # BlockingIOError: another process holds it
                os.close(fd)
                return False
            # for people reading the file: who holds it (the lock itself is what counts)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._writer_fd = fd
            logger.info("process %d is now the embedded search index writer (%s)", os.getpid(), self.root)
            return True

    def writer_pid(self) -> int | None:
        """The pid written by the current (or last) lock holder, for messages."""
        try:
            return int((self.root / WRITER_LOCK).read_text().strip() or 0) or None
        except (OSError, ValueError):
            return None

    def _release_writer(self) -> None:
        if self._writer_fd is not None:
            os.close(self._writer_fd)
            self._writer_fd = None

    def ensure_indexes(self) -> None:
        with self.lock:
            try:
                for name in INDEXES:
                    self._create(name)
            except OSError as exc:
                raise SearchUnavailable(f"embedded index at {self.root} is not usable: {exc}") from exc

    def _get(self, name: str, *, create: bool = True) -> _Live:
        """The live generation of `name`, reopened if CURRENT moved, reloaded if it has a
        newer commit. `create=False` while holding the swap lock (creating takes it)."""
        if name not in INDEXES:
            raise SearchError(f"unknown index {name!r}")
        with self.lock:
            try:
                live = self._live.get(name)
                if live is not None and live.current():
                    live.refresh()
                    return live
                self.drop(name)
                if create and not (self.root / name / POINTER).exists():
                    self._create(name)
                live = self._live[name] = _Live(self.root / name)
                return live
            except (OSError, ValueError) as exc:
                self.drop(name)
                hint = " (built by an older version: run `catalogue reindex`)" if "schema" in str(exc) else ""
                raise SearchUnavailable(f"embedded index {name!r} is not usable: {exc}{hint}") from exc

    def _write(self, name: str, operation: Callable[[tantivy.IndexWriter], None]) -> None:
        if name not in INDEXES:
            raise SearchError(f"unknown index {name!r}")
        with self.lock:
            if not self.claim_writer():
                raise SearchUnavailable(
                    f"another process (pid {self.writer_pid()}) is the embedded index writer; "
                    "changes reach the index through its outbox worker"
                )
            try:
                self._create(name)
                with _flocked(self.root / name / SWAP_LOCK, fcntl.LOCK_SH):
                    live = self._get(name, create=False)
                    try:
                        writer = live.get_writer()
                        operation(writer)
                        writer.commit()
                        live.refresh()
                    except (OSError, ValueError, RuntimeError) as exc:
                        self.drop(name)
                        raise SearchUnavailable(f"writing to embedded index {name!r} failed: {exc}") from exc
            except SearchUnavailable as exc:
                self._record_writable(EngineHealth(ok=False, detail=str(exc)))
                raise
            except OSError as exc:
                self._record_writable(EngineHealth(ok=False, detail=f"embedded index {name!r} is not usable: {exc}"))
                raise SearchUnavailable(f"embedded index {name!r} is not usable: {exc}") from exc
            self._record_writable(EngineHealth(ok=True))

    def _record_writable(self, outcome: EngineHealth) -> None:
        self._writable = (time.monotonic(), outcome)

    # -- protocol --

    def write(self, writes: Sequence[IndexWrite]) -> None:
        """One commit per index holding all its writes in order (so, say, a removal and an
        upsert on the public index land together), indexes in order of first mention."""
        by_index: dict[str, list[IndexWrite]] = {}
        for change in writes:
            if change.documents if isinstance(change, Upsert) else change.ids:
                by_index.setdefault(change.index, []).append(change)
        for index, changes in by_index.items():

            def operation(writer: tantivy.IndexWriter, changes: list[IndexWrite] = changes) -> None:
                for change in changes:
                    if isinstance(change, Delete):
                        for doc_id in change.ids:
                            writer.delete_documents_by_term("id", str(doc_id))
                        continue
                    for document in change.documents:
                        writer.delete_documents_by_term("id", document["id"])
                        writer.add_document(to_tantivy(document))

            self._write(index, operation)

    def upsert(self, index: str, documents: Sequence[dict[str, Any]]) -> None:
        self.write([Upsert(index=index, documents=documents)])

    def delete(self, index: str, ids: Sequence[str]) -> None:
        self.write([Delete(index=index, ids=ids)])

    def category_counts(self, index: str) -> dict[str, int]:
        """Counted once per commit (an aggregation over every document), then reused until
        the index changes: the key is the generation and the `meta.json` loaded."""
        with self.lock:  # the key and the searcher from the same load
            live = self._get(index)
            key = (index, live.generation, live.meta_stamp)
            searcher = live.index.searcher()
        cached = self._category_counts.get(index)
        if cached is not None and cached[0] == key:
            return dict(cached[1])
        levels = [f"lvl{depth}" for depth in range(MAX_LEVELS)]
        try:
            result = searcher.aggregate(Query.all_query(), {level: _terms(level) for level in levels})
        except ValueError as exc:
            raise SearchUnavailable(f"counting categories in {index!r} failed: {exc}") from exc
        counts = {path: count for level in levels for path, count in _bucket_counts(result[level], level).items()}
        self._category_counts[index] = (key, counts)
        return dict(counts)

    def document_ids(self, index: str) -> set[str]:
        searcher = self._get(index).index.searcher()
        if searcher.num_docs == 0:
            return set()
        hits = searcher.search(Query.all_query(), limit=searcher.num_docs).hits
        return {orjson.loads(searcher.doc(address)["_source"][0])["id"] for _, address in hits}

    def start_rebuild(self, index: str) -> EmbeddedBuild:
        if index not in INDEXES:
            raise SearchError(f"unknown index {index!r}")
        try:
            return EmbeddedBuild(self, index)
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(f"cannot build embedded index {index!r}: {exc}") from exc

    def health(self) -> EngineHealth:
        """Both indexes open, and the last proof that their folders take writes (a probe or
        a real write). No disk write here while the worker keeps the proof fresh."""
        try:
            for name in INDEXES:
                self._get(name)
        except SearchUnavailable as exc:
            return EngineHealth(ok=False, detail=str(exc))
        last = self._writable
        if last is None or time.monotonic() - last[0] > 4 * self.probe_interval:
            return self._probe_writable()
        return last[1]

    def refresh_health(self) -> None:
        if self._writable is None or time.monotonic() - self._writable[0] >= self.probe_interval:
            self._probe_writable()

    def _probe_writable(self) -> EngineHealth:
        try:
            for name in INDEXES:
                live = self._get(name)
                # a file of its own: concurrent checks (threads, workers) never remove
                # each other's probe
                with tempfile.NamedTemporaryFile(dir=live.path, prefix=".health-probe-") as probe:
                    probe.write(b"ok")
                    probe.flush()
        except (SearchUnavailable, OSError) as exc:
            outcome = EngineHealth(ok=False, detail=str(exc))
        else:
            outcome = EngineHealth(ok=True)
        self._record_writable(outcome)
        return outcome

    def close(self) -> None:
        """Drop readers and writers; release the writer lock so another process may take it."""
        with self.lock:
            for name in list(self._live):
                self.drop(name)
            self._release_writer()

    # -- search --

    def search(self, index: str, query: SearchQuery) -> SearchResult:
        page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
        page = max(1, query.page)
        searcher = self._get(index).index.searcher()
        words = query_words(query.text)
        filters = filter_queries(query)

        # Every count (total, flat facets, category tree) in one aggregation pass over the
        # text matches, run on another core (tantivy releases the GIL) while this thread
        # finds and highlights the page of hits.
        wanted = [f for f in query.facets if f in FLAT_FACETS]
        selected = query.filters_by_facet()
        tree_depth = min(levels_needed(query.categories), MAX_LEVELS) if query.category_tree else 0
        text_fields = _text_fields(query)
        counting = None
        if wanted or query.category_tree:
            base = _all([_all([_match_query(word, text_fields) for word in words]), filters["scopes"]])
            counting = _counting_pool().submit(searcher.aggregate, base, facet_aggregations(query, wanted, tree_depth))

        main = _all([_all([_word_query(word, text_fields) for word in words]), *filters.values()])
        order: dict[str, Any] = {}
        if query.sort == Sort.newest:
            order = {"order_by_field": "published_at", "order": tantivy.Order.Desc}
        elif query.sort == Sort.title:
            order = {"order_by_field": "title_sort", "order": tantivy.Order.Asc}
        try:
            # with aggregations the total comes from them, so the page needs no count
            found = searcher.search(
                main, limit=page_size, offset=(page - 1) * page_size, count=counting is None, **order
            )
            highlighter = Highlighter(TermMatcher(words, normalise_term) if words else None)
            hits = [_hit(orjson.loads(searcher.doc(address)["_source"][0]), highlighter) for _, address in found.hits]
        except BaseException:
            if counting is not None:
                wait([counting])
            raise
        counts: dict[str, dict[str, int]]
        if counting is None:
            total, counts = found.count, {}  # type: ignore[attr-defined]  # tantivy's stub lacks SearchResult.count
        else:
            total, counts = read_counts(counting.result(), wanted, tree_depth)

        return SearchResult(
            hits=hits,
            total=total,
            page=page,
            page_size=page_size,
            facets={f: build_flat_facet(counts=counts[f], selected=selected[f]) for f in wanted},
            category_tree=build_category_tree(
                level_counts={depth: counts.get(f"lvl{depth}", {}) for depth in range(tree_depth)},
                selected=query.categories,
            )
            if query.category_tree
            else [],
        )


@lru_cache(maxsize=1)
def _counting_pool() -> ThreadPoolExecutor:
    """Threads for facet aggregations, one per core (they run in tantivy, off the GIL)."""
    return ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="facet-counts")


def _hit(document: dict[str, Any], highlighter: Highlighter) -> Hit:
    title_marked, _ = highlighter.mark(document["title"])
    snippet, found = highlighter.crop(document["summary"])
    if not found and document["body"]:
        body_snippet, body_found = highlighter.crop(document["body"])
        if body_found or not document["summary"]:
            snippet = body_snippet
    return Hit(
        id=document["id"],
        slug=document["slug"],
        title=document["title"],
        organisation=document["organisation"],
        award=document["award"],
        cycle=document["cycle"],
        status=document["status"],
        organisation_type=document["organisation_type"],
        region=document["region"],
        category_paths=tuple(document["category_paths"]),
        published_at=document["published_at"],
        title_html=markers_to_html(title_marked),
        snippet_html=markers_to_html(snippet),
    )
