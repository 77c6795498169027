"""Programmes and their cycles: creating and editing them, every error of a form at once.

Dates are typed as UK wall-clock time (Europe/London) and stored as UTC."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.rules import AdminError, Checks, clean_text, get_row, record_audit
from catalogue.db import row_id
from catalogue.nominations.models import Award, AwardProgramme, Cycle, Nomination
from catalogue.outbox.domain import record_nomination_changes
from catalogue.text import slugify
from catalogue.timeutil import NotAUkTime, from_uk, uk_datetime

DESCRIPTION_MAX = 5000
#: a date typed without a time: the start of the day for an opening, its last minute for a close
START_OF_DAY = time(0, 0)
END_OF_DAY = time(23, 59)


def uk_moment(typed: tuple[str, str], *, field: str, label: str, default_time: time, required: bool) -> datetime | None:
    """A UK date and time as typed (`YYYY-MM-DD`, `HH:MM`) as a UTC moment; None if left empty."""
    day_text, clock_text = typed
    if not day_text:
        if clock_text or required:
            raise AdminError(f"Enter the date {label}.", field=field)
        return None
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise AdminError(f"Enter the date {label} as a real date, for example 31 March 2027.", field=field) from None
    clock = default_time
    if clock_text:
        try:
            clock = time.fromisoformat(clock_text)
        except ValueError:
            raise AdminError(f"Enter the time {label} as hours and minutes, for example 17:00.", field=field) from None
    try:
        return from_uk(day, clock.replace(second=0, microsecond=0, tzinfo=None))
    except NotAUkTime as exc:
        raise AdminError(f"{exc}; enter another time.", field=field) from None


def apply_changes(row: Any, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Set each attribute that differs; what changed, for the audit row (moments in UK time)."""

    def shown(value: Any) -> Any:
        return uk_datetime(value) if isinstance(value, datetime) else value

    changed = {}
    for attr, value in values.items():
        if getattr(row, attr) != value:
            changed[attr] = {"from": shown(getattr(row, attr)), "to": shown(value)}
            setattr(row, attr, value)
    return changed


def _check_programme_name(session: Session, checks: Checks, name: str, *, own_id: int | None) -> str | None:
    cleaned = checks.check(clean_text, name, field="name", label="programme name", max_length=200)
    if cleaned is None:
        return None
    others = select(AwardProgramme).where(func.lower(AwardProgramme.name) == cleaned.lower())
    if own_id is not None:
        others = others.where(AwardProgramme.id != own_id)
    if session.exec(others).first():
        checks.add("name", f"A programme called {cleaned!r} already exists.")
        return None
    return cleaned


def _check_description(checks: Checks, description: str) -> str:
    cleaned = (description or "").strip()
    if len(cleaned) > DESCRIPTION_MAX:
        checks.add("description", f"The description must be at most {DESCRIPTION_MAX} characters.")
    return cleaned


def create_programme(session: Session, *, actor: User, name: str, description: str = "") -> AwardProgramme:
    checks = Checks()
    cleaned = _check_programme_name(session, checks, name, own_id=None)
    text = _check_description(checks, description)
    slug = slugify(cleaned or "")
    if cleaned and session.exec(select(AwardProgramme).where(AwardProgramme.slug == slug)).first():
        checks.add("name", f"A programme with the address {slug!r} already exists; choose another name.")
    checks.done()  # from here every value checked is present
    programme = AwardProgramme(name=cast("str", cleaned), slug=slug, description=text)
    session.add(programme)
    session.flush()
    record_audit(session, actor=actor, action="programme.create", target=f"programme {programme.id}: {programme.name}")
    return programme


