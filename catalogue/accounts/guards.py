"""Who is signed in, and route guards for signed-in users, judges and administrators.

The server-side session (see sessions.py) holds the user id, the user's `session_version`
and the digest of its CSRF token; every guarded request reloads the user (in a worker
thread), so a deactivated user, a changed password or an administrator's "sign out
everywhere" (both bump the version) takes effect at once on every replica.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from anyio import to_thread
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap
from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.accounts.csrf import new_token_cookie
from catalogue.accounts.models import Role, User
from catalogue.accounts.sessions import (
    SESSION_CSRF,
    SESSION_KEY,
    SESSION_USER_ID,
    SESSION_VERSION,
    key_fingerprint,
    renew_session_id,
)
from catalogue.db import row_id
from catalogue.errors import handle_exception, wants_json

#: Handler parameter type for the signed-in user (see `provide_current_user`).
CurrentUser = NamedDependency[User]

_STATE_KEY = "catalogue_user"


class LoginRequired(NotAuthorizedException):
    detail = "Please sign in to see this page."


def _fetch_user(engine: Engine, user_id: int) -> User | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(User, user_id)


async def load_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    """The signed-in, active user of this request (cached on the request), or None."""
    state = connection.scope.setdefault("state", {})
    if _STATE_KEY in state:
        cached: User | None = state[_STATE_KEY]
        return cached
    user = None
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        session = {}
    user_id = session.get(SESSION_USER_ID)
    ctx = connection.app.state.ctx
    if isinstance(user_id, int):
        found = await to_thread.run_sync(_fetch_user, ctx.db_engine, user_id)
        if (
            found is not None
            and found.is_active
            and session.get(SESSION_VERSION) == found.session_version
            and session.get(SESSION_KEY) == key_fingerprint(ctx.settings.secret_key)
        ):
            user = found
        else:  # ended elsewhere: drop it, so the store entry goes and the cookie expires
            connection.clear_session()
    state[_STATE_KEY] = user
    return user


def cached_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    """The user `load_user` found for this request, without loading: None when it has not
    run (or found nobody). For code that cannot await, such as templates."""
    user: User | None = connection.scope.get("state", {}).get(_STATE_KEY)
    return user


def user_loaded(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether `load_user` has run for this request (it does not where a middleware or the
    router answered first: a missing CSRF token, a path no route serves)."""
    return _STATE_KEY in connection.scope.get("state", {})


def sign_in(connection: ASGIConnection[Any, Any, Any, Any], *, user: User) -> Cookie:
    """Start a session for `user` under a fresh id with a fresh CSRF token bound to it; the
    caller sets the returned CSRF cookie on its response."""
    digest, cookie = new_token_cookie(connection)
    connection.set_session(
        {
            SESSION_USER_ID: row_id(user),
            SESSION_VERSION: user.session_version,
            SESSION_KEY: key_fingerprint(connection.app.state.ctx.settings.secret_key),
            SESSION_CSRF: digest,
        }
    )
    renew_session_id(connection)
    connection.scope.setdefault("state", {}).pop(_STATE_KEY, None)
    return cookie


async def require_login(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if await load_user(connection) is None:
        raise LoginRequired()


async def require_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = await load_user(connection)
    if user is None:
        raise LoginRequired()
    if user.role != Role.admin:
        raise PermissionDeniedException("This page is for administrators.")


async def require_judge_or_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """The judging pages: judges score there; administrators may look on (read-only unless assigned)."""
    user = await load_user(connection)
    if user is None:
        raise LoginRequired()
    if user.role not in (Role.judge, Role.admin):
        raise PermissionDeniedException("This page is for judges and administrators.")


async def provide_current_user(request: Request[Any, Any, Any]) -> User:
    """The user a guard has already loaded (only on guarded routes)."""
    user = await load_user(request)
    if user is None:  # pragma: no cover - guards run first
        raise LoginRequired()
    return user


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after signing in (no `//host` or scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def login_required_handler(request: Request[Any, Any, Any], exc: LoginRequired) -> Response[Any]:
    """Browsers asking for a page are sent to the sign-in form; everything else gets a 401."""
    if request.method == "GET" and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/login?next={quote(target, safe='/')}", status_code=303)
    return handle_exception(request, exc)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {LoginRequired: login_required_handler}
