"""End-to-end benchmark of entering an award through the HTML form, over HTTP.

    .venv/bin/python benchmarks/submissions.py [--total 1000] [--clients 16] [--serial 100]

Sets up a fresh data directory under var/bench-submissions/ (`catalogue db upgrade`,
`catalogue seed`: the seed's 2027 cycle is open), starts `catalogue run` (1 uvicorn worker,
uvloop, the in-app outbox worker indexing into the embedded engine) on a free loopback port,
with CATALOGUE_SUBMISSION_RATE_LIMIT raised (every client shares 127.0.0.1), and drives it
like a browser: GET the form (CSRF cookie, token, idempotency key), then POST it as
multipart/form-data with a 40 KB PDF attachment and two category paths.

1. `--serial` submissions from one client: latency of the POST alone, uncontended.
2. `--total` submissions from `--clients` concurrent clients: throughput, POST latency,
   status codes; afterwards the entries, attachments and outbox rows are counted in the
   database, and every entry a client was told about (201) must be there exactly once.

Writes benchmarks/results/submissions.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from html import unescape
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-submissions"
RESULTS = ROOT / "benchmarks" / "results" / "submissions.md"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 40_000 + b"\n%%EOF\n"
CATEGORIES = ["Acute > Together we can", "Mental Health > Digital technology"]


def _env() -> dict:
    return {
        **os.environ,
        "CATALOGUE_ENV": "development",
        "CATALOGUE_DATA_DIR": str(WORK / "data"),
        "CATALOGUE_DATABASE_URL": "",
        "CATALOGUE_SEARCH_ENGINE": "embedded",
        "CATALOGUE_SUBMISSION_RATE_LIMIT": "1000000/minute",
        "CATALOGUE_SMTP_URL": "",
    }


def _cli(*args: str) -> None:
    with (WORK / "cli.log").open("ab") as log:
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "catalogue"), *args], check=True, env=_env(), cwd=ROOT, stdout=log, stderr=log
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if match is None:
        raise RuntimeError(f"the form has no {name} field")
    return unescape(match.group(1))


async def submit_once(client: httpx.AsyncClient, award_path: str, n: int) -> tuple[int, float, str]:
    """One entry as a browser makes it; returns (status, POST seconds, title)."""
    form = await client.get(award_path)
    form.raise_for_status()
    title = f"Benchmark entry {n}"
    fields = {
        "_csrf_token": _hidden(form.text, "_csrf_token"),
        "submission_key": _hidden(form.text, "submission_key"),
        "action": "submit",
        "contact_name": "Bench Mark",
        "contact_email": f"bench-{n}@example.org",
        "organisation": f"Organisation {n % 97}",
        "organisation_type": "NHS trust",
        "region": "London",
        "title": title,
        "summary": "A summary of the work, long enough to be realistic. " * 4,
        "body": "## What we did\n\n" + "We ran a peer network online for people with MS. " * 40,
        "website": "https://example.org",
        "links": "https://example.org/a\nhttps://example.org/b",
        "social_handles": "@bench",
        "categories": CATEGORIES,
        "consent_to_publish": "yes",
    }
    started = time.perf_counter()
    response = await client.post(
        award_path, data=fields, files=[("attachments", (f"evidence-{n}.pdf", PDF, "application/pdf"))]
    )
    return response.status_code, time.perf_counter() - started, title


async def run_clients(base: str, award_path: str, *, total: int, clients: int, start: int) -> dict:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(start, start + total):
        queue.put_nowait(n)
    statuses: Counter = Counter()
    latencies: list[float] = []
    created: list[str] = []
    errors: list[str] = []

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            while True:
                try:
                    n = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    status, seconds, title = await submit_once(client, award_path, n)
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                statuses[status] += 1
                latencies.append(seconds)
                if status == 201:
                    created.append(title)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return {
        "seconds": time.perf_counter() - started,
        "statuses": statuses,
        "latencies": latencies,
        "created": created,
        "errors": errors,
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _count(db: Path) -> tuple[dict[str, int], list[str]]:
    with sqlite3.connect(db) as conn:

        def one(sql: str) -> int:
            return conn.execute(sql).fetchone()[0]

        return {
            "entries": one("SELECT count(*) FROM nomination WHERE contact_email LIKE 'bench-%'"),
            "distinct_titles": one("SELECT count(DISTINCT title) FROM nomination WHERE contact_email LIKE 'bench-%'"),
            "attachments": one("SELECT count(*) FROM attachment"),
            "category_links": one(
                "SELECT count(*) FROM nomination_category nc JOIN nomination n "
                "ON n.id = nc.nomination_id WHERE n.contact_email LIKE 'bench-%'"
            ),
            "outbox_pending": one("SELECT count(*) FROM search_outbox"),
        }, [r[0] for r in conn.execute("SELECT title FROM nomination WHERE contact_email LIKE 'bench-%'")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--total", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--serial", type=int, default=100)
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    _cli("db", "upgrade")
    _cli("seed")
    port = _free_port()
    log = (WORK / "server.log").open("wb")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "catalogue"), "run", "--port", str(port)],
        env=_env(),
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/nominate", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the server did not start; see var/bench-submissions/server.log")
            time.sleep(0.2)
        found = re.search(r'href="(/nominate/\d+)"', httpx.get(base + "/nominate").text)
        if found is None:
            sys.exit("no open award on /nominate")
        award_path = found.group(1)

        serial = asyncio.run(run_clients(base, award_path, total=args.serial, clients=1, start=0))
        concurrent = asyncio.run(
            run_clients(base, award_path, total=args.total, clients=args.clients, start=args.serial)
        )
        time.sleep(3)  # let the in-app outbox worker drain
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    counts, titles = _count(WORK / "data" / "catalogue.db")
    expected = serial["created"] + concurrent["created"]
    title_counts = Counter(titles)
    lost = sorted(set(expected) - set(title_counts))
    doubled = sorted(t for t, c in title_counts.items() if c > 1)
    server_errors = sum(c for s, c in concurrent["statuses"].items() if s >= 500) + sum(
        c for s, c in serial["statuses"].items() if s >= 500
    )

    lines = [
        "# Form submission, end to end over HTTP",
        "",
        f"`.venv/bin/python benchmarks/submissions.py --total {args.total} --clients {args.clients} "
        f"--serial {args.serial}`: `catalogue run` (1 uvicorn worker, uvloop), SQLite, embedded "
        "search with the in-app outbox worker, on this 2-core machine shared with other work. "
        "Each submission is a GET of the form (CSRF cookie, token, idempotency key) and a "
        "multipart POST with a 40 KB PDF and two category paths; latency is the POST alone.",
        "",
        "| run | submissions | 201 | other statuses | transport errors | wall s | per s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result, n in (("1 client", serial, args.serial), (f"{args.clients} clients", concurrent, args.total)):
        other = ", ".join(f"{s}: {c}" for s, c in sorted(result["statuses"].items()) if s != 201) or "none"
        lat = result["latencies"]
        lines.append(
            f"| {name} | {n} | {result['statuses'][201]} | {other} | {len(result['errors'])} | "
            f"{result['seconds']:.1f} | {n / result['seconds']:.1f} | {statistics.median(lat) * 1000:.1f} | "
            f"{_pct(lat, 0.95):.1f} | {_pct(lat, 0.99):.1f} |"
        )
    lines += [
        "",
        "Counted in the database afterwards:",
        "",
        f"- entries: {counts['entries']} (expected {len(expected)}: every 201 a client received), "
        f"distinct titles {counts['distinct_titles']}",
        f"- lost (a 201 with no row): {len(lost)}; stored twice: {len(doubled)}; 5xx responses: {server_errors}",
        f"- attachments: {counts['attachments']}; category links: {counts['category_links']}; "
        f"outbox rows still pending after 3 s: {counts['outbox_pending']}",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))
    if lost or doubled or server_errors or counts["entries"] != len(expected):
        sys.exit("FAILED: entries were lost, doubled or refused with 5xx")


if __name__ == "__main__":
    main()