def update_programme(
    session: Session, *, actor: User, programme_id: int, name: str, description: str
) -> AwardProgramme:
    """Rename or describe a programme; its address (slug) stays, so links to it keep working."""
    programme = get_row(session, AwardProgramme, programme_id, what="programme")
    checks = Checks()
    cleaned = _check_programme_name(session, checks, name, own_id=programme.id)
    text = _check_description(checks, description)
    checks.done()
    changes = apply_changes(programme, {"name": cleaned, "description": text})
    session.add(programme)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="programme.update",
        target=f"programme {programme.id}: {programme.name}",
        details=changes,
    )
    return programme


def _check_cycle(
    session: Session,
    *,
    programme: AwardProgramme | None,
    own_id: int | None,
    year: int | None,
    name: str,
    opens_at: tuple[str, str],
    closes_at: tuple[str, str],
    checks: Checks,
) -> dict[str, Any]:
    if year is None or not 1900 <= year <= 2200:
        checks.add("year", "Enter the year as four digits, for example 2027.")
        year = None
    elif programme is not None:
        same_year = select(Cycle).where(Cycle.programme_id == programme.id, Cycle.year == year)
        if own_id is not None:
            same_year = same_year.where(Cycle.id != own_id)
        if session.exec(same_year).first():
            checks.add("year", f"{programme.name} already has a {year} cycle.")
    label = "cycle name"
    cleaned = checks.check(
        clean_text, name or (f"{year} awards" if year else ""), field="name", label=label, max_length=200
    )
    opens = checks.check(
        uk_moment, opens_at, field="opens_at", label="entries open", default_time=START_OF_DAY, required=True
    )
    closes = checks.check(
        uk_moment, closes_at, field="closes_at", label="entries close", default_time=END_OF_DAY, required=True
    )
    if opens and closes and closes <= opens:
        checks.add("closes_at", "Entries must close after they open.")
    return {"year": year, "name": cleaned, "opens_at": opens, "closes_at": closes}


def create_cycle(
    session: Session,
    *,
    actor: User,
    programme_id: int | None,
    year: int | None,
    name: str,
    opens_at: tuple[str, str],
    closes_at: tuple[str, str],
) -> Cycle:
    """A new round of a programme; `opens_at`/`closes_at` are the UK date and time as typed."""
    checks = Checks()
    programme = checks.check(get_row, session, AwardProgramme, programme_id, what="programme", field="programme_id")
    values = _check_cycle(
        session,
        programme=programme,
        own_id=None,
        year=year,
        name=name,
        opens_at=opens_at,
        closes_at=closes_at,
        checks=checks,
    )
    checks.done()
    programme = cast("AwardProgramme", programme)
    cycle = Cycle(programme_id=row_id(programme), **values)
    session.add(cycle)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="cycle.create",
        target=f"cycle {cycle.id}: {programme.name} {cycle.year}",
        details={"opens_at": uk_datetime(cycle.opens_at), "closes_at": uk_datetime(cycle.closes_at)},
    )
    return cycle


def update_cycle(
    session: Session,
    *,
    actor: User,
    cycle_id: int,
    year: int | None,
    name: str,
    opens_at: tuple[str, str],
    closes_at: tuple[str, str],
) -> Cycle:
    cycle = get_row(session, Cycle, cycle_id, what="cycle")
    programme = session.get_one(AwardProgramme, cycle.programme_id)
    checks = Checks()
    values = _check_cycle(
        session,
        programme=programme,
        own_id=cycle.id,
        year=year,
        name=name,
        opens_at=opens_at,
        closes_at=closes_at,
        checks=checks,
    )
    checks.done()
    changes = apply_changes(cycle, values)
    session.add(cycle)
    session.flush()
    if "year" in changes:  # the year is part of every entry's search document
        ids = session.exec(
            select(col(Nomination.id))
            .join(Award, col(Award.id) == Nomination.award_id)
            .where(Award.cycle_id == cycle.id)
        )
        record_nomination_changes(session, nomination_ids=[i for i in ids if i is not None])
    record_audit(
        session,
        actor=actor,
        action="cycle.update",
        target=f"cycle {cycle.id}: {programme.name} {cycle.year}",
        details=changes,
    )
    return cycle
