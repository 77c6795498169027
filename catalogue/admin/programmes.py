"""Programmes, cycles, awards and their criteria."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.rules import (
    MAX_SCORE_LIMIT,
    MAX_WEIGHT,
    AdminError,
    clean_text,
    get_row,
    record_audit,
)
from catalogue.db import row_id
from catalogue.judging.models import Score
from catalogue.nominations.models import (
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.text import slugify


def create_programme(session: Session, *, actor: User, name: str, description: str = "") -> AwardProgramme:
    name = clean_text(name, field="name", label="programme name", max_length=200)
    if session.exec(select(AwardProgramme).where(func.lower(AwardProgramme.name) == name.lower())).first():
        raise AdminError(f"A programme called {name!r} already exists.", field="name")
    slug = slugify(name)
    if session.exec(select(AwardProgramme).where(AwardProgramme.slug == slug)).first():
        raise AdminError(f"A programme with the address {slug!r} already exists; choose another name.", field="name")
    programme = AwardProgramme(name=name, slug=slug, description=(description or "").strip()[:5000])
    session.add(programme)
    session.flush()
    record_audit(session, actor=actor, action="programme.create", target=f"programme {programme.id}: {name}")
    return programme


def create_cycle(
    session: Session,
    *,
    actor: User,
    programme_id: int | None,
    year: int | None,
    name: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> Cycle:
    programme = get_row(session, AwardProgramme, programme_id, what="programme", field="programme_id")
    if year is None or not 1900 <= year <= 2200:
        raise AdminError("Enter the year as four digits, e.g. 2026.", field="year")
    if opens_at is None:
        raise AdminError("Enter the date entries open.", field="opens_at")
    if closes_at is None:
        raise AdminError("Enter the date entries close.", field="closes_at")
    if closes_at <= opens_at:
        raise AdminError("Entries must close after they open.", field="closes_at")
    name = clean_text(name or f"{year} awards", field="name", label="cycle name", max_length=200)
    if session.exec(select(Cycle).where(Cycle.programme_id == programme.id, Cycle.year == year)).first():
        raise AdminError(f"{programme.name} already has a {year} cycle.", field="year")
    cycle = Cycle(programme_id=row_id(programme), year=year, name=name, opens_at=opens_at, closes_at=closes_at)
    session.add(cycle)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="cycle.create",
        target=f"cycle {cycle.id}: {programme.name} {year}",
        details={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
    )
    return cycle


def create_award(
    session: Session,
    *,
    actor: User,
    cycle_id: int | None,
    name: str,
    description: str = "",
    blind_judging: bool = False,
) -> Award:
    cycle = get_row(session, Cycle, cycle_id, what="cycle", field="cycle_id")
    name = clean_text(name, field="name", label="award name", max_length=200)
    slug = slugify(name)
    if session.exec(select(Award).where(Award.cycle_id == cycle.id, Award.slug == slug)).first():
        raise AdminError(f"{cycle.name} already has an award called {name!r}.", field="name")
    position = session.exec(select(func.count()).select_from(Award).where(Award.cycle_id == cycle.id)).one()
    award = Award(
        cycle_id=row_id(cycle),
        name=name,
        slug=slug,
        description=(description or "").strip()[:5000],
        blind_judging=blind_judging,
        position=position,
    )
    session.add(award)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="award.create",
        target=f"award {award.id}: {name}",
        details={"cycle": cycle.name, "blind_judging": blind_judging},
    )
    return award


def _nomination_ids_of_award(session: Session, award_id: int) -> list[int]:
    ids = session.exec(select(col(Nomination.id)).where(Nomination.award_id == award_id))
    return [nid for nid in ids if nid is not None]  # a primary key is never null


def update_award(
    session: Session, *, actor: User, award_id: int, name: str, description: str, blind_judging: bool
) -> Award:
    award = get_row(session, Award, award_id, what="award")
    name = clean_text(name, field="name", label="award name", max_length=200)
    slug = slugify(name)
    clash = session.exec(
        select(Award).where(Award.cycle_id == award.cycle_id, Award.slug == slug, Award.id != award.id)
    ).first()
    if clash:
        raise AdminError(f"This cycle already has an award called {clash.name!r}.", field="name")
    changes = {}
    for attr, value in (
        ("name", name),
        ("description", (description or "").strip()[:5000]),
        ("blind_judging", blind_judging),
    ):
        if getattr(award, attr) != value:
            changes[attr] = {"from": getattr(award, attr), "to": value}
            setattr(award, attr, value)
    if "name" in changes:
        award.slug = slug
    session.add(award)
    session.flush()
    if "name" in changes:  # the award name is part of every entry's search document
        record_nomination_changes(session, nomination_ids=_nomination_ids_of_award(session, row_id(award)))
    record_audit(session, actor=actor, action="award.update", target=f"award {award.id}: {award.name}", details=changes)
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
        raise AdminError("Judges have already scored entries for this award, so its criteria can no longer change.")
    name = clean_text(name, field="name", label="criterion name", max_length=200)
    if weight is None or not 0 < weight <= MAX_WEIGHT:
        raise AdminError(f"Enter a weight above 0 and at most {MAX_WEIGHT:g}.", field="weight")
    if max_score is None or not 1 <= max_score <= MAX_SCORE_LIMIT:
        raise AdminError(f"Enter a maximum score from 1 to {MAX_SCORE_LIMIT}.", field="max_score")
    position = session.exec(
        select(func.count()).select_from(AwardCriterion).where(AwardCriterion.award_id == award.id)
    ).one()
    criterion = AwardCriterion(
        award_id=row_id(award),
        name=name,
        description=(description or "").strip()[:2000],
        weight=weight,
        max_score=max_score,
        position=position,
    )
    session.add(criterion)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="criterion.add",
        target=f"award {award.id}: {award.name}",
        details={"criterion": name, "weight": weight, "max_score": max_score},
    )
    return criterion


def remove_criterion(session: Session, *, actor: User, criterion_id: int) -> Award:
    criterion = get_row(session, AwardCriterion, criterion_id, what="criterion")
    award = session.get_one(Award, criterion.award_id)
    if _award_has_scores(session, row_id(award)):
        raise AdminError("Judges have already scored entries for this award, so its criteria can no longer change.")
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
