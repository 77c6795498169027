"""Awards and their scoring criteria: creating, editing and ordering them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.programmes import DESCRIPTION_MAX, END_OF_DAY, apply_changes, uk_moment
from catalogue.admin.rules import (
    MAX_SCORE_LIMIT,
    MAX_WEIGHT,
    AdminError,
    Checks,
    clean_text,
    get_row,
    record_audit,
)
from catalogue.db import row_id
from catalogue.judging.models import Score
from catalogue.nominations.models import Award, AwardCriterion, Cycle, EditsClose, Nomination
from catalogue.outbox.domain import record_nomination_changes
from catalogue.text import slugify

CRITERION_DESCRIPTION_MAX = 2000
FROZEN = "Judges have already scored entries for this award, so its criteria can no longer change."
DIRECTIONS = ("up", "down")


def _check_award(
    session: Session,
    checks: Checks,
    *,
    cycle: Cycle | None,
    own_id: int | None,
    name: str,
    description: str,
    deadline_at: tuple[str, str],
    edits_close: str,
) -> dict[str, Any]:
    cleaned = checks.check(clean_text, name, field="name", label="award name", max_length=200)
    if cleaned and cycle is not None:
        clash = select(Award).where(Award.cycle_id == cycle.id, Award.slug == slugify(cleaned))
        if own_id is not None:
            clash = clash.where(Award.id != own_id)
        if other := session.exec(clash).first():
            checks.add("name", f"{cycle.name} already has an award called {other.name!r}.")
    text = (description or "").strip()
    if len(text) > DESCRIPTION_MAX:
        checks.add("description", f"The description must be at most {DESCRIPTION_MAX} characters.")
    deadline = checks.check(
        uk_moment, deadline_at, field="deadline_at", label="of the deadline", default_time=END_OF_DAY, required=False
    )
    if deadline is not None and cycle is not None and deadline <= cycle.opens_at:
        checks.add("deadline_at", "The award's deadline must be after its cycle opens for entries.")
    if edits_close not in {e.value for e in EditsClose}:
        checks.add("edits_close", "Choose when entrants can no longer change their entries.")
    return {
        "name": cleaned,
        "description": text,
        "deadline_at": deadline,
        "edits_close": EditsClose(edits_close) if edits_close in {e.value for e in EditsClose} else None,
    }


def create_award(
    session: Session,
    *,
    actor: User,
    cycle_id: int | None,
    name: str,
    description: str = "",
    blind_judging: bool = False,
    deadline_at: tuple[str, str] = ("", ""),
    edits_close: str = EditsClose.deadline.value,
) -> Award:
    checks = Checks()
    cycle = checks.check(get_row, session, Cycle, cycle_id, what="cycle", field="cycle_id")
    values = _check_award(
        session,
        checks,
        cycle=cycle,
        own_id=None,
        name=name,
        description=description,
        deadline_at=deadline_at,
        edits_close=edits_close,
    )
    checks.done()
    cycle = cast("Cycle", cycle)
    position = session.exec(select(func.count()).select_from(Award).where(Award.cycle_id == cycle.id)).one()
    award = Award(
        cycle_id=row_id(cycle), slug=slugify(values["name"]), blind_judging=blind_judging, position=position, **values
    )
    session.add(award)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="award.create",
        target=f"award {award.id}: {award.name}",
        details={"cycle": cycle.name, "blind_judging": blind_judging, "edits_close": str(award.edits_close)},
    )
    return award


def _nomination_ids_of_award(session: Session, award_id: int) -> list[int]:
    ids = session.exec(select(col(Nomination.id)).where(Nomination.award_id == award_id))
    return [nid for nid in ids if nid is not None]  # a primary key is never null


def update_award(
    session: Session,
    *,
    actor: User,
    award_id: int,
    name: str,
    description: str,
    blind_judging: bool,
    deadline_at: tuple[str, str] = ("", ""),
    edits_close: str = EditsClose.deadline.value,
) -> Award:
    award = get_row(session, Award, award_id, what="award")
    cycle = session.get_one(Cycle, award.cycle_id)
    checks = Checks()
    values = _check_award(
        session,
        checks,
        cycle=cycle,
        own_id=award.id,
        name=name,
        description=description,
        deadline_at=deadline_at,
        edits_close=edits_close,
    )
    checks.done()
    changes = apply_changes(award, {**values, "blind_judging": blind_judging})
    if "name" in changes:
        award.slug = slugify(award.name)
    session.add(award)
    session.flush()
    if "name" in changes:  # the award name is part of every entry's search document
        record_nomination_changes(session, nomination_ids=_nomination_ids_of_award(session, row_id(award)))
    record_audit(session, actor=actor, action="award.update", target=f"award {award.id}: {award.name}", details=changes)
    return award


def _moved(rows: Sequence[Award | AwardCriterion], row_id_: int, direction: str) -> int:
    """Renumber `rows` (in their current order) with one row moved a place; its new index."""
    if direction not in DIRECTIONS:
        raise AdminError("Choose to move it up or down.", field="direction")
    order = list(rows)
    index = next(i for i, r in enumerate(order) if r.id == row_id_)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        raise AdminError(f"It is already {'first' if direction == 'up' else 'last'}.", field="direction")
    order[index], order[target] = order[target], order[index]
    for position, row in enumerate(order):
        row.position = position
    return target


def move_award(session: Session, *, actor: User, award_id: int, direction: str) -> Award:
    """Move an award a place up or down among its cycle's awards (the order entrants see)."""
    award = get_row(session, Award, award_id, what="award")
    siblings = session.exec(
        select(Award).where(Award.cycle_id == award.cycle_id).order_by(col(Award.position), col(Award.name))
    ).all()
    position = _moved(siblings, row_id(award), direction)
    session.add_all(siblings)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="award.move",
        target=f"award {award.id}: {award.name}",
        details={"direction": direction, "position": position + 1},
    )
    return award


