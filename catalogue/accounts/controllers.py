"""Sign in, sign out, change password.

Handlers are `sync_to_thread`: Argon2 hashing and the database run in a worker thread.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from catalogue.accounts import domain
from catalogue.accounts.guards import (
    EXCEPTION_HANDLERS,
    CurrentUser,
    load_user,
    provide_current_user,
    require_login,
    safe_next,
    sign_in,
)
from catalogue.accounts.models import User
from catalogue.accounts.queries import home_for
from catalogue.accounts.ratelimit import LoginRateLimiter
from catalogue.accounts.schemas import LoginForm, PasswordChangeForm
from catalogue.context import DbSession
from catalogue.db import row_id
from catalogue.flash import flash, pop_flashes

_limiter_lock = threading.Lock()
BAD_CREDENTIALS = "The email address or password is not correct."


def login_limiter(request: Request[Any, Any, Any]) -> LoginRateLimiter:
    """The app's one login limiter (see ratelimit.py for what the store is and is not)."""
    state = request.app.state
    with _limiter_lock:
        if "login_limiter" not in state:
            state["login_limiter"] = LoginRateLimiter()
        limiter: LoginRateLimiter = state["login_limiter"]
        return limiter


def _login_page(
    *,
    form: LoginForm,
    error: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    messages: list[dict[str, str]] | None = None,
) -> Template:
    return Template(
        template_name="accounts/login.html",
        context={"form": form, "error": error, "messages": messages or []},
        status_code=status_code,
        headers=headers or {},
    )


@get("/login", name="login")
async def login_page(
    request: Request[Any, Any, Any], next_: Annotated[str, QueryParameter(name="next", max_length=2000)] = ""
) -> Template | Redirect:
    user = await load_user(request)
    if user is not None:
        return Redirect(safe_next(next_, home_for(user)), status_code=303)
    return _login_page(form=LoginForm(next=safe_next(next_, "")), messages=pop_flashes(request))


@post("/login", name="login_submit", sync_to_thread=True, status_code=303)
def login_submit(
    request: Request[Any, Any, Any], db_session: DbSession, data: URLEncodedBody[LoginForm]
) -> Template | Redirect:
    limiter = login_limiter(request)
    address = request.client.host if request.client else "unknown"
    form = LoginForm(email=data.email.strip()[:254], password="", next=safe_next(data.next, ""))
    verdict = limiter.check(address=address, email=data.email)
    if not verdict.allowed:
        return _login_page(
            form=form, error=verdict.message, status_code=429, headers={"retry-after": str(verdict.retry_after)}
        )
    user = domain.authenticate(db_session, email=data.email, password=data.password[: domain.MAX_PASSWORD_LENGTH])
    if user is None:
        limiter.record_failure(address=address, email=data.email)
        return _login_page(form=form, error=BAD_CREDENTIALS, status_code=400)
    limiter.record_success(address=address, email=data.email)
    csrf_cookie = sign_in(request, user=user)
    return Redirect(safe_next(data.next, home_for(user)), status_code=303, cookies=[csrf_cookie])


@post("/logout", name="logout", status_code=303)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    """Deletes this session from the shared store: its cookie is refused from now on."""
    request.clear_session()
    return Redirect("/", status_code=303)


def _password_page(
    *,
    user: User,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    messages: list[dict[str, str]] | None = None,
) -> Template:
    return Template(
        template_name="accounts/password.html",
        context={"user": user, "errors": errors or {}, "messages": messages or []},
        status_code=status_code,
    )


@get(
    "/account/password",
    name="password_form",
    guards=[require_login],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)
async def password_form(request: Request[Any, Any, Any], user: CurrentUser) -> Template:
    return _password_page(user=user, messages=pop_flashes(request))


@post(
    "/account/password",
    name="password_change",
    guards=[require_login],
    sync_to_thread=True,
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
    status_code=303,
)
def password_change(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: URLEncodedBody[PasswordChangeForm]
) -> Template | Redirect:
    try:
        domain.change_password(
            db_session,
            user=db_session.merge(user),
            current_password=data.current_password,
            new_password=data.new_password,
            confirm_password=data.confirm_password,
        )
    except domain.AccountError as exc:
        return _password_page(user=user, errors={exc.field: str(exc)}, status_code=400)
    changed = db_session.get_one(User, row_id(user))
    csrf_cookie = sign_in(request, user=changed)  # this session goes on, under a new id
    flash(request, "Your password has been changed. Other sessions have been signed out.")
    return Redirect("/account/password", status_code=303, cookies=[csrf_cookie])


ROUTES = [login_page, login_submit, logout, password_form, password_change]
