"""Measure `catalogue import` end to end: N synthetic lines, fresh database, wall time and peak RSS.

    .venv/bin/python benchmarks/import_entries.py --lines 100000 [--database-url postgresql://...]
    PATH=$PATH:/work/shared/bin .venv/bin/python benchmarks/import_entries.py --lines 63000 \
        --engine meilisearch [--reindex] [--label "after"]

Runs the real CLI in a subprocess (so RSS is the importer's own) and appends a row to
benchmarks/results/import.md. With `--engine meilisearch` (a fresh server, see
meili_server.py) it then drains the outbox as the app's worker does until it is empty and
every entry is searchable, optionally runs `catalogue reindex`, and appends a row to
benchmarks/results/meili_writes.md instead.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seed.synthetic import Corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "import.md"
MEILI_RESULTS = ROOT / "benchmarks" / "results" / "meili_writes.md"
MEILI_HEADER = """# Meilisearch write benchmark

`benchmarks/import_entries.py --engine meilisearch`: `catalogue import` of N synthetic lines (all
published) into a fresh SQLite database, then the outbox drained into a fresh Meilisearch (same
machine, default indexing threads) exactly as the app's worker drains it (`drain_outbox_once`
until nothing is due), until every entry is searchable in both indexes; then, with `--reindex`,
`catalogue reindex` (both indexes rebuilt and swapped). Entries/s = N / seconds.

| when | label | lines | import s | outbox drain s | outbox entries/s | reindex s | reindex entries/s | command |
|---|---|---:|---:|---:|---:|---:|---:|---|
"""
HEADER = """# Import benchmark

`benchmarks/import_entries.py`: `catalogue import` of synthetic JSON Lines (`seed/synthetic.py`,
808 category paths) into a fresh, migrated database. Time is wall clock for the whole command
(validate every line, then one transaction with outbox rows); RSS is the importer's peak.

