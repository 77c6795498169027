"""Search-engine benchmark over N published case studies of each corpus: synthetic
(seed/synthetic.py, ~170 words in most documents) and real text (seed/realtext.py).

    .venv/bin/python benchmarks/search.py --docs 100000 [--engines embedded,meilisearch]
        [--corpora synthetic,realtext] [--queries 300] [--skip-db]

Per engine, in process: index build rate (documents generated, Markdown rendered and indexed,
docs/s), then p50/p95 of a faceted query: two words (one with a typo), one category path,
every flat facet plus the category levels down to the selection's children, 20 hits with
highlighted snippets. For the embedded engine also `reindex` from a SQLite database holding
the corpus (the real `catalogue reindex` path). Peak RSS of this process (and of the
Meilisearch server, VmHWM). Meilisearch is started from `meilisearch` on PATH (or
--meili-binary) on a free loopback port with a temporary data dir.

Each run appends one JSON record per engine to benchmarks/results/search.json and rewrites
benchmarks/results/search.md from all records (a `## Notes` section at its end is kept).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import catalogue.models  # noqa: E402,F401 - registers tables
from catalogue.db import make_engine, row_id  # noqa: E402
from catalogue.nominations.models import (  # noqa: E402
    Award,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationStatus,
)
from catalogue.taxonomy.models import Category  # noqa: E402
from search.query import FLAT_FACETS, PUBLIC_INDEX, SearchQuery  # noqa: E402
from seed.synthetic import AWARDS, Corpus, corpus_named, taxonomy_paths  # noqa: E402

RESULTS_JSON = ROOT / "benchmarks" / "results" / "search.json"
RESULTS_MD = ROOT / "benchmarks" / "results" / "search.md"
BATCH = 5000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)  # never the first letter (Meilisearch counts that twice)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if rng.random() < 0.5 else word[:i] + word[i + 1 :]


def make_queries(n: int, *, corpus: Corpus, seed: int = 11) -> list[SearchQuery]:
    """The visitor mix: two of the corpus's words (one of 6+ letters with a typo), a category."""
    rng = random.Random(seed)
    words = corpus.query_words()
    long_words = [w for w in words if len(w) >= 6]
    level1 = [p for p in taxonomy_paths() if p.count(" > ") == 1]
    return [
        SearchQuery(
            text=f"{rng.choice(words)} {_typo(rng, rng.choice(long_words))}",
            categories=(rng.choice(level1),),
            facets=FLAT_FACETS,
            page_size=20,
        )
        for _ in range(n)
    ]


def time_queries(engine, queries: list[SearchQuery]) -> dict:
    for query in queries[:20]:
        engine.search(PUBLIC_INDEX, query)
    timings, totals = [], []
    for query in queries:
        started = time.perf_counter()
        result = engine.search(PUBLIC_INDEX, query)
        timings.append((time.perf_counter() - started) * 1000)
        totals.append(result.total)
    cuts = statistics.quantiles(timings, n=100)
    return {
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "queries": len(queries),
        "mean_hits": round(statistics.mean(totals), 1),
    }


def build(engine, *, docs: int, corpus: Corpus) -> dict:
    started = time.perf_counter()
    rebuild = engine.start_rebuild(PUBLIC_INDEX)
    stream = corpus.documents(count=docs)
    while batch := list(islice(stream, BATCH)):
        rebuild.add(batch)
    rebuild.swap()
    seconds = time.perf_counter() - started
    return {"build_s": round(seconds, 1), "build_docs_per_s": round(docs / seconds)}


def load_database(url: str, *, docs: int, corpus: Corpus) -> None:
    """The corpus as database rows, bulk-inserted (the import path is not what is measured)."""
    db = make_engine(url)
    SQLModel.metadata.create_all(db)
    with Session(db) as session:
        programme = AwardProgramme(name="Synthetic Awards", slug="synthetic-awards")
        session.add(programme)
        session.flush()
        award_ids = {}
        for year in range(2012, 2025):
            cycle = Cycle(
                programme_id=row_id(programme),
                year=year,
                name=f"{year} awards",
                opens_at=datetime(year, 1, 1, tzinfo=UTC),
                closes_at=datetime(year, 12, 31, tzinfo=UTC),
            )
            session.add(cycle)
            session.flush()
            for position, name in enumerate(AWARDS):
                award = Award(cycle_id=row_id(cycle), name=name, slug=f"award-{position}", position=position)
                session.add(award)
                session.flush()
                award_ids[(name, year)] = row_id(award)
        category_ids: dict[str, int] = {}
        for path in taxonomy_paths():
            parent, _, name = path.rpartition(" > ")
            node = Category(
                parent_id=category_ids.get(parent),
                name=name,
                slug=name.lower().replace(" ", "-"),
                path=path,
                depth=path.count(" > "),
            )
            session.add(node)
            session.flush()
            category_ids[path] = row_id(node)
        session.commit()
        entries = corpus.entries(count=docs)
        next_id = 1
        while batch := list(islice(entries, 10_000)):
            rows, links = [], []
            for entry in batch:
                rows.append(
                    Nomination(
                        id=next_id,
                        slug=f"entry-{next_id}",
                        award_id=award_ids[(entry.award, entry.cycle)],
                        title=entry.title,
                        organisation=entry.organisation,
                        organisation_type=entry.organisation_type,
                        region=entry.region,
                        summary=entry.summary,
                        body=entry.body,
                        status=NominationStatus(entry.status),
                        consent_to_publish=True,
                        published_at=datetime.fromtimestamp(entry.published_at, UTC),
                    ).model_dump()
                )
                links += [{"nomination_id": next_id, "category_id": category_ids[p]} for p in entry.categories]
                next_id += 1
            session.execute(insert(SQLModel.metadata.tables["nomination"]), rows)
            session.execute(insert(SQLModel.metadata.tables["nomination_category"]), links)
            session.commit()
    db.dispose()


