"""/admin/results/judges: each judge's progress, and the audited reminder mailed through the outbox."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import results_judges
from catalogue.admin.pages import Form, act, render
from catalogue.context import DbSession, SettingsDep
from catalogue.params import PathId
from catalogue.timeutil import utcnow

PROGRESS_PATH = "/admin/results/judges"


def _progress_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "judges_progress.html", {"rows": results_judges.judges_progress(db_session, now=utcnow())}


@get("/results/judges", name="admin_judges_progress", sync_to_thread=True)
def progress_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _progress_context(db_session)
    return render(template, context, user=user, request=request)


@post("/results/judges/{user_id:int}/remind", name="admin_judge_remind", sync_to_thread=True, status_code=303)
def remind(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    settings: SettingsDep,
    user: CurrentUser,
    user_id: PathId,
    data: Form,
) -> Template | Redirect:
    def action() -> str:
        count = results_judges.remind_judge(
            db_session, actor=user, judge_id=user_id, base_url=settings.base_url, now=utcnow()
        )
        return f"A reminder listing {count} outstanding {'entry' if count == 1 else 'entries'} is on its way."

    return act(
        request,
        db_session,
        user,
        form_key="remind",
        form=data,
        action=action,
        redirect_to=PROGRESS_PATH,
        page=lambda: _progress_context(db_session),
    )


HANDLERS = [progress_page, remind]
