"""The public search on Meilisearch, over HTTP, against Meilisearch alone: in one run, the
app's search page and JSON API (`catalogue run`, production settings) and the very
multi-search requests the app sends for the same queries, posted straight to Meilisearch.

    PATH=$PATH:/work/shared/bin .venv/bin/python benchmarks/meili_search.py \\
        [--docs 100000] [--seconds 15] [--clients 1 16] [--rounds 1]

Load comes from wrk (C, so the load generator costs little CPU next to the server on the
same cores), one connection per client, closed loop. The corpus is http_search.py's
(seed/synthetic.py, cached under var/bench-http/); the database and a Meilisearch data dir
are built once with `catalogue import` + `catalogue reindex` and reused. The Meilisearch
requests are recorded by running the app's own `search_case_studies` for each query
in-process, so both sides get identical work. Appends rows to benchmarks/results/meili_search.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.http_search import (  # noqa: E402
    SECRET_KEY,
    WORK,
    _cpu_seconds,
    _free_port,
    queries,
)
from benchmarks.meili_server import MeiliServer, meilisearch  # noqa: E402
from benchmarks.wrk import run_wrk  # noqa: E402
from seed.synthetic import Corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "meili_search.md"
#: the headers the app's Meilisearch client sends (uncompressed answers), so the direct side
#: matches. wrk keeps connections open; with gzip that meets a ~40 ms delayed-ACK stall per
#: answer in Meilisearch, so gzip here would make Meilisearch alone look slower than the app.
CLIENT_HEADERS = {"Accept-Encoding": "identity", "Content-Type": "application/json"}


def _env(docs: int, server: MeiliServer) -> dict:
    return {
        **os.environ,
        "CATALOGUE_ENV": "production",
        "CATALOGUE_SECRET_KEY": SECRET_KEY,
        "CATALOGUE_DATA_DIR": str(WORK / f"data-meili-{docs}"),
        "CATALOGUE_OUTBOX_WORKER": "false",
        **server.env(),
    }


def _cli(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "catalogue"), *args],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def prepare(docs: int, server: MeiliServer) -> None:
    env = _env(docs, server)
    _cli(env, "db", "upgrade")
    marker = WORK / f"ready-meili-{docs}"
    if marker.exists():
        return
    corpus = WORK / f"corpus-{docs}.jsonl"
    if not corpus.exists():
        Corpus(seed=7).write_jsonl(corpus, count=docs)
    print(_cli(env, "import", str(corpus)))
    print(_cli(env, "reindex"))
    marker.touch()


def record_meili_requests(docs: int, server: MeiliServer, qs: list[str]) -> list[str]:
    """The multi-search body the app sends for each query string (its own code path)."""
    from catalogue.db import make_engine
    from catalogue.public.controllers import provide_search_params
    from catalogue.public.domain import search_case_studies
    from catalogue.settings import load_settings
    from search.engines import create_engine
    from search.service import SearchService

    settings = load_settings(_env(docs, server))
    from search.engines.meili import MeiliEngine

    engine = create_engine(settings)
    assert isinstance(engine, MeiliEngine)  # noqa: S101 - the benchmark configures Meilisearch
    bodies: list[str] = []
    for client in {id(engine.public): engine.public, id(engine.admin): engine.admin}.values():

        def recording(queries, *_args, _send=client.multi_search, **_options):
            bodies.append(json.dumps({"queries": queries}, separators=(",", ":")))
            return _send(queries)

        client.multi_search = recording  # type: ignore[method-assign]  # records the benchmark's own requests
    db_engine = make_engine(settings.database_url)
    service = SearchService(engine=engine, db_engine=db_engine)
    from sqlmodel import Session

    with Session(db_engine) as session:
        for q in qs:
            params = httpx.QueryParams(q)
            search_case_studies(
                session=session,
                search=service,
                params=provide_search_params(
                    q=params.get("q"),
                    category=params.get_list("category") or None,
                    award=None,
                    cycle=None,
                    status=params.get_list("status") or None,
                    organisation_type=None,
                    region=None,
                    sort=params.get("sort"),
                    page=None,
                ),
            )
    return bodies


HEADER = """# Meilisearch: the app's search against Meilisearch alone

