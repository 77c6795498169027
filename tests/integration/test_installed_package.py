"""The wheel, installed into a fresh virtual environment from the lock file, run from an
unrelated directory through the image's entry point: what `docker compose up` starts,
without Docker. On the test database (SQLite, or PostgreSQL in CI's second pass)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def _run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, **kwargs)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A virtual environment holding the locked dependencies and the freshly built wheel."""
    if not (ROOT / "catalogue" / "static" / "vendor" / "htmx" / "htmx.min.js").is_file():
        pytest.fail("catalogue/static/vendor is missing: run `make install` (it vendors the npm files)")
    work = tmp_path_factory.mktemp("installed")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", ROOT)
    (wheel,) = (work / "dist").glob("catalogue-*.whl")
    _run(sys.executable, "-m", "venv", work / "venv")
    pip = work / "venv" / "bin" / "pip"
    _run(pip, "install", "--quiet", "--disable-pip-version-check", "--require-hashes", "-r", ROOT / "requirements.lock")
    _run(pip, "install", "--quiet", "--disable-pip-version-check", "--no-deps", wheel)
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "catalogue/templates/base.html",
        "catalogue/static/vendor/htmx/htmx.min.js",
        "catalogue/migrations/script.py.mako",
        "catalogue/migrations/versions/0001_initial_schema.py",
        "seed/taxonomy.txt",
        "seed/case_studies/shift-ms-twitter-takeover.md",
    } <= set(names)
    return work / "venv"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(venv, database_url, tmp_path) -> dict[str, str]:
    port = _free_port()
    return {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CATALOGUE_ENV": "production",
        "CATALOGUE_SECRET_KEY": "installed-package-secret-0123456789abcdef",
        "CATALOGUE_BASE_URL": f"http://127.0.0.1:{port}",
        "CATALOGUE_DATA_DIR": str(tmp_path / "data"),
        "CATALOGUE_DATABASE_URL": database_url,
        "CATALOGUE_HOST": "127.0.0.1",
        "CATALOGUE_PORT": str(port),
    }


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory with no checkout in sight."""
    directory = tmp_path / "elsewhere"
    directory.mkdir()
    return directory


def _site_packages(venv: Path) -> Path:
    (path,) = (venv / "lib").glob("python3*/site-packages")
    return path


def test_cli_from_an_unrelated_directory_migrates_seeds_twice_and_finds_its_migration_template(
    venv, production_env, elsewhere
):
    catalogue = venv / "bin" / "catalogue"

    upgraded = _run(catalogue, "db", "upgrade", cwd=elsewhere, env=production_env)
    first = _run(catalogue, "seed", cwd=elsewhere, env=production_env)
    second = _run(catalogue, "seed", cwd=elsewhere, env=production_env)
    revision = _run(catalogue, "db", "revision", "installed probe", cwd=elsewhere, env=production_env)

    versions = _site_packages(venv) / "catalogue" / "migrations" / "versions"
    (generated,) = [p for p in versions.glob("*.py") if "installed_probe" in p.name]
    text = generated.read_text()
    generated.unlink()  # keep the shared environment at one head
    assert upgraded.stdout == "database is up to date\n"
    assert first.stdout == "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (3 changed)\n"
    assert second.stdout == "seeded 59 category paths, 5 awards in 2 cycles, 3 case studies (0 changed)\n"
    assert "Generating" in revision.stdout
    assert generated.name == "0008_installed_probe.py"
    assert "Revision ID: 0008" in text and "Revises: 0007" in text and "def upgrade() -> None:" in text
    assert list(elsewhere.iterdir()) == []


def _wait_healthy(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not become healthy:\n{log.read_text()}")


def test_the_entrypoint_serves_every_kind_of_page_then_stops_gracefully_on_sigterm(
    venv, production_env, elsewhere, tmp_path
):
    log = tmp_path / "server.log"
    base = production_env["CATALOGUE_BASE_URL"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(ENTRYPOINT), "--workers", "2"], cwd=elsewhere, env=production_env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(base, server, log)
        # exec: the entry point's shell was replaced by the server, which got its PID
        command_line = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
        answers = {
            path: httpx.get(base + path, timeout=10)
            for path in (
                "/",
                "/case-studies/shift-ms-twitter-takeover",
                "/case-studies?q=twiter",
                "/static/css/site.css",
                "/static/vendor/htmx/htmx.min.js",
                "/schema",
                "/healthz",
            )
        }
        linked = re.search(r'<link rel="stylesheet" href="(/assets/[^"]+)"', answers["/"].text)
        hashed = httpx.get(base + (linked.group(1) if linked else "/assets/none"), timeout=10)
        htmx = _site_packages(venv) / "catalogue" / "static" / "vendor" / "htmx" / "htmx.min.js"
        kept = htmx.read_bytes()
        htmx.unlink()
        try:
            broken = httpx.get(f"{base}/healthz", timeout=10)
        finally:
            htmx.write_bytes(kept)
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=STOP_TIMEOUT)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    output = log.read_text()

    assert [part for part in command_line if part in (b"run", b"--workers")] == [b"run", b"--workers"]
    assert all(Path(part.decode()).name != "sh" for part in command_line[:1])
    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(answers, 200)
    assert "Twitter" in answers["/"].text
    assert "Shift.ms" in answers["/case-studies/shift-ms-twitter-takeover"].text
    search = answers["/case-studies?q=twiter"].text
    assert search.count('class="result-card') == 3
    assert all(
        f'href="/case-studies/{slug}"' in search
        for slug in ("shift-ms-twitter-takeover", "twitter-for-social-care-leaders", "local-trust-is-a-top-tweeter")
    )
    assert answers["/static/css/site.css"].headers["content-type"].startswith("text/css")
    assert answers["/static/vendor/htmx/htmx.min.js"].headers["content-type"].startswith("text/javascript")
    assert (hashed.status_code, hashed.headers["cache-control"]) == (200, "max-age=31536000, public, immutable")
    assert hashed.content == answers["/static/css/site.css"].content
    assert answers["/healthz"].json()["install"] == "ok"
    assert (broken.status_code, broken.json()["status"], broken.json()["install"]) == (
        503,
        "degraded",
        "missing: static/vendor/htmx/htmx.min.js",
    )
    assert code == 0, output
    assert output.count("Application shutdown complete.") == 2, output  # lifespan shutdown, in each worker
    assert "seeded 59 category paths" in output
    assert os.listdir(elsewhere) == []
