"""Server-side sessions: the cookie carries only a random id, the data lives in the app's
"sessions" store (in-process, or Redis shared by every replica), so ending a session is one
delete that every replica sees at once.

Litestar's backend writes every response to the store and sets a cookie even for visitors
with nothing to keep; ours adds four rules:
- nothing to keep and no cookie: no store write, no cookie (public pages stay cacheable);
- an id the store does not know is never adopted: a new one is made (no session fixation);
- signing in, or changing the password, moves the data to a new id and deletes the old one;
- a session deleted while a request of it was in flight (logout in another tab) is not
  written back by that request.
Unchanged sessions are not rewritten: `renew_on_access` extends their lifetime when read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

#: what a signed-in session holds (see guards.sign_in)
SESSION_USER_ID = "uid"
SESSION_VERSION = "ver"
SESSION_CSRF = "csrf"
SESSION_KEY = "key"

#: scope["state"] keys (per request)
_LOADED = "catalogue_session_loaded"
_RENEW = "catalogue_session_renew"
_NEW_ID = "catalogue_session_new_id"


def _state(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
    state: dict[str, Any] = connection.scope.setdefault("state", {})
    return state


def key_fingerprint(secret_key: str) -> str:
    """Held in each session: a new CATALOGUE_SECRET_KEY still signs everyone out, as it did
    when the key signed the session cookie itself."""
    return hashlib.sha256(b"session-key:" + secret_key.encode()).hexdigest()[:16]


def renew_session_id(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Store this request's session under a fresh id and delete the old one (on sign-in)."""
    _state(connection)[_RENEW] = True


class SessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        new_id = _state(connection).get(_NEW_ID)
        return new_id if isinstance(new_id, str) else super().get_session_id(connection)

    def _incoming_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
        value = connection.cookies.get(self.config.key)
        return value if value and value != "null" else None

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        loaded: bytes | None = None
        if session_id := self._incoming_id(connection):
            loaded = await self.get(session_id, store=self.config.get_store_from_app(connection.scope["app"]))
        _state(connection)[_LOADED] = loaded
        return self.deserialize_data(loaded) if loaded is not None else {}

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        state = _state(connection)
        incoming = self._incoming_id(connection)
        loaded = state.get(_LOADED)
        store = self.config.get_store_from_app(connection.scope["app"])
        if scope_session is Empty or not scope_session:
            if incoming is not None:  # signed out, or nothing left to keep: delete, expire the cookie
                await super().store_in_message(Empty, message, connection)
            return
        if loaded is None or state.get(_RENEW):
            if incoming is not None and loaded is not None:
                await self.delete(incoming, store=store)
            state[_NEW_ID] = self.generate_session_id()
        elif self.serialize_data(scope_session, connection.scope) == loaded:
            self._refresh_cookie(message, incoming or "")  # unchanged: the store already renewed it
            return
        elif not await store.exists(incoming or ""):
            await super().store_in_message(Empty, message, connection)  # ended meanwhile: keep it ended
            return
        await super().store_in_message(scope_session, message, connection)

    def _refresh_cookie(self, message: Message, session_id: str) -> None:
        params = dict(extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys()))
        cookie = Cookie(value=session_id, key=self.config.key, **params)
        MutableScopeHeaders.from_message(message).add("Set-Cookie", cookie.to_header(header=""))


@dataclass
class SessionConfig(ServerSideSessionConfig):
    """ServerSideSessionConfig with the rules above."""

    _backend_class = SessionBackend
