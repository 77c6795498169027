"""A real redis-server for tests: started on a free loopback port in a temporary directory,
nothing persisted (`--save '' --appendonly no`), stopped at the end of the session.

Without /usr/bin/redis-server the tests that need it skip with a printed reason, except
under CI=true, where they fail: CI must exercise the shared store."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RedisProcess:
    """One running redis-server; `stop()` kills it (the store-outage tests) and `start()`
    brings it back on the same port."""

    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


def start_redis(directory: Path) -> RedisProcess:
    if not os.path.exists(REDIS_SERVER):
        reason = f"redis-server not found at {REDIS_SERVER}: install the redis-server package"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, so the shared-store tests must run: {reason}")
        pytest.skip(reason)
    server = RedisProcess(directory=directory, port=_free_port())
    server.start()
    return server


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """The URL of one redis-server shared by the whole test session (use your own keys)."""
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def redis_process(tmp_path) -> Iterator[RedisProcess]:
    """A redis-server of this test's own, which the test may stop (an outage)."""
    server = start_redis(tmp_path)
    try:
        yield server
    finally:
        server.stop()
