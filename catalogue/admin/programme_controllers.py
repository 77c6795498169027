"""/admin programmes and cycles: list, create and edit them (awards: award_controllers)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import award_controllers, programme_queries, programmes
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_id, as_int, date_time, text
from catalogue.context import DbSession
from catalogue.nominations.models import AwardProgramme
from catalogue.params import PathId


def _programmes_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "programmes.html", {"rows": programme_queries.programme_rows(db_session)}


@get("/programmes", name="admin_programmes", sync_to_thread=True)
def programmes_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _programmes_context(db_session)
    return render(template, context, user=user, request=request)


@post("/programmes", name="admin_programme_create", sync_to_thread=True, status_code=303)
def programme_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        p = programmes.create_programme(
            db_session, actor=user, name=text(data, "name"), description=text(data, "description")
        )
        return f"Programme {p.name} created. Add its first cycle below."

    return act(
        request,
        db_session,
        user,
        form_key="programme",
        form=data,
        action=action,
        redirect_to="/admin/cycles",
        page=lambda: _programmes_context(db_session),
    )


@post("/programmes/{programme_id:int}", name="admin_programme_update", sync_to_thread=True, status_code=303)
def programme_update(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, programme_id: PathId, data: Form
) -> Template | Redirect:
    if db_session.get(AwardProgramme, programme_id) is None:
        raise NotFoundException("No programme has this number.")

    def action() -> str:
        p = programmes.update_programme(
            db_session,
            actor=user,
            programme_id=programme_id,
            name=text(data, "name"),
            description=text(data, "description"),
        )
        return f"Programme {p.name} saved."

    return act(
        request,
        db_session,
        user,
        form_key=f"programme-{programme_id}",
        form=data,
        action=action,
        redirect_to="/admin/programmes",
        page=lambda: _programmes_context(db_session),
    )


def _cycles_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "cycles.html", {
        "rows": programme_queries.cycle_rows(db_session),
        "programmes": [r.programme for r in programme_queries.programme_rows(db_session)],
    }


@get("/cycles", name="admin_cycles", sync_to_thread=True)
def cycles_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _cycles_context(db_session)
    return render(template, context, user=user, request=request)


@post("/cycles", name="admin_cycle_create", sync_to_thread=True, status_code=303)
def cycle_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c = programmes.create_cycle(
            db_session,
            actor=user,
            programme_id=as_id(data, "programme_id"),
            year=as_int(data, "year"),
            name=text(data, "name"),
            opens_at=date_time(data, "opens_at"),
            closes_at=date_time(data, "closes_at"),
        )
        return f"Cycle {c.name} created."

    return act(
        request,
        db_session,
        user,
        form_key="cycle",
        form=data,
        action=action,
        redirect_to="/admin/cycles",
        page=lambda: _cycles_context(db_session),
    )


def _cycle_context(db_session: Session, cycle_id: int) -> tuple[str, dict[str, Any]]:
    rows = programme_queries.cycle_rows(db_session, cycle_id=cycle_id)
    if not rows:
        raise NotFoundException("No cycle has this number.")
    return "cycle.html", {"row": rows[0]}


@get("/cycles/{cycle_id:int}", name="admin_cycle", sync_to_thread=True)
def cycle_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, cycle_id: PathId) -> Template:
    template, context = _cycle_context(db_session, cycle_id)
    return render(template, context, user=user, request=request)


@post("/cycles/{cycle_id:int}", name="admin_cycle_update", sync_to_thread=True, status_code=303)
def cycle_update(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, cycle_id: PathId, data: Form
) -> Template | Redirect:
    _cycle_context(db_session, cycle_id)

    def action() -> str:
        c = programmes.update_cycle(
            db_session,
            actor=user,
            cycle_id=cycle_id,
            year=as_int(data, "year"),
            name=text(data, "name"),
            opens_at=date_time(data, "opens_at"),
            closes_at=date_time(data, "closes_at"),
        )
        return f"Cycle {c.name} saved."

    return act(
        request,
        db_session,
        user,
        form_key="cycle",
        form=data,
        action=action,
        redirect_to=f"/admin/cycles/{cycle_id}",
        page=lambda: _cycle_context(db_session, cycle_id),
    )


HANDLERS = [
    programmes_page,
    programme_create,
    programme_update,
    cycles_page,
    cycle_create,
    cycle_page,
    cycle_update,
    *award_controllers.HANDLERS,
]