def _award_has_scores(session: Session, award_id: int) -> bool:
    return (
        session.exec(
            select(Score.id)
            .join(Nomination, col(Nomination.id) == Score.nomination_id)
            .where(Nomination.award_id == award_id)
        ).first()
        is not None
    )


def _check_criterion(
    checks: Checks, *, name: str, description: str, weight: float | None, max_score: int | None
) -> dict[str, Any]:
    cleaned = checks.check(clean_text, name, field="name", label="criterion name", max_length=200)
    text = (description or "").strip()
    if len(text) > CRITERION_DESCRIPTION_MAX:
        checks.add("description", f"The guidance must be at most {CRITERION_DESCRIPTION_MAX} characters.")
    if weight is None or not 0 < weight <= MAX_WEIGHT:
        checks.add("weight", f"Enter a weight above 0 and at most {MAX_WEIGHT:g}.")
    if max_score is None or not 1 <= max_score <= MAX_SCORE_LIMIT:
        checks.add("max_score", f"Enter a maximum score from 1 to {MAX_SCORE_LIMIT}.")
    return {"name": cleaned, "description": text, "weight": weight, "max_score": max_score}


def add_criterion(
    session: Session,
    *,
    actor: User,
    award_id: int,
    name: str,
    description: str = "",
    weight: float | None,
    max_score: int | None,
) -> AwardCriterion:
    award = get_row(session, Award, award_id, what="award")
    if _award_has_scores(session, row_id(award)):
        raise AdminError(FROZEN)
    checks = Checks()
    values = _check_criterion(checks, name=name, description=description, weight=weight, max_score=max_score)
    checks.done()
    position = session.exec(
        select(func.count()).select_from(AwardCriterion).where(AwardCriterion.award_id == award.id)
    ).one()
    criterion = AwardCriterion(award_id=row_id(award), position=position, **values)
    session.add(criterion)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="criterion.add",
        target=f"award {award.id}: {award.name}",
        details={"criterion": criterion.name, "weight": weight, "max_score": max_score},
    )
    return criterion


def update_criterion(
    session: Session,
    *,
    actor: User,
    criterion_id: int,
    name: str,
    description: str,
    weight: float | None,
    max_score: int | None,
) -> AwardCriterion:
    """Edit a criterion in place. Once judges have scored the award its name and guidance may
    still be reworded, but its weight and maximum score no longer change (scores depend on them)."""
    criterion = get_row(session, AwardCriterion, criterion_id, what="criterion")
    award = session.get_one(Award, criterion.award_id)
    checks = Checks()
    values = _check_criterion(checks, name=name, description=description, weight=weight, max_score=max_score)
    if _award_has_scores(session, row_id(award)):
        for field in ("weight", "max_score"):
            if not checks.failed(field) and values[field] != getattr(criterion, field):
                checks.add(field, FROZEN)
    checks.done()
    changes = apply_changes(criterion, values)
    session.add(criterion)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="criterion.update",
        target=f"award {award.id}: {award.name}",
        details={"criterion": criterion.name, **changes},
    )
    return criterion


def move_criterion(session: Session, *, actor: User, criterion_id: int, direction: str) -> AwardCriterion:
    criterion = get_row(session, AwardCriterion, criterion_id, what="criterion")
    award = session.get_one(Award, criterion.award_id)
    siblings = session.exec(
        select(AwardCriterion)
        .where(AwardCriterion.award_id == award.id)
        .order_by(col(AwardCriterion.position), col(AwardCriterion.id))
    ).all()
    position = _moved(siblings, row_id(criterion), direction)
    session.add_all(siblings)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="criterion.move",
        target=f"award {award.id}: {award.name}",
        details={"criterion": criterion.name, "direction": direction, "position": position + 1},
    )
    return criterion


def remove_criterion(session: Session, *, actor: User, criterion_id: int) -> Award:
    criterion = get_row(session, AwardCriterion, criterion_id, what="criterion")
    award = session.get_one(Award, criterion.award_id)
    if _award_has_scores(session, row_id(award)):
        raise AdminError(FROZEN)
    session.delete(criterion)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="criterion.remove",
        target=f"award {award.id}: {award.name}",
        details={"criterion": criterion.name},
    )
    return award
