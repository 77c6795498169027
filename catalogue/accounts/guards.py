"""Who is signed in, and route guards for signed-in users, judges and administrators.

The session cookie holds only the user id and a stamp of the password hash; every guarded
request reloads the user (in a worker thread), so a deactivated user or a changed password
takes effect at once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from anyio import to_thread
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap
from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.accounts.domain import stamp_matches
from catalogue.accounts.models import Role, User
from catalogue.errors import handle_exception, wants_json

#: Handler parameter type for the signed-in user (see `provide_current_user`).
CurrentUser = NamedDependency[User]

SESSION_USER_ID = "uid"
SESSION_STAMP = "stamp"
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
    if isinstance(user_id, int):
        found = await to_thread.run_sync(_fetch_user, connection.app.state.ctx.db_engine, user_id)
        if found is not None and found.is_active and stamp_matches(found, session.get(SESSION_STAMP)):
            user = found
    state[_STATE_KEY] = user
    return user


async def require_login(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if await load_user(connection) is None:
        raise LoginRequired()


async def require_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = await load_user(connection)
    if user is None:
        raise LoginRequired()
    if user.role != Role.admin:
        raise PermissionDeniedException("This page is for administrators.")


async def require_judge(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = await load_user(connection)
    if user is None:
        raise LoginRequired()
    if user.role != Role.judge:
        raise PermissionDeniedException("This page is for judges. Administrators see results under /admin.")


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
