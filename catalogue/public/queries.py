"""Read-only queries behind the public pages (published case studies only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.nominations.models import (
    Award,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
)
from catalogue.taxonomy.models import Category
from catalogue.taxonomy.queries import category_paths_of


@dataclass(kw_only=True)
class CaseStudyView:
    nomination: Nomination
    award: Award
    cycle: Cycle
    programme: AwardProgramme
    category_paths: list[str]


def _published() -> ColumnElement[bool]:
    return col(Nomination.published_at).is_not(None)


def published_case_study(session: Session, *, slug: str) -> CaseStudyView | None:
    """A published entry by slug; None for unknown *and* unpublished slugs alike."""
    row = session.exec(
        select(Nomination, Award, Cycle, AwardProgramme)
        .join(Award, col(Award.id) == Nomination.award_id)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
        .where(Nomination.slug == slug, _published())
    ).first()
    if row is None:
        return None
    nomination, award, cycle, programme = row
    return CaseStudyView(
        nomination=nomination,
        award=award,
        cycle=cycle,
        programme=programme,
        category_paths=category_paths_of(session, nomination_id=row_id(nomination)),
    )


def recent_case_studies(session: Session, *, limit: int = 6) -> list[tuple[Nomination, Award]]:
    return list(
        session.exec(
            select(Nomination, Award)
            .join(Award, col(Award.id) == Nomination.award_id)
            .where(_published())
            .order_by(col(Nomination.published_at).desc(), col(Nomination.id).desc())
            .limit(limit)
        )
    )


def open_awards(session: Session, *, now: datetime) -> list[tuple[Award, Cycle, AwardProgramme]]:
    """Awards accepting entries right now, soonest deadline first. The deadline is the award's
    own, else its cycle's (nominations.window.effective_deadline, here in SQL)."""
    deadline = func.coalesce(col(Award.deadline_at), col(Cycle.closes_at))
    return list(
        session.exec(
            select(Award, Cycle, AwardProgramme)
            .join(Cycle, col(Cycle.id) == Award.cycle_id)
            .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
            .where(Cycle.opens_at <= now, deadline > now)
            .order_by(deadline, col(Award.position), col(Award.name))
        )
    )


def existing_category_paths(session: Session, *, paths: Iterable[str]) -> set[str]:
    """Which of these label paths exist in the taxonomy."""
    wanted = sorted(set(paths))
    if not wanted:
        return set()
    return set(session.exec(select(Category.path).where(col(Category.path).in_(wanted))))


@dataclass(kw_only=True)
class PublishedRow:
    """One published case study with what the open-data exports and the feed need."""

    nomination: Nomination
    award: str
    cycle: int
    category_paths: list[str]


def iter_published(
    session: Session, *, batch_size: int = 500, newest_first: bool = False, limit: int | None = None
) -> Iterator[list[PublishedRow]]:
    """Every published case study, `batch_size` at a time (keyset paging, so memory stays
    flat however many there are): by id, or newest first for the feed."""
    seen = 0
    after: tuple[datetime | None, int | None] | None = None
    while limit is None or seen < limit:
        size = batch_size if limit is None else min(batch_size, limit - seen)
        statement = (
            select(Nomination, Award.name, Cycle.year)
            .join(Award, col(Award.id) == Nomination.award_id)
            .join(Cycle, col(Cycle.id) == Award.cycle_id)
            .where(_published())
        )
        if newest_first:
            if after is not None:
                published_at, last_id = after
                statement = statement.where(
                    (col(Nomination.published_at) < published_at)
                    | ((col(Nomination.published_at) == published_at) & (col(Nomination.id) < last_id))
                )
            statement = statement.order_by(col(Nomination.published_at).desc(), col(Nomination.id).desc())
        else:
            if after is not None:
                statement = statement.where(col(Nomination.id) > after[1])
            statement = statement.order_by(col(Nomination.id))
        rows = list(session.exec(statement.limit(size)))
        if not rows:
            return
        ids = [n.id for n, _, _ in rows]
        paths: dict[int, list[str]] = {}
        for nomination_id, path in session.exec(
            select(NominationCategory.nomination_id, Category.path)
            .join(Category, col(Category.id) == NominationCategory.category_id)
            .where(col(NominationCategory.nomination_id).in_(ids))
            .order_by(col(Category.path))
        ):
            paths.setdefault(nomination_id, []).append(path)
        yield [
            PublishedRow(nomination=n, award=award, cycle=year, category_paths=paths.get(row_id(n), []))
            for n, award, year in rows
        ]
        seen += len(rows)
        last = rows[-1][0]
        after = (last.published_at, last.id)