`benchmarks/meili_search.py`: N published case studies (seed/synthetic.py, as http_search.py)
on Meilisearch 1.50 (default settings, same machine); `catalogue run` (1 worker, production
settings, SQLite). Each round, for C wrk connections (closed loop, 1 wrk thread): the HTML
search page, the JSON API, and the app's own multi-search requests for the same 500 queries
posted straight to Meilisearch (recorded from the app's code path), uncompressed on kept-alive
connections: Meilisearch's best case (see notes).
CPU columns: CPU seconds of the app's processes and of Meilisearch during the run, per request.
The machine has 2 cores shared with other jobs: timings are noisy (see notes).

| when | docs | clients | target | requests | errors | req/s | p50 ms | p95 ms | app CPU ms/req | Meili CPU ms/req |
| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
"""


def append_rows(rows: list[str]) -> None:
    """Add rows after the table's last line; the header, earlier rows and notes stay."""
    lines = (RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| when | docs |"))
    end = start
    while end + 1 < len(lines) and lines[end + 1].startswith("|"):
        end += 1
    RESULTS.write_text("\n".join(lines[: end + 1] + rows + lines[end + 1 :]) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    with meilisearch(WORK / f"meili-{args.docs}") as server:
        prepare(args.docs, server)
        qs = queries(random.Random(7), 500, words=Corpus().query_words())
        bodies = record_meili_requests(args.docs, server, qs)
        port = _free_port()
        app = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "catalogue"), "run", "--port", str(port)],
            env=_env(args.docs, server),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            else:
                sys.exit("the app did not become healthy")
            targets = [
                (
                    "HTML search page /case-studies",
                    base,
                    "GET",
                    "",
                    [f"/case-studies?{q}" for q in qs],
                    {"Accept-Encoding": "gzip"},
                ),
                (
                    "JSON API /api/case-studies",
                    base,
                    "GET",
                    "",
                    [f"/api/case-studies?{q}" for q in qs],
                    {"Accept-Encoding": "gzip"},
                ),
                (
                    "Meilisearch /multi-search (the app's requests)",
                    server.url,
                    "POST",
                    "/multi-search",
                    bodies,
                    {**CLIENT_HEADERS, "Authorization": f"Bearer {server.master_key}"},
                ),
            ]
            for _label, url, method, path, lines, headers in targets:  # warm-up
                run_wrk(url, method=method, path=path, lines=lines, headers=headers, clients=4, seconds=2)
            rows = []
            for _ in range(args.rounds):
                for clients in args.clients:
                    for label, url, method, path, lines, headers in targets:
                        app_cpu, meili_cpu = _cpu_seconds(app.pid), _cpu_seconds(server.pid)
                        r = run_wrk(
                            url,
                            method=method,
                            path=path,
                            lines=lines,
                            headers=headers,
                            clients=clients,
                            seconds=args.seconds,
                        )
                        per = 1000 / max(1, r["requests"])
                        app_ms = (_cpu_seconds(app.pid) - app_cpu) * per
                        meili_ms = (_cpu_seconds(server.pid) - meili_cpu) * per
                        row = (
                            f"| {datetime.now(UTC):%Y-%m-%d %H:%M} | {args.docs:,} | {clients} | {label} "
                            f"| {r['requests']:,} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.1f} "
                            f"| {r['p95']:.1f} | {app_ms:.1f} | {meili_ms:.1f} |"
                        )
                        print(row, flush=True)
                        rows.append(row)
        finally:
            app.terminate()
            app.wait(timeout=10)
    append_rows(rows)
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
