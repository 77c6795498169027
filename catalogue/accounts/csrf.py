"""CSRF tokens tied to the session.

Litestar's CSRFMiddleware checks that the submitted token equals the `csrftoken` cookie; on
its own that accepts a cookie an attacker planted (a sibling subdomain, a plain-http response)
together with the victim's session. So signing in issues a fresh token and keeps its digest in
the server-side session, and `SessionCSRFMiddleware` refuses an unsafe request of a signed-in
session whose cookie is not that token. Anonymous forms (the public nomination form) keep
Litestar's check alone: there is no session to ride.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.middleware.csrf import generate_csrf_token
from litestar.types import ASGIApp, Receive, Scope, Send

from catalogue.accounts.sessions import SESSION_CSRF, SESSION_USER_ID

REFUSED = "This form does not belong to your current session. Reload the page and send it again."


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _config(connection: ASGIConnection[Any, Any, Any, Any]) -> CSRFConfig:
    config = connection.app.csrf_config
    if config is None:  # pragma: no cover - the app always configures CSRF
        raise RuntimeError("CSRF protection is not configured")
    return config


def new_token_cookie(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[str, Cookie]:
    """A fresh CSRF token as the cookie CSRFMiddleware would set, and its digest for the session."""
    config = _config(connection)
    token = generate_csrf_token(secret=config.secret)
    cookie = Cookie(
        key=config.cookie_name,
        value=token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
        domain=config.cookie_domain,
    )
    return token_digest(token), cookie


def token_is_bound(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """True unless this is a signed-in session whose csrftoken cookie is not the one it was issued."""
    session = connection.scope.get("session")
    if not isinstance(session, dict) or SESSION_USER_ID not in session:
        return True
    bound = session.get(SESSION_CSRF)
    cookie = connection.cookies.get(_config(connection).cookie_name)
    return isinstance(bound, str) and cookie is not None and hmac.compare_digest(token_digest(cookie), bound)


class SessionCSRFMiddleware(ASGIMiddleware):
    """Runs after the session middleware and before Litestar's CSRF check (see module doc)."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, *, exclude: tuple[str, ...]) -> None:
        self.exclude_path_pattern = exclude

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope, receive=receive, send=send)
        if scope.get("method") not in _config(connection).safe_methods and not token_is_bound(connection):
            raise PermissionDeniedException(REFUSED)
        await next_app(scope, receive, send)
