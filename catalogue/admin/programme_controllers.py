"""/admin programmes, cycles, awards and criteria."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import programmes, queries
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_bool, as_date, as_float, as_id, as_int, text
from catalogue.context import DbSession
from catalogue.params import PathId


def _awards_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "awards.html", {
        "programmes": queries.programmes(db_session),
        "cycles": queries.cycles(db_session),
        "awards": queries.awards(db_session),
    }


@get("/awards", name="admin_awards", sync_to_thread=True)
def awards_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _awards_context(db_session)
    return render(template, context, user=user, request=request)


@post("/programmes", name="admin_programme_create", sync_to_thread=True, status_code=303)
def programme_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        p = programmes.create_programme(
            db_session, actor=user, name=text(data, "name"), description=text(data, "description")
        )
        return f"Programme {p.name} created."

    return act(
        request,
        db_session,
        user,
        form_key="programme",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )


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
            opens_at=as_date(data, "opens_at"),
            closes_at=as_date(data, "closes_at"),
        )
        return f"Cycle {c.name} created."

    return act(
        request,
        db_session,
        user,
        form_key="cycle",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )


@post("/awards", name="admin_award_create", sync_to_thread=True, status_code=303)
def award_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    created: dict[str, Any] = {}

    def action() -> str:
        a = programmes.create_award(
            db_session,
            actor=user,
            cycle_id=as_id(data, "cycle_id"),
            name=text(data, "name"),
            description=text(data, "description"),
            blind_judging=as_bool(data, "blind_judging"),
        )
        created["id"] = a.id
        return f"Award {a.name} created. Add its scoring criteria below."

    response = act(
        request,
        db_session,
        user,
        form_key="award",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )
    return Redirect(f"/admin/awards/{created['id']}", status_code=303) if created else response


def _award_context(db_session: Session, award_id: PathId) -> tuple[str, dict[str, Any]]:
    row = queries.award_row(db_session, award_id=award_id)
    if row is None:
        raise NotFoundException("No award has this number.")
    return "award.html", {"row": row}


@get("/awards/{award_id:int}", name="admin_award", sync_to_thread=True)
def award_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId) -> Template:
    template, context = _award_context(db_session, award_id)
    return render(template, context, user=user, request=request)


@post("/awards/{award_id:int}", name="admin_award_update", sync_to_thread=True, status_code=303)
def award_update(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        a = programmes.update_award(
            db_session,
            actor=user,
            award_id=award_id,
            name=text(data, "name"),
            description=text(data, "description"),
            blind_judging=as_bool(data, "blind_judging"),
        )
        return f"Award {a.name} saved{' (judged blind)' if a.blind_judging else ''}."

    return act(
        request,
        db_session,
        user,
        form_key="award",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/awards/{award_id:int}/criteria", name="admin_criterion_add", sync_to_thread=True, status_code=303)
def criterion_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        c = programmes.add_criterion(
            db_session,
            actor=user,
            award_id=award_id,
            name=text(data, "name"),
            description=text(data, "description"),
            weight=as_float(data, "weight"),
            max_score=as_int(data, "max_score"),
        )
        return f"Criterion {c.name} added."

    return act(
        request,
        db_session,
        user,
        form_key="criterion",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/criteria/{criterion_id:int}/delete", name="admin_criterion_remove", sync_to_thread=True, status_code=303)
def criterion_remove(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, criterion_id: PathId, data: Form
) -> Template | Redirect:
    award_id = as_id(data, "award_id") or 0
    holder: dict[str, Any] = {}

    def action() -> str:
        holder["award"] = programmes.remove_criterion(db_session, actor=user, criterion_id=criterion_id)
        return "Criterion removed."

    def page() -> tuple[str, dict[str, Any]]:
        return _award_context(db_session, award_id) if award_id else _awards_context(db_session)

    response = act(
        request, db_session, user, form_key="criteria", form=data, action=action, redirect_to="/admin/awards", page=page
    )
    return Redirect(f"/admin/awards/{holder['award'].id}", status_code=303) if holder else response


HANDLERS = [
    awards_page,
    programme_create,
    cycle_create,
    award_create,
    award_page,
    award_update,
    criterion_add,
    criterion_remove,
]
