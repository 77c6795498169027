"""One-shot messages carried in the (server-side) session across a redirect (Post/Redirect/Get)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

_KEY = "flash"


def _session(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
    current = connection.scope.get("session")
    return dict(current) if isinstance(current, dict) else {}


def flash(connection: ASGIConnection[Any, Any, Any, Any], message: str, *, kind: str = "info") -> None:
    """Queue a message for the next page; `kind` is info or error."""
    session = _session(connection)
    session[_KEY] = [*session.get(_KEY, []), {"kind": kind, "message": message}]
    connection.set_session(session)


def pop_flashes(connection: ASGIConnection[Any, Any, Any, Any]) -> list[dict[str, str]]:
    session = _session(connection)
    messages = session.pop(_KEY, [])
    if messages:
        connection.set_session(session)
    return messages if isinstance(messages, list) else []
