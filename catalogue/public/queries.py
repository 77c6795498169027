"""Read-only queries behind the public pages (published case studies only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from catalogue.nominations.models import (
    Award,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
)
from catalogue.taxonomy.models import Category


@dataclass(kw_only=True)
class CaseStudyView:
    nomination: Nomination
    award: Award
    cycle: Cycle
    programme: AwardProgramme
    category_paths: list[str]


def _published() -> object:
    return col(Nomination.published_at).is_not(None)


def category_paths_of(session: Session, *, nomination_id: int) -> list[str]:
    return list(
        session.exec(
            select(Category.path)
            .join(NominationCategory, NominationCategory.category_id == Category.id)
            .where(NominationCategory.nomination_id == nomination_id)
            .order_by(Category.path)
        )
    )


def published_case_study(session: Session, *, slug: str) -> CaseStudyView | None:
    """A published entry by slug; None for unknown *and* unpublished slugs alike."""
    row = session.exec(
        select(Nomination, Award, Cycle, AwardProgramme)
        .join(Award, Award.id == Nomination.award_id)
        .join(Cycle, Cycle.id == Award.cycle_id)
        .join(AwardProgramme, AwardProgramme.id == Cycle.programme_id)
        .where(Nomination.slug == slug, _published())
    ).first()
    if row is None:
        return None
    nomination, award, cycle, programme = row
    return CaseStudyView(
        nomination=nomination, award=award, cycle=cycle, programme=programme,
        category_paths=category_paths_of(session, nomination_id=nomination.id),
    )


def recent_case_studies(session: Session, *, limit: int = 6) -> list[tuple[Nomination, Award]]:
    return list(
        session.exec(
            select(Nomination, Award)
            .join(Award, Award.id == Nomination.award_id)
            .where(_published())
            .order_by(col(Nomination.published_at).desc(), col(Nomination.id).desc())
            .limit(limit)
        )
    )


def open_awards(session: Session, *, now: datetime) -> list[tuple[Award, Cycle, AwardProgramme]]:
    """Awards whose cycle is accepting entries right now, soonest deadline first."""
    return list(
        session.exec(
            select(Award, Cycle, AwardProgramme)
            .join(Cycle, Cycle.id == Award.cycle_id)
            .join(AwardProgramme, AwardProgramme.id == Cycle.programme_id)
            .where(Cycle.opens_at <= now, Cycle.closes_at > now)
            .order_by(Cycle.closes_at, Award.position, Award.name)
        )
    )


def existing_category_paths(session: Session, *, paths: Iterable[str]) -> set[str]:
    """Which of these label paths exist in the taxonomy."""
    wanted = sorted(set(paths))
    if not wanted:
        return set()
    return set(session.exec(select(Category.path).where(col(Category.path).in_(wanted))))
