"""/admin/entries: moderation, outcomes and publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.accounts.models import User
from catalogue.admin import moderation, queries, rules
from catalogue.admin.pages import Form, PageParam, act, render
from catalogue.admin.schemas import text
from catalogue.context import DbSession
from catalogue.params import PathId, QueryId


def _entries_context(
    db_session: Session, *, status: str | None, award_id: int | None, page: int
) -> tuple[str, dict[str, Any]]:
    rows, total = queries.entries(db_session, status=status, award_id=award_id, page=page)
    return "entries.html", {
        "rows": rows,
        "total": total,
        "page": page,
        "page_count": max(1, -(-total // queries.ENTRIES_PAGE_SIZE)),
        "status": status or "",
        "award_id": award_id,
        "statuses": queries.STATUS_CHOICES,
        "award_choices": queries.award_choices(db_session),
        "outcomes": [s.value for s in rules.SETTABLE_OUTCOMES],
    }


@get("/entries", name="admin_entries", sync_to_thread=True)
def entries_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    status: Annotated[str | None, QueryParameter(name="status", required=False, max_length=40)] = None,
    award: QueryId = None,
    page: PageParam = 1,
) -> Template:
    template, context = _entries_context(db_session, status=status, award_id=award, page=page)
    return render(template, context, user=user, request=request)


def _back(data: dict[str, Any], default: str) -> str:
    target = text(data, "return_to")
    return target if target.startswith("/admin") and not target.startswith("//") else default


def _moderate(
    request: Request[Any, Any, Any], db_session: Session, user: User, data: dict[str, Any], action: Callable[[], str]
) -> Template | Redirect:
    return act(
        request,
        db_session,
        user,
        form_key="moderate",
        form=data,
        action=action,
        redirect_to=_back(data, "/admin/entries"),
        page=lambda: _entries_context(db_session, status=None, award_id=None, page=1),
    )


@post("/entries/{nomination_id:int}/outcome", name="admin_entry_outcome", sync_to_thread=True, status_code=303)
def entry_outcome(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.set_outcome(db_session, actor=user, nomination_id=nomination_id, status=text(data, "status"))
        return f"{n.title}: outcome set to {n.status.value.replace('_', ' ')}."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/publish", name="admin_entry_publish", sync_to_thread=True, status_code=303)
def entry_publish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.publish(db_session, actor=user, nomination_id=nomination_id)
        return f"{n.title} is published as a case study."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/unpublish", name="admin_entry_unpublish", sync_to_thread=True, status_code=303)
def entry_unpublish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.unpublish(db_session, actor=user, nomination_id=nomination_id)
        return f"{n.title} is no longer published."

    return _moderate(request, db_session, user, data, action)


HANDLERS = [entries_page, entry_outcome, entry_publish, entry_unpublish]
