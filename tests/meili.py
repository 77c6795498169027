"""A real Meilisearch for tests: `MEILISEARCH_URL` (with `MEILISEARCH_API_KEY`), or a
`meilisearch` binary on PATH started on a free port with a temporary data dir and a master
key. Otherwise a test that needs one skips with a reason naming what is missing (and fails
instead under CI=true when a binary is there: see tests/conftest.py)."""

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
from typing import Any

import pytest
import requests

MASTER_KEY = "contract-suite-master-key-0123456789"


def free_port() -> int:
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
                [
                    self.binary,
                    "--db-path",
                    str(self.data_dir / "data.ms"),
                    "--dump-dir",
                    str(self.data_dir / "dumps"),
                    "--snapshot-dir",
                    str(self.data_dir / "snapshots"),
                    "--http-addr",
                    f"127.0.0.1:{port}",
                    "--master-key",
                    self.master_key,
                    "--no-analytics",
                    "--env",
                    "development",
                    "--max-indexing-threads",
                    "1",
                    "--log-level",
                    "WARN",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"meilisearch exited with {self.process.returncode}; see {log.name}")
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


def start_meili_server(tmp_path_factory) -> Iterator[MeiliServer]:
    """The body of the session fixture `meili_server` (tests/conftest.py)."""
    url = os.environ.get("MEILISEARCH_URL", "").rstrip("/")
    if url:
        yield MeiliServer(url=url, master_key=os.environ.get("MEILISEARCH_API_KEY", ""))
        return
    binary = shutil.which("meilisearch")
    if binary is None:
        pytest.skip("Meilisearch not reachable: MEILISEARCH_URL is not set and no `meilisearch` binary is on PATH")
    data_dir = tmp_path_factory.mktemp("meili") / "data"
    data_dir.mkdir()
    server = MeiliServer(url=f"http://127.0.0.1:{free_port()}", master_key=MASTER_KEY, binary=binary, data_dir=data_dir)
    server.start()
    yield server
    server.stop()


def make_meili_engine(server: MeiliServer, **keys):
    """An engine on its own index names (a shared server stays clean). By default it is
    given the master key and provisions its own scoped keys; `keys` (api_key, search_key)
    overrides that. The cleanup drops its indexes and the keys it made."""
    from search.engines.meili import MeiliEngine

    prefix = f"t{uuid.uuid4().hex[:10]}_"
    engine = MeiliEngine(url=server.url, **({"api_key": server.master_key} | keys), index_prefix=prefix)
    return engine, lambda: drop_meili_prefix(server, prefix)


def drop_meili_prefix(server: MeiliServer, prefix: str) -> None:
    """Delete the indexes named with `prefix` and the keys provisioned for it."""
    import meilisearch

    from search.engines.meili_keys import key_specs, key_uid

    admin = meilisearch.Client(server.url, server.master_key or None, timeout=5)
    indexes: dict[str, Any] = admin.get_raw_indexes({"limit": 1000})  # type: ignore[assignment]  # typed as a list, is the page
    for raw in indexes["results"]:
        if raw["uid"].startswith(prefix):
            admin.wait_for_task(admin.delete_index(raw["uid"]).task_uid, timeout_in_ms=30_000)
    for spec in key_specs(index_prefix=prefix):
        try:
            admin.delete_key(key_uid(index_prefix=prefix, role=spec.role))
        except meilisearch.errors.MeilisearchApiError as exc:
            if exc.code != "api_key_not_found":
                raise
