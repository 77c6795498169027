"""What a judge may see: the union of their assignments, each a taxonomy branch and/or an award,
narrowed to what is judgeable (catalogue/judging/judgeable.py).

Every judging query and every judge's search goes through this module, so the rule lives in
one place: `judging_access` decides who judges and who only looks, `judge_scopes` reads the
assignment rows, `search_scopes` turns them into the search layer's `SearchQuery.scopes`, and
`scope_condition` into a SQL condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import Session, col, select

from catalogue.accounts.models import Role, User
from catalogue.db import row_id
from catalogue.judging.judgeable import cycle_in_judging, judgeable
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Award, Cycle, Nomination, NominationCategory
from catalogue.taxonomy.models import PATH_SEPARATOR, Category
from search.query import Scope


@dataclass(frozen=True, kw_only=True)
class AssignedScope:
    """A branch, an award, or both; neither means every entry (an administrator looking on)."""

    category_path: str | None
    award_id: int | None
    award_name: str | None


#: the read-only view of an administrator who is not assigned: every judgeable entry
EVERYTHING = AssignedScope(category_path=None, award_id=None, award_name=None)


@dataclass(frozen=True, kw_only=True)
class JudgingAccess:
    """Who is on the judging pages: a judge (scores in their scopes) or a read-only onlooker."""

    user_id: int
    scopes: tuple[AssignedScope, ...]
    read_only: bool


def judging_access(session: Session, *, user: User) -> JudgingAccess:
    """Anyone with assignments judges them; an administrator without any sees everything read-only."""
    scopes = judge_scopes(session, judge_id=row_id(user))
    if user.role == Role.admin and not scopes:
        return JudgingAccess(user_id=row_id(user), scopes=(EVERYTHING,), read_only=True)
    return JudgingAccess(user_id=row_id(user), scopes=scopes, read_only=False)


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


def search_scopes(session: Session, *, scopes: tuple[AssignedScope, ...], now: datetime) -> tuple[Scope, ...]:
    """`SearchQuery.scopes` for these scopes: the one place search restrictions are built.

    Each scope is narrowed to the awards of cycles in judging, so the index's counts match the
    database's (a branch scope becomes one scope per such award); none left means nothing."""
    awards = session.exec(
        select(Award.id, Award.name)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .where(cycle_in_judging(now))
        .order_by(col(Award.id))
    ).all()
    found: list[Scope] = []
    for s in scopes:
        for award_id, award_name in awards:
            if s.award_id is None or s.award_id == award_id:
                scope = Scope(category_path=s.category_path, award=award_name, award_id=award_id)
                if scope not in found:
                    found.append(scope)
    return tuple(found)


def in_branch(path: str) -> ColumnElement[bool]:
    """SQL: the nomination is filed in this category or anywhere below it."""
    return col(Nomination.id).in_(
        select(NominationCategory.nomination_id)
        .join(Category, col(Category.id) == NominationCategory.category_id)
        .where(or_(col(Category.path) == path, col(Category.path).startswith(path + PATH_SEPARATOR, autoescape=True)))
    )


def in_scopes(scopes: tuple[AssignedScope, ...]) -> ColumnElement[bool]:
    """SQL condition on Nomination: inside at least one scope, judgeable or not."""
    clauses: list[ColumnElement[bool]] = []
    for scope in scopes:
        parts: list[ColumnElement[bool]] = []
        if scope.category_path is not None:
            parts.append(in_branch(scope.category_path))
        if scope.award_id is not None:
            parts.append(col(Nomination.award_id) == scope.award_id)
        clauses.append(and_(*parts) if parts else true())
    return or_(*clauses) if clauses else false()


def scope_condition(scopes: tuple[AssignedScope, ...], *, now: datetime) -> ColumnElement[bool]:
    """SQL condition on Nomination: inside at least one scope and judgeable."""
    return and_(in_scopes(scopes), judgeable(now))
