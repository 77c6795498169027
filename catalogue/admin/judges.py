"""Judges' accounts and their assignments to branches and awards."""

from __future__ import annotations

from sqlmodel import Session, col, select

from catalogue.accounts import domain as accounts
from catalogue.accounts.models import Role, User
from catalogue.admin.categories import category_or_error
from catalogue.admin.rules import (
    AdminError,
    get_row,
    record_audit,
)
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import (
    Award,
)
from catalogue.taxonomy.models import Category


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
    user = get_row(session, User, user_id, what="user", field="user_id")
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
    judge = get_row(session, User, judge_id, what="user", field="judge_id")
    if judge.role != Role.judge:
        raise AdminError(f"{judge.email} is not a judge.", field="judge_id")
    if category_id is None and award_id is None:
        raise AdminError("Choose a category branch, an award, or both.", field="category_id")
    category = category_or_error(session, category_id) if category_id is not None else None
    award = get_row(session, Award, award_id, what="award", field="award_id") if award_id is not None else None
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
    assignment = get_row(session, JudgeAssignment, assignment_id, what="assignment")
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
