"""End-to-end HTTP benchmark of the public search: `catalogue run` over N published case
studies on the embedded engine; the HTML page, the JSON API, /healthz and a static file,
16 concurrent clients.

    .venv/bin/python benchmarks/http_search.py [--docs 100000] [--corpus synthetic|realtext]
        [--seconds 20] [--clients 16] [--workers 2] [--driver wrk|httpx]

Builds (once per corpus and size, cached under var/bench-http/) the corpus (seed/synthetic.py
or seed/realtext.py over the same 808 category paths); loads it with `catalogue import`,
indexes it with `catalogue reindex`, starts `catalogue run` on a free loopback port and drives
it with `wrk` (Debian's C load generator, the default: it costs the shared cores far less
than a Python client) or an asyncio httpx client pool. `--workers N` runs `catalogue run
--workers N` (uvicorn worker processes; with the embedded engine one of them is the index
writer, all read). Server CPU per request is read from /proc for the server's process tree.
Appends one table row per endpoint to benchmarks/results/http_search.md (earlier rows stay).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.wrk import run_wrk
from seed.synthetic import AREAS, BRANCHES, Corpus, corpus_named

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-http"
RESULTS = ROOT / "benchmarks" / "results" / "http_search.md"


#: the server runs as deployed (production settings: templates loaded once, secure cookies)
SECRET_KEY = secrets.token_urlsafe(48)


def _env(name: str) -> dict:
    return {
        **os.environ,
        "CATALOGUE_ENV": "production",
        "CATALOGUE_SECRET_KEY": SECRET_KEY,
        "CATALOGUE_DATA_DIR": str(WORK / f"data-{name}"),
        "CATALOGUE_BASE_URL": "http://127.0.0.1",
        "CATALOGUE_SEARCH_ENGINE": "embedded",
        "CATALOGUE_OUTBOX_WORKER": "false",
    }


def _cli(name: str, *args: str) -> None:
    with (WORK / "cli.log").open("ab") as log:
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "catalogue"), *args],
            check=True,
            env=_env(name),
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )


def prepare(name: str, *, corpus: Corpus, docs: int) -> None:
    """The database and index of `name` (corpus and size), built once and then reused."""
    marker = WORK / f"ready-{name}"
    WORK.mkdir(parents=True, exist_ok=True)
    _cli(name, "db", "upgrade")  # a cached database from an older version is migrated
    if marker.exists():
        return
    lines = WORK / f"corpus-{name}.jsonl"
    corpus.write_jsonl(lines, count=docs)
    started = time.perf_counter()
    _cli(name, "import", str(lines))
    imported = time.perf_counter()
    _cli(name, "reindex")
    print(f"import {imported - started:.0f} s, reindex {time.perf_counter() - imported:.0f} s")
    marker.touch()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queries(rng: random.Random, n: int, *, words: list[str]) -> list[str]:
    """Typical visitor searches: words (some with a typo), a category level, a facet, sort."""
    out = []
    for _ in range(n):
        word = rng.choice(words)
        if len(word) > 5 and rng.random() < 0.3:
            word = word[:2] + word[3:]  # a typo: one letter dropped
        parts = [("q", f"{word} {rng.choice(words)}")]
        if rng.random() < 0.6:
            parts.append(
                ("category", rng.choice([rng.choice(BRANCHES), f"{rng.choice(BRANCHES)} > {rng.choice(AREAS)}"]))
            )
        if rng.random() < 0.3:
            parts.append(("status", "winner"))
        if rng.random() < 0.2:
            parts.append(("sort", "newest"))
        out.append(urlencode(parts))
    return out


def _cpu_seconds(root_pid: int) -> float:
    """User + system CPU of a process and all its descendants (uvicorn workers), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it exited meanwhile
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0.0) for pid in tree)


async def drive(base: str, paths: list[str], *, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(paths[i % len(paths)])
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200
                i += clients

        began = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
    }


