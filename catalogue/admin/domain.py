"""Administrative actions. Each one checks its rules, makes the change, and writes an AuditLog
row in the same transaction; changes that affect search documents also write outbox rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from catalogue.accounts import domain as accounts
from catalogue.accounts.models import Role, User
from catalogue.admin.models import AuditLog
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment, Score
from catalogue.nominations.models import (
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationStatus,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.taxonomy import domain as taxonomy
from catalogue.taxonomy.models import Category
from catalogue.text import slugify
from catalogue.timeutil import utcnow

#: Outcomes an administrator may set; `submitted` takes an outcome back off.
SETTABLE_OUTCOMES = (
    NominationStatus.submitted,
    NominationStatus.shortlisted,
    NominationStatus.not_shortlisted,
    NominationStatus.highly_commended,
    NominationStatus.winner,
)
MAX_WEIGHT = 100.0
MAX_SCORE_LIMIT = 100


class AdminError(ValueError):
    """A rule was broken; nothing was changed. `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def record_audit(
    session: Session, *, actor: User, action: str, target: str, details: dict[str, Any] | None = None
) -> AuditLog:
    entry = AuditLog(user_id=actor.id, action=action, target=target[:300], details=details or {})
    session.add(entry)
    session.flush()
    return entry


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise AdminError(f"Enter the {label}.", field=field)
    if len(cleaned) > max_length:
        raise AdminError(f"The {label} must be at most {max_length} characters.", field=field)
    return cleaned


_Row = TypeVar("_Row", bound=SQLModel)


def _get(session: Session, model: type[_Row], ident: int | None, *, what: str, field: str = "") -> _Row:
    if ident is None:
        raise AdminError(f"Choose the {what}.", field=field)
    row = session.get(model, ident)
    if row is None:
        raise AdminError(f"No {what} with the number {ident} exists.", field=field)
    return row


# ---------------------------------------------------------------- programmes, cycles, awards


def create_programme(session: Session, *, actor: User, name: str, description: str = "") -> AwardProgramme:
    name = _text(name, field="name", label="programme name", max_length=200)
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
    programme = _get(session, AwardProgramme, programme_id, what="programme", field="programme_id")
    if year is None or not 1900 <= year <= 2200:
        raise AdminError("Enter the year as four digits, e.g. 2026.", field="year")
    if opens_at is None:
        raise AdminError("Enter the date entries open.", field="opens_at")
    if closes_at is None:
        raise AdminError("Enter the date entries close.", field="closes_at")
    if closes_at <= opens_at:
        raise AdminError("Entries must close after they open.", field="closes_at")
    name = _text(name or f"{year} awards", field="name", label="cycle name", max_length=200)
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
    cycle = _get(session, Cycle, cycle_id, what="cycle", field="cycle_id")
    name = _text(name, field="name", label="award name", max_length=200)
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
    award = _get(session, Award, award_id, what="award")
    name = _text(name, field="name", label="award name", max_length=200)
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
    award = _get(session, Award, award_id, what="award")
    if _award_has_scores(session, row_id(award)):
        raise AdminError("Judges have already scored entries for this award, so its criteria can no longer change.")
    name = _text(name, field="name", label="criterion name", max_length=200)
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
    criterion = _get(session, AwardCriterion, criterion_id, what="criterion")
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


# ---------------------------------------------------------------- taxonomy


def _category(session: Session, category_id: int | None, *, field: str = "category_id") -> Category:
    return _get(session, Category, category_id, what="category", field=field)


def add_category(session: Session, *, actor: User, path: str) -> Category:
    try:
        normalised = taxonomy.normalise_path(path)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(_sentence(exc), field="path") from None
    if taxonomy.get_by_path(session, path=normalised) is not None:
        raise AdminError(f"The category {normalised!r} already exists.", field="path")
    for ancestor in taxonomy.ancestor_paths(normalised)[:-1]:
        node = taxonomy.get_by_path(session, path=ancestor)
        if node is not None and node.deprecated:
            raise AdminError(f"{ancestor!r} is deprecated; restore it before adding categories under it.", field="path")
    category = taxonomy.ensure_path(session, path=normalised)
    record_audit(
        session,
        actor=actor,
        action="category.add",
        target=f"category {category.id}: {category.path}",
        details={"entries_touched": 0},
    )
    return category


def rename_category(session: Session, *, actor: User, category_id: int | None, new_name: str) -> tuple[Category, int]:
    """Returns the node and how many entries the rename re-indexes."""
    category = _category(session, category_id)
    old_path = category.path
    try:
        taxonomy.rename(session, category=category, new_name=new_name)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(_sentence(exc), field="new_name") from None
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.rename",
        target=f"category {category.id}: {category.path}",
        details={"from": old_path, "to": category.path, "entries_touched": touched},
    )
    return category, touched


def move_category(
    session: Session, *, actor: User, category_id: int | None, new_parent_id: int | None
) -> tuple[Category, int]:
    category = _category(session, category_id)
    new_parent = _category(session, new_parent_id, field="new_parent_id") if new_parent_id else None
    if new_parent is not None and new_parent.deprecated:
        raise AdminError(f"{new_parent.path!r} is deprecated; choose an active parent.", field="new_parent_id")
    old_path = category.path
    try:
        taxonomy.move(session, category=category, new_parent=new_parent)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(_sentence(exc), field="new_parent_id") from None
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.move",
        target=f"category {category.id}: {category.path}",
        details={"from": old_path, "to": category.path, "entries_touched": touched},
    )
    return category, touched


def set_category_deprecated(
    session: Session, *, actor: User, category_id: int | None, deprecated: bool
) -> tuple[Category, int]:
    category = _category(session, category_id)
    if category.deprecated == deprecated:
        state = "already deprecated" if deprecated else "not deprecated"
        raise AdminError(f"{category.path!r} is {state}.", field="category_id")
    if not deprecated and category.parent_id is not None:
        parent = session.get_one(Category, category.parent_id)
        if parent.deprecated:
            raise AdminError(f"Restore {parent.path!r} first: its parent is deprecated.", field="category_id")
    taxonomy.deprecate(session, category=category, deprecated=deprecated)
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.deprecate" if deprecated else "category.restore",
        target=f"category {category.id}: {category.path}",
        details={"entries_touched": touched},
    )
    return category, touched


# ---------------------------------------------------------------- judges and assignments


def create_judge(session: Session, *, actor: User, email: str, display_name: str, password: str) -> User:
    try:
        judge = accounts.create_user(
            session, email=email, role=Role.judge, password=password, display_name=display_name
        )
    except accounts.AccountError as exc:
        raise AdminError(str(exc), field=exc.field) from None
    record_audit(session, actor=actor, action="judge.create", target=f"user {judge.id}: {judge.email}")
    return judge


def end_user_sessions(session: Session, *, actor: User, user_id: int | None) -> User:
    """ "Sign out everywhere" for one user (a lost laptop, a judge who left): audited."""
    user = _get(session, User, user_id, what="user", field="user_id")
    accounts.end_all_sessions(session, user=user)
    record_audit(
        session,
        actor=actor,
        action="user.sessions_end",
        target=f"user {user.id}: {user.email}",
        details={"session_version": user.session_version},
    )
    return user


def add_assignment(
    session: Session, *, actor: User, judge_id: int | None, category_id: int | None, award_id: int | None
) -> JudgeAssignment:
    """Assign a branch, an award, or both (then the judge sees that branch's entries for that award)."""
    judge = _get(session, User, judge_id, what="user", field="judge_id")
    if judge.role != Role.judge:
        raise AdminError(f"{judge.email} is not a judge.", field="judge_id")
    if category_id is None and award_id is None:
        raise AdminError("Choose a category branch, an award, or both.", field="category_id")
    category = _category(session, category_id) if category_id is not None else None
    award = _get(session, Award, award_id, what="award", field="award_id") if award_id is not None else None
    if category is not None and category.deprecated:
        raise AdminError(f"{category.path!r} is deprecated; choose an active branch.", field="category_id")
    duplicate = session.exec(
        select(JudgeAssignment).where(
            JudgeAssignment.user_id == judge.id,
            JudgeAssignment.category_id == category_id
            if category_id is not None
            else col(JudgeAssignment.category_id).is_(None),
            JudgeAssignment.award_id == award_id if award_id is not None else col(JudgeAssignment.award_id).is_(None),
        )
    ).first()
    if duplicate is not None:
        raise AdminError(f"{judge.email} already has this assignment.", field="category_id")
    assignment = JudgeAssignment(user_id=row_id(judge), category_id=category_id, award_id=award_id)
    session.add(assignment)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="assignment.add",
        target=f"user {judge.id}: {judge.email}",
        details={"category": category.path if category else None, "award": award.name if award else None},
    )
    return assignment


def remove_assignment(session: Session, *, actor: User, assignment_id: int) -> None:
    assignment = _get(session, JudgeAssignment, assignment_id, what="assignment")
    judge = session.get_one(User, assignment.user_id)
    category = session.get(Category, assignment.category_id) if assignment.category_id else None
    award = session.get(Award, assignment.award_id) if assignment.award_id else None
    session.delete(assignment)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="assignment.remove",
        target=f"user {judge.id}: {judge.email}",
        details={"category": category.path if category else None, "award": award.name if award else None},
    )


# ---------------------------------------------------------------- moderation


def _nomination(session: Session, nomination_id: int) -> Nomination:
    return _get(session, Nomination, nomination_id, what="entry")


def _touch(session: Session, nomination: Nomination) -> None:
    nomination.updated_at = utcnow()
    session.add(nomination)
    session.flush()
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])


def set_outcome(session: Session, *, actor: User, nomination_id: int, status: str) -> Nomination:
    nomination = _nomination(session, nomination_id)
    try:
        outcome = NominationStatus(status)
    except ValueError:
        outcome = None
    if outcome not in SETTABLE_OUTCOMES:
        raise AdminError(
            "Choose an outcome: shortlisted, not shortlisted, highly commended, winner, or submitted (no outcome).",
            field="status",
        )
    if nomination.status in (NominationStatus.draft, NominationStatus.withdrawn):
        raise AdminError(f"This entry is {nomination.status.value}, so it cannot be given an outcome.", field="status")
    if nomination.status == outcome:
        raise AdminError(f"This entry's outcome is already {outcome.value.replace('_', ' ')}.", field="status")
    previous = nomination.status
    nomination.status = outcome
    _touch(session, nomination)
    record_audit(
        session,
        actor=actor,
        action="entry.outcome",
        target=f"entry {nomination.id}: {nomination.title}",
        details={"from": previous.value, "to": outcome.value},
    )
    return nomination


def publish(session: Session, *, actor: User, nomination_id: int) -> Nomination:
    """Make an entry a public case study: it needs the entrant's consent and a live status."""
    nomination = _nomination(session, nomination_id)
    if nomination.published_at is not None:
        raise AdminError("This entry is already published.")
    if nomination.status in (NominationStatus.draft, NominationStatus.withdrawn):
        raise AdminError(f"This entry is {nomination.status.value} and cannot be published.")
    if not nomination.consent_to_publish:
        raise AdminError("The entrant has not consented to publication, so this entry cannot be published.")
    nomination.published_at = utcnow()
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.publish", target=f"entry {nomination.id}: {nomination.title}")
    return nomination


def unpublish(session: Session, *, actor: User, nomination_id: int) -> Nomination:
    nomination = _nomination(session, nomination_id)
    if nomination.published_at is None:
        raise AdminError("This entry is not published.")
    nomination.published_at = None
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.unpublish", target=f"entry {nomination.id}: {nomination.title}")
    return nomination


def entries_touched_by(session: Session, *, category_id: int) -> int:
    """How many entries a change to this node (and its branch) would re-index."""
    return taxonomy.count_entries_touched(session, category=_category(session, category_id))