| lines | database | seconds | lines/s | peak RSS MB | when | command |
|---:|---|---:|---:|---:|---|---|
"""


def _as_table(jsonl: Path, *, fmt: str) -> Path:
    """The same entries as a spreadsheet: one column per field, several category paths in one
    cell joined by ` | ` (the import format's convention)."""
    if fmt == "jsonl":
        return jsonl
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    fields = list(dict.fromkeys(key for row in rows for key in row))

    def cell(value: object) -> object:
        if isinstance(value, list):
            return " | ".join(str(v) for v in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else value

    target = jsonl.with_suffix(f".{fmt}")
    if fmt == "csv":
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(fields)
            writer.writerows([cell(row.get(f)) for f in fields] for row in rows)
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Entries")
        sheet.append(fields)
        for row in rows:
            sheet.append([cell(row.get(f)) for f in fields])
        book.save(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument(
        "--engine",
        choices=["none", "meilisearch"],
        default="none",
        help="meilisearch: then drain the outbox into a fresh Meilisearch",
    )
    parser.add_argument("--reindex", action="store_true", help="with --engine meilisearch: time `catalogue reindex`")
    parser.add_argument("--no-drain", action="store_true", help="with --reindex: time only the reindex")
    parser.add_argument("--label", default="", help="a note for the results row (e.g. the code version)")
    parser.add_argument(
        "--format", choices=["jsonl", "csv", "xlsx"], default="jsonl", help="the file type imported (without --engine)"
    )
    args = parser.parse_args()
    if args.engine == "meilisearch":
        from benchmarks.meili_server import meilisearch

        with meilisearch() as server:
            meili_run(args, server)
        return

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "entries.jsonl"
        Corpus(seed=7).write_jsonl(data, count=args.lines)
        data = _as_table(data, fmt=args.format)
        env = {**os.environ, "CATALOGUE_ENV": "development", "CATALOGUE_DATA_DIR": tmp}
        if args.database_url:
            env["CATALOGUE_DATABASE_URL"] = args.database_url
        catalogue = str(Path(sys.executable).parent / "catalogue")
        subprocess.run([catalogue, "db", "upgrade"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        result = subprocess.run([catalogue, "import", str(data)], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"import failed:\n{result.stderr[-2000:]}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    command = (
        f"benchmarks/import_entries.py --lines {args.lines}"
        + (f" --format {args.format}" if args.format != "jsonl" else "")
        + (" --database-url …" if args.database_url else "")
    )
    row = (
        f"| {args.lines:,} | {database} | {seconds:.1f} | {args.lines / seconds:,.0f} | {peak_mb:.0f} | "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} | `{command}` |\n"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as handle:
        handle.write(row)
    print(result.stdout.strip())
    print(row, end="")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")


def meili_run(args: argparse.Namespace, server) -> None:
    """Import, drain the outbox into Meilisearch until searchable, optionally reindex."""
    from catalogue.db import make_engine
    from catalogue.settings import load_settings
    from search.engines import create_engine
    from search.service import SearchService

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "entries.jsonl"
        Corpus(seed=7).write_jsonl(data, count=args.lines)
        env = {**os.environ, "CATALOGUE_ENV": "development", "CATALOGUE_DATA_DIR": tmp, **server.env()}
        if args.database_url:
            env["CATALOGUE_DATABASE_URL"] = args.database_url
        catalogue = str(Path(sys.executable).parent / "catalogue")
        subprocess.run([catalogue, "db", "upgrade"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([catalogue, "import", str(data)], env=env, check=True, capture_output=True)
        imported = time.perf_counter() - started

        settings = load_settings(env)
        engine = create_engine(settings)
        service = SearchService(engine=engine, db_engine=make_engine(settings.database_url))
        drained = 0.0
        if not args.no_drain:
            started = time.perf_counter()
            engine.ensure_indexes()
            applied = service.drain_outbox()
            drained = time.perf_counter() - started
            _check_searchable(engine, expected=args.lines, doing="the drain")
            if applied != args.lines:
                sys.exit(f"the drain applied {applied} outbox rows, expected {args.lines}")
            print(f"import {imported:.1f} s; outbox drain {drained:.1f} s ({args.lines / drained:,.0f} entries/s)")
        reindexed = 0.0
        if args.reindex:
            started = time.perf_counter()
            result = subprocess.run([catalogue, "reindex"], env=env, capture_output=True, text=True, check=False)
            reindexed = time.perf_counter() - started
            if result.returncode != 0:
                sys.exit(f"reindex failed after {reindexed:.0f} s:\n{result.stderr[-2000:]}")
            _check_searchable(engine, expected=args.lines, doing="the reindex")
            print(result.stdout.strip())
    command = (
        f"benchmarks/import_entries.py --lines {args.lines} --engine meilisearch"
        + (" --reindex" if args.reindex else "")
        + (" --no-drain" if args.no_drain else "")
    )
    drain_cells = f"{drained:.1f} | {args.lines / drained:,.0f}" if drained else "- | -"
    reindex_cells = f"{reindexed:.1f} | {args.lines / reindexed:,.0f}" if reindexed else "- | -"
    row = (
        f"| {datetime.now(UTC):%Y-%m-%d %H:%M} | {args.label} | {args.lines:,} | {imported:.1f} | {drain_cells} "
        f"| {reindex_cells} | `{command}` |\n"
    )
    if not MEILI_RESULTS.exists():
        MEILI_RESULTS.write_text(MEILI_HEADER)
    with MEILI_RESULTS.open("a") as handle:
        handle.write(row)
    print(row, end="")


def _check_searchable(engine, *, expected: int, doing: str) -> None:
    from search.query import PRIVATE_INDEX, PUBLIC_INDEX, SearchQuery

    for index in (PRIVATE_INDEX, PUBLIC_INDEX):
        total = engine.search(index, SearchQuery(text="", page_size=1, facets=(), category_tree=False)).total
        if total != expected:
            sys.exit(f"{index}: {total} searchable after {doing}, expected {expected}")


if __name__ == "__main__":
    main()
