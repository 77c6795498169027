"""/admin awards and their criteria: list, create, edit and reorder them."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import awards, programme_queries, queries
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_bool, as_float, as_id, as_int, date_time, text
from catalogue.context import DbSession
from catalogue.nominations.models import AwardCriterion, EditsClose
from catalogue.params import PathId
from catalogue.rendering import render_markdown

EDITS_CLOSE_CHOICES = [
    (EditsClose.deadline.value, "At the deadline"),
    (
        EditsClose.judging_starts.value,
        "When judging starts (the first score a judge records, or an outcome set), or at the deadline if sooner",
    ),
]


def _awards_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    by_cycle: dict[int, list[queries.AwardRow]] = {}
    for row in queries.awards(db_session):
        by_cycle.setdefault(row.cycle.id or 0, []).append(row)
    return "awards.html", {
        "cycle_rows": programme_queries.cycle_rows(db_session),
        "awards_by_cycle": by_cycle,
        "cycles": queries.cycles(db_session),
        "edits_close_choices": EDITS_CLOSE_CHOICES,
    }


@get("/awards", name="admin_awards", sync_to_thread=True)
def awards_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _awards_context(db_session)
    return render(template, context, user=user, request=request)


def _award_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": text(data, "name"),
        "description": text(data, "description"),
        "blind_judging": as_bool(data, "blind_judging"),
        "deadline_at": date_time(data, "deadline_at"),
        "edits_close": text(data, "edits_close") or EditsClose.deadline.value,
    }


@post("/awards", name="admin_award_create", sync_to_thread=True, status_code=303)
def award_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    created: dict[str, Any] = {}

    def action() -> str:
        a = awards.create_award(db_session, actor=user, cycle_id=as_id(data, "cycle_id"), **_award_fields(data))
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


def _award_context(db_session: Session, award_id: int) -> tuple[str, dict[str, Any]]:
    row = queries.award_row(db_session, award_id=award_id)
    if row is None:
        raise NotFoundException("No award has this number.")
    return "award.html", {
        "row": row,
        "description_html": render_markdown(row.award.description),
        "edits_close_choices": EDITS_CLOSE_CHOICES,
    }


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
        a = awards.update_award(db_session, actor=user, award_id=award_id, **_award_fields(data))
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


@post("/awards/{award_id:int}/move", name="admin_award_move", sync_to_thread=True, status_code=303)
def award_move(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        a = awards.move_award(db_session, actor=user, award_id=award_id, direction=text(data, "direction"))
        return f"Award {a.name} moved {text(data, 'direction')}."

    return act(
        request,
        db_session,
        user,
        form_key=f"award-order-{award_id}",
        form=data,
        action=action,
        redirect_to=f"/admin/awards#award-{award_id}",
        page=lambda: _awards_context(db_session),
    )


@post("/awards/{award_id:int}/criteria", name="admin_criterion_add", sync_to_thread=True, status_code=303)
def criterion_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        c = awards.add_criterion(
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


def _award_of_criterion(db_session: Session, criterion_id: int) -> int:
    criterion = db_session.get(AwardCriterion, criterion_id)
    if criterion is None:
        raise NotFoundException("No criterion has this number.")
    return criterion.award_id


@post("/criteria/{criterion_id:int}", name="admin_criterion_update", sync_to_thread=True, status_code=303)
def criterion_update(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, criterion_id: PathId, data: Form
) -> Template | Redirect:
    award_id = _award_of_criterion(db_session, criterion_id)

    def action() -> str:
        c = awards.update_criterion(
            db_session,
            actor=user,
            criterion_id=criterion_id,
            name=text(data, "name"),
            description=text(data, "description"),
            weight=as_float(data, "weight"),
            max_score=as_int(data, "max_score"),
        )
        return f"Criterion {c.name} saved."

    return act(
        request,
        db_session,
        user,
        form_key=f"criterion-{criterion_id}",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}#criterion-{criterion_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/criteria/{criterion_id:int}/move", name="admin_criterion_move", sync_to_thread=True, status_code=303)
def criterion_move(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, criterion_id: PathId, data: Form
) -> Template | Redirect:
    award_id = _award_of_criterion(db_session, criterion_id)

    def action() -> str:
        c = awards.move_criterion(db_session, actor=user, criterion_id=criterion_id, direction=text(data, "direction"))
        return f"Criterion {c.name} moved {text(data, 'direction')}."

    return act(
        request,
        db_session,
        user,
        form_key=f"criterion-order-{criterion_id}",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}#criterion-{criterion_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/criteria/{criterion_id:int}/delete", name="admin_criterion_remove", sync_to_thread=True, status_code=303)
def criterion_remove(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, criterion_id: PathId, data: Form
) -> Template | Redirect:
    award_id = _award_of_criterion(db_session, criterion_id)

    def action() -> str:
        awards.remove_criterion(db_session, actor=user, criterion_id=criterion_id)
        return "Criterion removed."

    return act(
        request,
        db_session,
        user,
        form_key="criteria",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}",
        page=lambda: _award_context(db_session, award_id),
    )


HANDLERS = [
    awards_page,
    award_create,
    award_page,
    award_update,
    award_move,
    criterion_add,
    criterion_update,
    criterion_move,
    criterion_remove,
]
