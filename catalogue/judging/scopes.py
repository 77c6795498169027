"""What a judge may see: the union of their assignments, each a taxonomy branch and/or an award.

Every judging query and every judge's search goes through this module, so the rule lives in
one place: `judge_scopes` reads the assignment rows, `search_scopes` turns them into the
search layer's `SearchQuery.scopes`, and `scope_condition` into a SQL condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, col, select

from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Award, Nomination, NominationCategory, NominationStatus
from catalogue.taxonomy.models import PATH_SEPARATOR, Category
from search.query import Scope

#: Entries a judge reviews: submitted ones, and those already given an outcome.
JUDGEABLE_STATUSES = (
    NominationStatus.submitted,
    NominationStatus.shortlisted,
    NominationStatus.not_shortlisted,
    NominationStatus.highly_commended,
    NominationStatus.winner,
)


@dataclass(frozen=True, kw_only=True)
class AssignedScope:
    category_path: str | None
    award_id: int | None
    award_name: str | None


def judge_scopes(session: Session, *, judge_id: int) -> tuple[AssignedScope, ...]:
    """The judge's assignments, resolved to the branch's current path and the award's name."""
    rows = session.exec(
        select(JudgeAssignment, Category.path, Award.name)
        .outerjoin(Category, col(Category.id) == JudgeAssignment.category_id)
        .outerjoin(Award, col(Award.id) == JudgeAssignment.award_id)
        .where(JudgeAssignment.user_id == judge_id)
        .order_by(col(JudgeAssignment.id))
    ).all()
    return tuple(
        AssignedScope(category_path=path, award_id=assignment.award_id, award_name=award_name)
        for assignment, path, award_name in rows
        if assignment.category_id is not None or assignment.award_id is not None
    )


def search_scopes(session: Session, *, judge_id: int) -> tuple[Scope, ...]:
    """`SearchQuery.scopes` for a judge: the one place search restrictions are built."""
    return tuple(
        Scope(category_path=s.category_path, award=s.award_name, award_id=s.award_id)
        for s in judge_scopes(session, judge_id=judge_id)
    )


def in_branch(path: str) -> ColumnElement[bool]:
    """SQL: the nomination is filed in this category or anywhere below it."""
    return col(Nomination.id).in_(
        select(NominationCategory.nomination_id)
        .join(Category, col(Category.id) == NominationCategory.category_id)
        .where(or_(col(Category.path) == path, col(Category.path).startswith(path + PATH_SEPARATOR, autoescape=True)))
    )


def scope_condition(scopes: tuple[AssignedScope, ...], *, judgeable_only: bool = True) -> ColumnElement[bool]:
    """SQL condition on Nomination: inside at least one scope (and, by default, judgeable)."""
    clauses: list[ColumnElement[bool]] = []
    for scope in scopes:
        parts: list[ColumnElement[bool]] = []
        if scope.category_path is not None:
            parts.append(in_branch(scope.category_path))
        if scope.award_id is not None:
            parts.append(col(Nomination.award_id) == scope.award_id)
        if parts:
            clauses.append(and_(*parts))
    if not clauses:
        return false()
    condition = or_(*clauses)
    if judgeable_only:
        condition = and_(condition, col(Nomination.status).in_(JUDGEABLE_STATUSES))
    return condition
