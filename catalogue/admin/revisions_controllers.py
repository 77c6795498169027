"""/admin/revisions: entrants' edits to published case studies, waiting for review.
Each shows the approved and proposed text per field; approving applies and re-indexes it,
rejecting (with a reason) keeps the approved text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Router, get, post
from litestar.di import Provide
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import EXCEPTION_HANDLERS, CurrentUser, provide_current_user, require_admin
from catalogue.accounts.models import User
from catalogue.admin.rules import AdminError
from catalogue.admin.schemas import text
from catalogue.context import DbSession
from catalogue.flash import flash, pop_flashes
from catalogue.nominations import revisions
from catalogue.params import PathId
from catalogue.timeutil import utcnow

Form = URLEncodedBody[dict[str, Any]]


def _queue_page(
    request: Request[Any, Any, Any],
    db_session: Session,
    user: User,
    *,
    form_error: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    return Template(
        template_name="admin/revisions.html",
        status_code=status_code,
        context={
            "nav": "admin",
            "user": user,
            "messages": pop_flashes(request),
            "queue": revisions.review_queue(db_session),
            "form_error": form_error,
        },
    )


def _decide(
    request: Request[Any, Any, Any], db_session: Session, user: User, revision_id: int, action: Callable[[], str]
) -> Template | Redirect:
    try:
        message = action()
    except AdminError as exc:
        db_session.rollback()
        error = {"form": f"revision-{revision_id}", "field": exc.field, "message": exc.message, "values": {}}
        return _queue_page(request, db_session, user, form_error=error, status_code=400)
    flash(request, message)
    return Redirect("/admin/revisions", status_code=303)


@get("/", name="admin_revisions", sync_to_thread=True)
def revisions_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    return _queue_page(request, db_session, user)


@post("/{revision_id:int}/approve", name="admin_revision_approve", sync_to_thread=True, status_code=303)
def revision_approve(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, revision_id: PathId
) -> Template | Redirect:
    def action() -> str:
        n = revisions.approve(db_session, actor=user, revision_id=revision_id, now=utcnow())
        return f"The changes to {n.title} are approved and public."

    return _decide(request, db_session, user, revision_id, action)


@post("/{revision_id:int}/reject", name="admin_revision_reject", sync_to_thread=True, status_code=303)
def revision_reject(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, revision_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = revisions.reject(db_session, actor=user, revision_id=revision_id, reason=text(data, "reason"), now=utcnow())
        return f"The changes to {n.title} are rejected; the published text is unchanged."

    return _decide(request, db_session, user, revision_id, action)


revisions_router = Router(
    path="/admin/revisions",
    route_handlers=[revisions_page, revision_approve, revision_reject],
    guards=[require_admin],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)
