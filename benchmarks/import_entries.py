"""Measure `catalogue import` end to end: N synthetic lines, fresh database, wall time and peak RSS.

    .venv/bin/python benchmarks/import_entries.py --lines 100000 [--database-url postgresql://...]

Runs the real CLI in a subprocess (so RSS is the importer's own) and appends a row to
benchmarks/results/import.md.
"""

from __future__ import annotations

import argparse
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
HEADER = """# Import benchmark

`benchmarks/import_entries.py`: `catalogue import` of synthetic JSON Lines (`seed/synthetic.py`,
808 category paths) into a fresh, migrated database. Time is wall clock for the whole command
(validate every line, then one transaction with outbox rows); RSS is the importer's peak.

| lines | database | seconds | lines/s | peak RSS MB | when | command |
|---:|---|---:|---:|---:|---|---|
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "entries.jsonl"
        Corpus(seed=7).write_jsonl(data, count=args.lines)
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
    command = f"benchmarks/import_entries.py --lines {args.lines}" + (" --database-url …" if args.database_url else "")
    row = (f"| {args.lines:,} | {database} | {seconds:.1f} | {args.lines / seconds:,.0f} | {peak_mb:.0f} | "
           f"{datetime.now(UTC):%Y-%m-%d %H:%M} | `{command}` |\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as handle:
        handle.write(row)
    print(result.stdout.strip())
    print(row, end="")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
