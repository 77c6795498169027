"""Sign in, sign out, change password.

Handlers are `sync_to_thread`: Argon2 hashing and the database run in a worker thread.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from anyio import to_thread
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
from catalogue.accounts.ratelimit import DEFAULT_POLICY, STORE_NAME, LoginThrottle
from catalogue.accounts.schemas import LoginForm, PasswordChangeForm
from catalogue.context import DbSession
from catalogue.db import row_id
from catalogue.flash import flash, pop_flashes
from catalogue.network import client_address
from catalogue.stores import counters_of

BAD_CREDENTIALS = "The email address or password is not correct."


def login_throttle(request: Request[Any, Any, Any]) -> LoginThrottle:
    """Throttling on the app's shared store (see ratelimit.py)."""
    return LoginThrottle(
        counters=counters_of(request.app),
        store=request.app.stores.get(STORE_NAME),
        policy=request.app.state.get("login_policy", DEFAULT_POLICY),
    )


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


@post("/login", name="login_submit", status_code=303)
async def login_submit(
    request: Request[Any, Any, Any], db_session: DbSession, data: URLEncodedBody[LoginForm]
) -> Template | Redirect:
    """Throttled on the shared store; a store that is down is a 503 (never an unthrottled try).
    Argon2 and the database run in a worker thread."""
    throttle = login_throttle(request)
    address = client_address(request)
    form = LoginForm(email=data.email.strip()[:254], password="", next=safe_next(data.next, ""))
    verdict = await throttle.check(address=address, email=data.email)
    if not verdict.allowed:
        return _login_page(
            form=form, error=verdict.message, status_code=429, headers={"retry-after": str(verdict.retry_after)}
        )
    user = await to_thread.run_sync(
        partial(domain.authenticate, db_session, email=data.email, password=data.password[: domain.MAX_PASSWORD_LENGTH])
    )
    if user is None:
        await throttle.record_failure(address=address, email=data.email)
        return _login_page(form=form, error=BAD_CREDENTIALS, status_code=400)
    await throttle.record_success(address=address, email=data.email)
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
