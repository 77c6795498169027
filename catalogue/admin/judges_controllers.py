"""/admin/judges: judges, their sessions and assignments."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import judges, queries
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_id, text
from catalogue.context import DbSession
from catalogue.params import PathId


def _judges_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "judges.html", {
        "judges": queries.judges(db_session),
        "nodes": queries.flat_tree(db_session),
        "award_choices": queries.award_choices(db_session),
    }


@get("/judges", name="admin_judges", sync_to_thread=True)
def judges_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _judges_context(db_session)
    return render(template, context, user=user, request=request)


@post("/judges", name="admin_judge_create", sync_to_thread=True, status_code=303)
def judge_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        j = judges.create_judge(
            db_session,
            actor=user,
            email=text(data, "email"),
            display_name=text(data, "display_name"),
            password=text(data, "password"),
        )
        return f"Judge {j.email} created. Give them their password in person or by another channel."

    return act(
        request,
        db_session,
        user,
        form_key="judge",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/users/{user_id:int}/sessions/end", name="admin_user_sessions_end", sync_to_thread=True, status_code=303)
def user_sessions_end(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, user_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        ended = judges.end_user_sessions(db_session, actor=user, user_id=user_id)
        return f"Every session of {ended.email} has ended; they must sign in again."

    return act(
        request,
        db_session,
        user,
        form_key="sessions",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/assignments", name="admin_assignment_add", sync_to_thread=True, status_code=303)
def assignment_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        judges.add_assignment(
            db_session,
            actor=user,
            judge_id=as_id(data, "judge_id"),
            category_id=as_id(data, "category_id"),
            award_id=as_id(data, "award_id"),
        )
        return "Assignment added."

    return act(
        request,
        db_session,
        user,
        form_key="assignment",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/assignments/{assignment_id:int}/delete", name="admin_assignment_remove", sync_to_thread=True, status_code=303)
def assignment_remove(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, assignment_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        judges.remove_assignment(db_session, actor=user, assignment_id=assignment_id)
        return "Assignment removed."

    return act(
        request,
        db_session,
        user,
        form_key="remove",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


HANDLERS = [judges_page, judge_create, user_sessions_end, assignment_add, assignment_remove]