def run_embedded(docs: int, queries: list[SearchQuery], *, corpus: Corpus, with_db: bool, work: Path) -> dict:
    from search.engines.embedded import EmbeddedEngine
    from search.sync import reindex

    engine = EmbeddedEngine(root=work / "index")
    engine.ensure_indexes()
    record = {"engine": "embedded (tantivy)", **build(engine, docs=docs, corpus=corpus)}
    record.update(time_queries(engine, queries))
    record["peak_rss_mb"] = round(peak_rss_mb())
    if with_db:
        url = f"sqlite:///{work / 'bench.db'}"
        started = time.perf_counter()
        load_database(url, docs=docs, corpus=corpus)
        record["db_load_s"] = round(time.perf_counter() - started, 1)
        report = reindex(db_engine=make_engine(url), engine=engine, progress=True)
        record["reindex_s"] = round(report.seconds, 1)
        record["reindex_docs_per_s"] = round(report.nominations / report.seconds)
        record["peak_rss_after_reindex_mb"] = round(peak_rss_mb())
    engine.close()
    return record


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_meilisearch(docs: int, queries: list[SearchQuery], *, corpus: Corpus, binary: str, work: Path) -> dict:
    import requests

    from search.engines.meili import MeiliEngine

    port, key = _free_port(), "benchmark-master-key-0123456789abcdef"
    process = subprocess.Popen(
        [
            binary,
            "--db-path",
            str(work / "meili"),
            "--http-addr",
            f"127.0.0.1:{port}",
            "--master-key",
            key,
            "--no-analytics",
            "--env",
            "development",
            "--log-level",
            "WARN",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(f"{url}/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        engine = MeiliEngine(url=url, api_key=key, timeout=30, task_timeout=3600)
        engine.ensure_indexes()
        record = {"engine": "Meilisearch (HTTP, local server)", **build(engine, docs=docs, corpus=corpus)}
        record.update(time_queries(engine, queries))
        status = Path(f"/proc/{process.pid}/status").read_text()
        hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
        record["server_peak_rss_mb"] = round(int(hwm.split()[1]) / 1024)
        record["peak_rss_mb"] = round(peak_rss_mb())
        return record
    finally:
        process.terminate()
        process.wait(timeout=60)


def write_markdown(records: list[dict]) -> None:
    lines = [
        "# Search benchmark",
        "",
        "`benchmarks/search.py` over published case studies of two corpora with the same entries (808",
        "category paths, depth 3): *synthetic* (`seed/synthetic.py`, ~170 words each in most documents,",
        "~10% of bodies carry Markdown) and *realtext* (`seed/realtext.py`, sentences of the docstrings",
        "of the standard library and installed packages). Query: two words (one with a typo), one",
        "category path, every facet (5 flat + category levels 0-2, disjunctive), 20 hits with snippets.",
        "Build = generate documents + render Markdown + index (one writer thread). Reindex = the",
        "`catalogue reindex` path from SQLite. RSS = peak of the Python process (the whole run).",
        "Since the 2026-11-22 03:00 row the embedded engine counts facets (one aggregation request)",
        "on a second thread while the page of hits is found: one query may use both cores.",
        "",
        "| docs | corpus | engine | build docs/s | reindex docs/s | query p50 ms | query p95 ms | mean hits "
        "| peak RSS MB | server RSS MB | when | command |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in records:
        lines.append(
            f"| {r['docs']:,} | {r.get('corpus', 'synthetic')} "
            f"| {r['engine']} | {r['build_docs_per_s']:,} | {r.get('reindex_docs_per_s', '-')} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['mean_hits']} "
            f"| {r.get('peak_rss_after_reindex_mb', r['peak_rss_mb'])} "
            f"| {r.get('server_peak_rss_mb', '-')} | {r['when']} | `{r['command']}` |"
        )
    lines += ["", f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}."]
    # notes written by hand under "## Notes" stay
    old = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
    notes = old[old.index("\n## Notes") :] if "\n## Notes" in old else ""
    RESULTS_MD.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--engines", default="embedded,meilisearch")
    parser.add_argument("--corpora", default="synthetic,realtext")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-db", action="store_true", help="skip the reindex-from-database measurement")
    parser.add_argument("--meili-binary", default=shutil.which("meilisearch"))
    args = parser.parse_args()
    command = "benchmarks/search.py " + " ".join(sys.argv[1:])
    records = [json.loads(line) for line in RESULTS_JSON.read_text().splitlines()] if RESULTS_JSON.exists() else []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        for corpus_name in args.corpora.split(","):
            corpus = corpus_named(corpus_name)
            queries = make_queries(args.queries, corpus=corpus)
            for name in args.engines.split(","):
                work = Path(tmp) / f"{corpus_name}-{name}"
                work.mkdir()
                if name == "embedded":
                    record = run_embedded(args.docs, queries, corpus=corpus, with_db=not args.skip_db, work=work)
                elif name == "meilisearch":
                    if not args.meili_binary:
                        print("skipping Meilisearch: no `meilisearch` on PATH and no --meili-binary")
                        continue
                    record = run_meilisearch(args.docs, queries, corpus=corpus, binary=args.meili_binary, work=work)
                else:
                    raise SystemExit(f"unknown engine {name!r}")
                record.update(
                    docs=args.docs,
                    corpus=corpus_name,
                    when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
                    command=command,
                )
                print(json.dumps(record))
                records.append(record)
                RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
                RESULTS_JSON.write_text("".join(json.dumps(r) + "\n" for r in records))
                write_markdown(records)


if __name__ == "__main__":
    main()