HEADER = """# HTTP search benchmark

`.venv/bin/python benchmarks/http_search.py --docs N --corpus K --seconds S --clients C --workers W
--driver D`: `catalogue run` (W uvicorn workers, uvloop, production settings) over N published
case studies of corpus K (synthetic: seed/synthetic.py; realtext: seed/realtext.py) on the
embedded engine (SQLite), driven over loopback by C concurrent connections of D (`wrk`, or an
asyncio httpx pool) on the same 2-core machine (client and server share the cores). Queries:
two words (30% with a typo), 60% with a category level, 30% with an outcome filter, 20% sorted
newest; 20 hits with snippets, every facet. Server CPU is user + system time of the server's
process tree per request.

## Runs by corpus

Each run appends its rows here (newest last).

| when | corpus | docs | workers | driver | clients | seconds | endpoint | requests | errors | requests/s | p50 ms | p95 ms | server CPU ms/req |
| --- | --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
"""  # noqa: E501 - a Markdown table row cannot wrap
TABLE_START = "| when | corpus |"


def append_rows(args: argparse.Namespace, rows: list[tuple[str, dict]]) -> None:
    """Add this run's rows to the runs table; earlier tables, rows and notes stay."""
    from datetime import UTC, datetime

    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if TABLE_START not in text:
        text = HEADER + ("\n" + text.removeprefix("# HTTP search benchmark\n") if text else "")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    new = "".join(
        f"| {when} | {args.corpus} | {args.docs:,} | {args.workers} | {args.driver} | {args.clients} "
        f"| {args.seconds:g} | {label} | {r['requests']:,} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.1f} "
        f"| {r['p95']:.1f} | {r['server_cpu_ms']:.2f} |\n"
        for label, r in rows
    )
    head, table_start, rest = text.partition(TABLE_START)
    table, blank, tail = rest.partition("\n\n")
    text = head + table_start + table + "\n" + new.rstrip("\n") + blank + tail
    RESULTS.write_text(text, encoding="utf-8")


def _wait_healthy(base: str) -> None:
    for _ in range(300):
        try:
            health = httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        sys.exit("the server did not start; see var/bench-http/cli.log")
    if health.status_code != 200:
        sys.exit(
            f"the server is not healthy: {health.text}\n"
            f"(an index built by an older version? delete {WORK} to rebuild the cache)"
        )


def _static_css(base: str) -> str:
    """The stylesheet's URL as the home page links it (content-hashed where assets are)."""
    html = httpx.get(base + "/", timeout=10).text
    match = re.search(r'href="(/(?:static|assets)/[^"]*site[^"]*\.css)"', html)
    return match.group(1) if match else "/static/css/site.css"


def measure(args: argparse.Namespace, base: str, server_pid: int, qs: list[str]) -> list[tuple[str, dict]]:
    endpoints = [
        ("HTML search page /case-studies", [f"/case-studies?{q}" for q in qs]),
        ("JSON API /api/case-studies", [f"/api/case-studies?{q}" for q in qs]),
        ("/healthz", ["/healthz"]),
        ("static stylesheet", [_static_css(base)]),
    ]
    rows = []
    for label, paths in endpoints:
        server_cpu = _cpu_seconds(server_pid)
        if args.driver == "wrk":
            result = run_wrk(
                base, method="GET", path="", lines=paths, headers={}, clients=args.clients, seconds=args.seconds
            )
        else:
            result = asyncio.run(drive(base, paths, clients=args.clients, seconds=args.seconds))
        result["server_cpu_ms"] = (_cpu_seconds(server_pid) - server_cpu) / max(1, result["requests"]) * 1000
        rows.append((label, result))
        print(label, json.dumps({k: round(v, 2) for k, v in result.items()}))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--corpus", choices=("synthetic", "realtext"), default="synthetic")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--driver", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx")
    args = parser.parse_args()
    corpus = corpus_named(args.corpus)
    name = f"{args.corpus}-{args.docs}"
    prepare(name, corpus=corpus, docs=args.docs)
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "catalogue"), "run", "--port", str(port), "--workers", str(args.workers)],
        env=_env(name),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base)
        qs = queries(random.Random(7), 500, words=corpus.query_words())
        asyncio.run(drive(base, [f"/case-studies?{q}" for q in qs], clients=args.clients, seconds=2))  # warm-up
        rows = measure(args, base, server.pid, qs)
    finally:
        server.terminate()
        server.wait(timeout=10)
    append_rows(args, rows)
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
