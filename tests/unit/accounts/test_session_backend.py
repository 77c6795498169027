"""The session backend's rules that no single request shows: a session deleted while a request
of it was in flight is not written back by that request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
from litestar import Litestar, get
from litestar.connection import ASGIConnection

from catalogue.accounts.sessions import SessionConfig

SESSION_ID = "cd" * 32


@get("/")
async def page() -> None:
    return None


def _connection(app: Litestar) -> ASGIConnection[Any, Any, Any, Any]:
    scope: Any = {
        "route_handler": page,
        "type": "http",
        "app": app,
        "litestar_app": app,
        "method": "POST",
        "path": "/",
        "headers": [(b"cookie", f"catalogue_session={SESSION_ID}".encode())],
        "state": {},
    }
    return ASGIConnection(scope)


def _cookies(message: Any) -> list[str]:
    return [v.decode() for k, v in message["headers"] if k == b"set-cookie"]


def test_a_session_ended_during_a_request_is_not_brought_back_by_it():
    async def scenario() -> tuple[bool, list[str], bool, list[str]]:
        config = SessionConfig(key="catalogue_session")
        backend = config._backend_class(config=config)
        app = Litestar([page])
        store = app.stores.get("sessions")
        await store.set(SESSION_ID, b'{"uid":1,"ver":0}')

        # a request loads the session, changes it (a flash), and meanwhile the user signs out
        ended = _connection(app)
        data = await backend.load_from_connection(ended)
        await store.delete(SESSION_ID)
        message: Any = {"type": "http.response.start", "status": 200, "headers": []}
        await backend.store_in_message({**data, "flash": ["saved"]}, message, ended)
        after_ended = await store.exists(SESSION_ID)

        # the same change on a session still there is kept
        await store.set(SESSION_ID, b'{"uid":1,"ver":0}')
        live = _connection(app)
        data = await backend.load_from_connection(live)
        kept: Any = {"type": "http.response.start", "status": 200, "headers": []}
        await backend.store_in_message({**data, "flash": ["saved"]}, kept, live)
        return after_ended, _cookies(message), await store.exists(SESSION_ID), _cookies(kept)

    # a thread of its own: a test before this one in the same worker may leave a loop running here
    with ThreadPoolExecutor(1) as pool:
        after_ended, ended_cookies, after_live, live_cookies = pool.submit(anyio.run, scenario).result()
    assert after_ended is False
    assert [c.split(";")[0] for c in ended_cookies] == ["catalogue_session=null"]
    assert after_live is True
    assert [c.split(";")[0] for c in live_cookies] == [f"catalogue_session={SESSION_ID}"]
