"""A throwaway Meilisearch for benchmarks: the binary on PATH (or `MEILISEARCH_BINARY`),
production mode with a random master key, a temporary data dir, a free loopback port."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class MeiliServer:
    url: str
    master_key: str
    pid: int

    def env(self) -> dict[str, str]:
        """What `catalogue` reads to use this server."""
        return {
            "CATALOGUE_SEARCH_ENGINE": "meilisearch",
            "MEILISEARCH_URL": self.url,
            "MEILISEARCH_API_KEY": self.master_key,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def meilisearch(data_dir: Path | None = None) -> Iterator[MeiliServer]:
    """Start a Meilisearch, yield it once healthy, stop it on exit. `data_dir` keeps its data
    (a benchmark may reuse an index); by default a temporary folder is removed afterwards."""
    binary = os.environ.get("MEILISEARCH_BINARY") or shutil.which("meilisearch")
    if binary is None:
        raise SystemExit("no meilisearch binary: put it on PATH or set MEILISEARCH_BINARY")
    with tempfile.TemporaryDirectory(prefix="bench-meili-") as tmp:
        root = data_dir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        key_file = root / "master-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(32))
        key = key_file.read_text().strip()
        url = f"http://127.0.0.1:{_free_port()}"
        with (root / "meilisearch.log").open("ab") as log:
            process = subprocess.Popen(
                [
                    binary,
                    "--db-path",
                    str(root / "data.ms"),
                    "--dump-dir",
                    str(root / "dumps"),
                    "--snapshot-dir",
                    str(root / "snapshots"),
                    "--http-addr",
                    url.removeprefix("http://"),
                    "--master-key",
                    key,
                    "--env",
                    "production",
                    "--no-analytics",
                    "--log-level",
                    "WARN",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"meilisearch exited with {process.returncode}; see {root / 'meilisearch.log'}")
                try:
                    if httpx.get(url + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("meilisearch did not become healthy within 120 s")
                time.sleep(0.1)
            yield MeiliServer(url=url, master_key=key, pid=process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)
