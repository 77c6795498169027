"""Browser fixtures: the real app served by uvicorn on a free loopback port, Debian's chromium
driven by Playwright, and an axe-core check.

Arrange data through the ordinary `session` / `db_engine` fixtures (tests/conftest.py) *before*
asking for `live_server`: the server runs `create_app` over the same test database.
Override the `live_app` fixture in a test module to serve an app built differently.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: a devDependency, read from the checkout the tests run in
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: axe rule tags checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERVER_START_TIMEOUT = 15.0


@dataclass(frozen=True, kw_only=True)
class LiveServer:
    url: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture
def live_app(settings):
    """The app the live server serves (built after the test's data has been arranged)."""
    from catalogue.app import create_app

    return create_app(settings)


@pytest.fixture
def live_socket() -> Iterator[socket.socket]:
    """The live server's socket, bound to 127.0.0.1 and a free port before the app is built,
    so a `live_app` override can know its own address (`live_address(live_socket)`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock
    finally:
        sock.close()


def live_address(sock: socket.socket) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def live_server(live_app, live_socket) -> Iterator[LiveServer]:
    """uvicorn serving `live_app` on `live_socket`, in a background thread."""
    import uvicorn

    sock = live_socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(live_app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"live-server-{port}")
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the live server did not start on port {port}")
        time.sleep(0.02)
    try:
        yield LiveServer(url=live_address(sock))
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole run; skips (with the reason) when missing."""
    if not CHROMIUM.exists():
        print(f"browser tests skipped: {CHROMIUM} is not installed (apt-get install chromium)")  # noqa: T201 - shown with -s
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass(kw_only=True)
class PageProblems:
    """Uncaught script errors and Content-Security-Policy violations seen by a page."""

    messages: list[str]

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.messages.append(f"CSP violation: {message.text}")


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh context: `new_page(java_script_enabled=False)` and other
    context options pass through. Any uncaught script error or CSP violation fails the test."""
    contexts = []
    problems = PageProblems(messages=[])

    def _open(**context_options):
        context_options.setdefault("locale", "en-GB")
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert problems.messages == []


@pytest.fixture
def page(new_page):
    """A JavaScript-enabled page in its own browser context."""
    return new_page()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def run_axe(page) -> list[dict]:
    """Run axe-core (from node_modules) in the page; return its WCAG A/AA violations.

    Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays on."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` at the repository root")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


@pytest.fixture
def axe() -> Callable[[object], None]:
    """`axe(page)` asserts that axe-core finds no WCAG 2.2 A/AA violation on the page."""

    def _check(page) -> None:
        violations = run_axe(page)
        assert violations == [], "axe-core violations:\n" + format_violations(violations)

    return _check
