"""What the admin pages show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Award, AwardCriterion, AwardProgramme, Cycle, Nomination
from catalogue.taxonomy.models import Category
from catalogue.taxonomy.queries import TreeNode, category_tree


def overview(session: Session) -> dict[str, Any]:
    by_status = dict(session.exec(select(Nomination.status, func.count()).group_by(Nomination.status)).all())
    published = session.exec(
        select(func.count()).select_from(Nomination).where(col(Nomination.published_at).is_not(None))
    ).one()
    return {"by_status": {str(k): v for k, v in by_status.items()}, "published": published}


@dataclass(kw_only=True)
class AwardRow:
    award: Award
    cycle: Cycle
    programme: AwardProgramme
    criteria: list[AwardCriterion]
    entries: int


def programmes(session: Session) -> list[AwardProgramme]:
    return list(session.exec(select(AwardProgramme).order_by(AwardProgramme.name)))


def cycles(session: Session) -> list[tuple[Cycle, AwardProgramme]]:
    return list(
        session.exec(
            select(Cycle, AwardProgramme)
            .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
            .order_by(AwardProgramme.name, col(Cycle.year).desc())
        )
    )


def awards(session: Session) -> list[AwardRow]:
    counts = dict(session.exec(select(Nomination.award_id, func.count()).group_by(col(Nomination.award_id))).all())
    criteria: dict[int, list[AwardCriterion]] = {}
    for c in session.exec(select(AwardCriterion).order_by(col(AwardCriterion.position), col(AwardCriterion.id))):
        criteria.setdefault(c.award_id, []).append(c)
    rows = session.exec(
        select(Award, Cycle, AwardProgramme)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
        .order_by(col(AwardProgramme.name), col(Cycle.year).desc(), col(Award.position), col(Award.name))
    )
    return [
        AwardRow(award=a, cycle=c, programme=p, criteria=criteria.get(row_id(a), []), entries=counts.get(row_id(a), 0))
        for a, c, p in rows
    ]


def award_row(session: Session, *, award_id: int) -> AwardRow | None:
    return next((row for row in awards(session) if row.award.id == award_id), None)


def flat_tree(session: Session) -> list[TreeNode]:
    """Every category in tree order with its entry count (descendants included)."""
    out: list[TreeNode] = []

    def walk(nodes: list[TreeNode]) -> None:
        for node in nodes:
            out.append(node)
            walk(node.children)

    walk(category_tree(session, published_only=False))
    return out


@dataclass(kw_only=True)
class JudgeView:
    judge: User
    #: (assignment id, category path or None, award label or None)
    assignments: list[tuple[int, str | None, str | None]]


def judges(session: Session) -> list[JudgeView]:
    from catalogue.accounts.queries import judges as all_judges

    views = {j.id: JudgeView(judge=j, assignments=[]) for j in all_judges(session)}
    rows = session.exec(
        select(JudgeAssignment, Category.path, Award.name, Cycle.year)
        .outerjoin(Category, col(Category.id) == JudgeAssignment.category_id)
        .outerjoin(Award, col(Award.id) == JudgeAssignment.award_id)
        .outerjoin(Cycle, col(Cycle.id) == Award.cycle_id)
        .order_by(col(JudgeAssignment.id))
    )
    for assignment, path, award_name, year in rows:
        if assignment.user_id in views:
            label = f"{award_name} ({year})" if award_name else None
            views[assignment.user_id].assignments.append((row_id(assignment), path, label))
    return list(views.values())


def award_choices(session: Session) -> list[tuple[int, str]]:
    return [(row_id(row.award), f"{row.award.name} ({row.cycle.name})") for row in awards(session)]


def nomination_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Nomination)).one()
