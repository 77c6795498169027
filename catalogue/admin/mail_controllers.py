"""/admin/mail: the mail outbox, for an administrator to see what has not gone out and why.
Bodies are never shown: a confirmation holds the nominee's private edit link."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.di import Provide
from litestar.response import Template

from catalogue.accounts.guards import EXCEPTION_HANDLERS, CurrentUser, provide_current_user, require_admin
from catalogue.context import DbSession, SettingsDep
from catalogue.flash import pop_flashes
from catalogue.mail import smtp_configured
from catalogue.outbox.mail import pending_mail


@get("/", name="admin_mail", sync_to_thread=True)
def mail_page(
    request: Request[Any, Any, Any], db_session: DbSession, settings: SettingsDep, user: CurrentUser
) -> Template:
    return Template(
        template_name="admin/mail.html",
        context={
            "nav": "admin",
            "user": user,
            "messages": pop_flashes(request),
            "pending": pending_mail(db_session),
            "smtp_configured": smtp_configured(settings),
        },
    )


mail_router = Router(
    path="/admin/mail",
    route_handlers=[mail_page],
    guards=[require_admin],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)
