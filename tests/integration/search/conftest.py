"""Engines for the contract suite: the embedded engine always; Meilisearch when one is
reachable (`MEILISEARCH_URL`, or a `meilisearch` binary on PATH started here on a free
port with a temporary data dir and a master key). Otherwise Meilisearch cases skip with
a reason naming what is missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from search.engines.embedded import EmbeddedEngine
from search.service import SearchService

ENGINES = ["embedded", "meilisearch"]
MASTER_KEY = "contract-suite-master-key-0123456789"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MeiliServer:
    """A Meilisearch we can reach; `stop`/`start` only work for one this suite launched."""

    url: str
    master_key: str
    binary: str | None = None
    data_dir: Path | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        assert self.binary and self.data_dir, "only a server started by the suite can be restarted"
        port = self.url.rsplit(":", 1)[1]
        log = self.data_dir.parent / "meilisearch.log"
        with log.open("ab") as output:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [self.binary, "--db-path", str(self.data_dir / "data.ms"), "--dump-dir", str(self.data_dir / "dumps"),
                 "--snapshot-dir", str(self.data_dir / "snapshots"), "--http-addr", f"127.0.0.1:{port}",
                 "--master-key", self.master_key, "--no-analytics", "--env", "development",
                 "--max-indexing-threads", "1", "--log-level", "WARN"],
                stdout=output, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"meilisearch exited with {self.process.returncode}; see {log}")
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("meilisearch did not become healthy within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory) -> Iterator[MeiliServer]:
    url = os.environ.get("MEILISEARCH_URL", "").rstrip("/")
    if url:  # a server run elsewhere (a generator fixture must yield, not return, it)
        yield MeiliServer(url=url, master_key=os.environ.get("MEILISEARCH_API_KEY", ""))
        return
    binary = shutil.which("meilisearch")
    if binary is None:
        pytest.skip("Meilisearch not reachable: MEILISEARCH_URL is not set and no `meilisearch` binary is on PATH")
    data_dir = tmp_path_factory.mktemp("meili") / "data"
    data_dir.mkdir()
    server = MeiliServer(url=f"http://127.0.0.1:{_free_port()}", master_key=MASTER_KEY, binary=binary,
                         data_dir=data_dir)
    server.start()
    yield server
    server.stop()


def make_meili_engine(server: MeiliServer):
    """An engine on its own index names (a shared server stays clean), with a search-only
    key restricted to this engine's public index."""
    import meilisearch

    from search.engines.meili import MeiliEngine

    prefix = f"t{uuid.uuid4().hex[:10]}_"
    admin = meilisearch.Client(server.url, server.master_key or None, timeout=5)
    key = admin.create_key({"actions": ["search"], "indexes": [f"{prefix}case_studies"], "expiresAt": None,
                            "description": "contract suite"})
    engine = MeiliEngine(url=server.url, api_key=server.master_key, search_key=key.key, index_prefix=prefix)
    return engine, lambda: _drop(admin, prefix, key.key)


def _drop(admin, prefix: str, key: str) -> None:
    for raw in admin.get_raw_indexes({"limit": 1000})["results"]:
        if raw["uid"].startswith(prefix):
            admin.wait_for_task(admin.delete_index(raw["uid"]).task_uid, timeout_in_ms=30_000)
    admin.delete_key(key)


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def search_engine(engine_name, tmp_path, request):
    if engine_name == "embedded":
        engine = EmbeddedEngine(root=tmp_path / "index")
        engine.ensure_indexes()
        yield engine
        engine.close()
        return
    server = request.getfixturevalue("meili_server")
    engine, cleanup = make_meili_engine(server)
    engine.ensure_indexes()
    yield engine
    cleanup()


@pytest.fixture
def search_service(search_engine, db_engine) -> SearchService:
    return SearchService(engine=search_engine, db_engine=db_engine)
