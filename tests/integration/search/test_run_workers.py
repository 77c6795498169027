"""`catalogue run --workers 2` on the embedded engine: both worker processes answer
searches, exactly one holds the writer lock and drains the outbox, and a change committed
to the database becomes searchable through every worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from search.engines.embedded import WRITER_LOCK
from tests.factories import make_nomination

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path, database_url, db_engine):
    port = _free_port()
    env = {
        **os.environ,
        "CATALOGUE_ENV": "development",
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_DATA_DIR": str(tmp_path / "data"),
        "CATALOGUE_SEARCH_ENGINE": "embedded",
        "CATALOGUE_OUTBOX_WORKER": "true",
    }
    env.pop("CATALOGUE_BASE_URL", None)
    with open(tmp_path / "server.log", "wb") as log:  # the child keeps its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", "catalogue.cli", "run", "--port", str(port), "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        pytest.fail("catalogue run did not answer within 60 s")
    yield base, process, tmp_path / "data" / "index"
    process.terminate()
    process.wait(timeout=30)


def test_two_workers_one_writer_and_changes_searchable_everywhere(server, session):
    base, process, index_root = server
    worker_pids = _descendants(process.pid)

    nomination = make_nomination(session, title="Sclerosis nurse line", published=True)
    session.commit()

    deadline = time.monotonic() + 20
    slugs: list[str] = []
    while time.monotonic() < deadline and slugs != [nomination.slug]:
        slugs = [
            hit["slug"]
            for hit in httpx.get(base + "/api/case-studies", params={"q": "sclerosis"}, timeout=5).json()["hits"]
        ]
        time.sleep(0.1)
    assert slugs == [nomination.slug]
    # every further request, on fresh connections spread over both workers, agrees
    for _ in range(20):
        response = httpx.get(base + "/api/case-studies", params={"q": "sclerosis"}, timeout=5)
        assert [hit["slug"] for hit in response.json()["hits"]] == [nomination.slug]

    # the holder keeps the lock file open; the others open it only for a failed attempt
    holders = set(worker_pids)
    for _ in range(3):
        holders &= {pid for pid in worker_pids if _has_open(pid, index_root / WRITER_LOCK)}
        time.sleep(0.3)
    assert len(holders) == 1
    assert {int((index_root / WRITER_LOCK).read_text())} == holders


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _has_open(pid: int, path: Path) -> bool:
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if Path(os.readlink(fd)) == path:
                return True
        except OSError:
            continue
    return False


def test_links_name_the_address_served_when_development_sets_no_base_url(server):
    """Without CATALOGUE_BASE_URL, `catalogue run --port P` in development links to port P
    (mailed edit links and feeds use the same setting)."""
    base, _process, _index = server

    feed = httpx.get(base + "/case-studies/feed.atom", timeout=5)

    assert feed.status_code == 200
    assert f'href="{base}/case-studies/feed.atom"' in feed.text
