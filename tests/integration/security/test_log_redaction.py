"""Edit tokens never reach a log: `catalogue run`'s real access log, and our own records
through the same logging configuration."""

from __future__ import annotations

import logging
import logging.config
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from catalogue.cli import _log_config
from catalogue.logredact import REDACTED

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "Sup3rSecretEditToken_0123456789abcdefXYZ"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_catalogue_run_access_log_redacts_edit_tokens(tmp_path, database_url, db_engine):
    port = _free_port()
    env = {
        **os.environ,
        "CATALOGUE_ENV": "development",
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_DATA_DIR": str(tmp_path / "data"),
        "CATALOGUE_SEARCH_ENGINE": "embedded",
    }
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "catalogue.cli", "run", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text()
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("catalogue run did not answer within 60 s")
        for path in (f"/nominations/edit/{TOKEN}", f"/nominations/edit/{TOKEN}/attachments/1?x=1"):
            assert httpx.get(base + path, timeout=10).status_code == 404
        httpx.get(base + "/healthz", timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log_path.read_text()
    assert f'"GET /nominations/edit/{REDACTED} HTTP/1.1" 404' in text
    assert f'"GET /nominations/edit/{REDACTED}/attachments/1?x=1 HTTP/1.1" 404' in text
    assert "/healthz" in text  # other paths are logged as they are
    assert TOKEN not in text


def test_our_own_records_are_redacted(capsys):
    """Through `catalogue run`'s own logging configuration (loggers restored afterwards)."""
    config = _log_config()
    loggers = [logging.getLogger(name) for name in config["loggers"]]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers]
    logging.config.dictConfig(config)
    try:
        logging.getLogger("catalogue.errors").error("unhandled error on %s %s", "POST", f"/nominations/edit/{TOKEN}")
        message = f"mailed https://awards.example.org/nominations/edit/{TOKEN}"
        logging.getLogger("search.outbox").info(message)
    finally:
        for lg, handlers, level, propagate, disabled in saved:
            lg.handlers[:], lg.level, lg.propagate, lg.disabled = handlers, level, propagate, disabled
    err = capsys.readouterr().err
    assert f"unhandled error on POST /nominations/edit/{REDACTED}" in err
    assert f"mailed https://awards.example.org/nominations/edit/{REDACTED}" in err
    assert TOKEN not in err
