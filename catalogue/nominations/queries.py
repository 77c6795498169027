"""Reads behind the entry pages: open awards, an award's context, an entry by its token."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.judging.models import Score
from catalogue.nominations.models import (
    OUTCOME_STATUSES,
    Attachment,
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationStatus,
)
from catalogue.nominations.window import effective_deadline
from catalogue.public.queries import open_awards
from catalogue.taxonomy.models import PATH_SEPARATOR, Category
from catalogue.taxonomy.queries import active_paths


@dataclass(kw_only=True)
class AwardContext:
    award: Award
    cycle: Cycle
    programme: AwardProgramme
    criteria: list[AwardCriterion]

    @property
    def deadline(self) -> datetime:
        """When new entries close: the award's own deadline, else its cycle's."""
        return effective_deadline(award=self.award, cycle=self.cycle)


@dataclass(kw_only=True)
class CategoryGroup:
    """Category paths offered under one heading (a top-level node and its descendants)."""

    name: str
    paths: list[str]


def hash_token(token: str) -> str:
    """How an edit token or idempotency key is stored: its SHA-256 (they are high-entropy)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _criteria(session: Session, award_ids: list[int]) -> dict[int, list[AwardCriterion]]:
    by_award: dict[int, list[AwardCriterion]] = {award_id: [] for award_id in award_ids}
    rows = session.exec(
        select(AwardCriterion)
        .where(col(AwardCriterion.award_id).in_(award_ids))
        .order_by(col(AwardCriterion.position), col(AwardCriterion.id))
    )
    for criterion in rows:
        by_award[criterion.award_id].append(criterion)
    return by_award


def open_award_contexts(session: Session, *, now: datetime) -> list[AwardContext]:
    """Awards accepting entries now, with their criteria, soonest deadline first."""
    rows = open_awards(session, now=now)
    criteria = _criteria(session, [row_id(award) for award, _, _ in rows])
    return [
        AwardContext(award=award, cycle=cycle, programme=programme, criteria=criteria[row_id(award)])
        for award, cycle, programme in rows
    ]


def award_context(session: Session, *, award_id: int) -> AwardContext | None:
    row = session.exec(
        select(Award, Cycle, AwardProgramme)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
        .where(Award.id == award_id)
    ).first()
    if row is None:
        return None
    award, cycle, programme = row
    return AwardContext(
        award=award, cycle=cycle, programme=programme, criteria=_criteria(session, [row_id(award)])[row_id(award)]
    )


def entry_award_context(session: Session, *, nomination: Nomination) -> AwardContext:
    """The award of a stored entry, which always exists (the entry's foreign key)."""
    context = award_context(session, award_id=nomination.award_id)
    if context is None:
        raise LookupError(f"award {nomination.award_id} of entry {nomination.id} does not exist")
    return context


def category_groups(session: Session) -> list[CategoryGroup]:
    """Active (not deprecated) paths grouped under their top level; lone top-level nodes
    (themes with no children) share one group at the end."""
    groups: dict[str, list[str]] = {}
    for path in active_paths(session):
        groups.setdefault(path.split(PATH_SEPARATOR, 1)[0], []).append(path)
    nested = [CategoryGroup(name=root, paths=paths) for root, paths in groups.items() if len(paths) > 1]
    lone = [paths[0] for paths in groups.values() if len(paths) == 1]
    if lone:
        nested.append(CategoryGroup(name="Other categories", paths=lone))
    return nested


def active_categories(session: Session, *, paths: list[str]) -> dict[str, Category]:
    """The named paths that exist and are not deprecated, by path."""
    if not paths:
        return {}
    rows = session.exec(select(Category).where(col(Category.path).in_(paths), col(Category.deprecated).is_(False)))
    return {category.path: category for category in rows}


def entry_by_token(session: Session, *, token: str) -> Nomination | None:
    if not token or len(token) > 200:
        return None
    return session.exec(select(Nomination).where(Nomination.edit_token_hash == hash_token(token))).first()


def entry_by_submission_key(session: Session, *, submission_key: str) -> Nomination | None:
    return session.exec(select(Nomination).where(Nomination.submission_key_hash == hash_token(submission_key))).first()


def attachments_of(session: Session, *, nomination_id: int) -> list[Attachment]:
    return list(
        session.exec(select(Attachment).where(Attachment.nomination_id == nomination_id).order_by(col(Attachment.id)))
    )


def judging_started(session: Session, *, award_id: int) -> bool:
    """Whether judging of an award has started: a judge has recorded a score for one of its
    entries, or an entry of it has an outcome."""
    scored = (
        select(Score.id)
        .join(Nomination, col(Nomination.id) == Score.nomination_id)
        .where(Nomination.award_id == award_id)
    )
    decided = select(Nomination.id).where(
        Nomination.award_id == award_id,
        col(Nomination.status).in_([*OUTCOME_STATUSES, NominationStatus.not_shortlisted]),
    )
    return session.exec(scored.limit(1)).first() is not None or session.exec(decided.limit(1)).first() is not None
