"""Two `catalogue run` processes (replicas, not workers of one) over one PostgreSQL, one real
Meilisearch and one real Redis, with a real SMTP server that the tests stop and start.

This is the deployment the design promises beyond one machine. It needs PostgreSQL
(CATALOGUE_TEST_DATABASE_URL): SQLite is a single-machine database, so without it these
tests skip and say so. They start once per module, since starting the stack costs seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from catalogue.db import make_engine
from tests.conftest import POSTGRES_URL, TEST_SECRET, _normalise
from tests.meili import MeiliServer, drop_meili_prefix, free_port

ROOT = Path(__file__).resolve().parents[3]
ADMIN_EMAIL = "organiser@example.org"
ADMIN_PASSWORD = "replica-admin-password-42"


class Mailbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802, ARG002 - aiosmtpd hook
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@dataclass
class SmtpServer:
    """A real SMTP server on a fixed port that can be taken down and brought back."""

    port: int
    mailbox: Mailbox = field(default_factory=Mailbox)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class Stack:
    database_url: str
    replicas: list[str]
    processes: list[subprocess.Popen]
    logs: list[Path]
    meili: MeiliServer
    index_prefix: str
    smtp: SmtpServer

    def log_text(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}" for log in self.logs)


def _cli(args: list[str], env: dict[str, str], *, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "catalogue.cli", *args], cwd=ROOT, env=env, input=stdin, text=True, check=True
    )


def _wait_healthy(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} did not become healthy within 90 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory) -> Iterator[Stack]:
    if not POSTGRES_URL:
        pytest.skip("several replicas share one PostgreSQL: set CATALOGUE_TEST_DATABASE_URL to run these")
    meili: MeiliServer = request.getfixturevalue("meili_server")
    redis_url: str = request.getfixturevalue("redis_server")
    tmp = tmp_path_factory.mktemp("replicas")

    base_url = _normalise(POSTGRES_URL)
    admin = make_engine(base_url)
    name = f"r_{uuid.uuid4().hex[:12]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = base_url.rsplit("/", 1)[0] + "/" + name
    prefix = f"r{uuid.uuid4().hex[:10]}_"
    smtp = SmtpServer(port=free_port())
    smtp.start()
    common = {
        **os.environ,
        "CATALOGUE_ENV": "development",
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_SECRET_KEY": TEST_SECRET,
        "CATALOGUE_SEARCH_ENGINE": "meilisearch",
        "MEILISEARCH_URL": meili.url,
        "MEILISEARCH_API_KEY": meili.master_key,
        "MEILISEARCH_INDEX_PREFIX": prefix,
        "CATALOGUE_STORE_URL": redis_url,
        "CATALOGUE_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
        "CATALOGUE_SUBMISSION_RATE_LIMIT": "100000/minute",
        "CATALOGUE_OUTBOX_WORKER": "true",
        "CATALOGUE_DATA_DIR": str(tmp / "setup"),
    }
    _cli(["db", "upgrade"], common)
    _cli(["seed"], common)
    _cli(["users", "create", ADMIN_EMAIL, "--role", "admin", "--password-stdin"], common, stdin=ADMIN_PASSWORD + "\n")

    replicas, processes, logs = [], [], []
    for number in (1, 2):
        port = free_port()
        log = tmp / f"replica{number}.log"
        env = {
            **common,
            "CATALOGUE_DATA_DIR": str(tmp / f"replica{number}"),
            "CATALOGUE_BASE_URL": f"http://127.0.0.1:{port}",
        }
        with log.open("wb") as output:  # the child keeps its own copy
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "catalogue.cli", "run", "--port", str(port)],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
        replicas.append(f"http://127.0.0.1:{port}")
        logs.append(log)
    try:
        for base, process, log in zip(replicas, processes, logs, strict=True):
            _wait_healthy(base, process, log)
        yield Stack(
            database_url=database_url,
            replicas=replicas,
            processes=processes,
            logs=logs,
            meili=meili,
            index_prefix=prefix,
            smtp=smtp,
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        drop_meili_prefix(meili, prefix)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
