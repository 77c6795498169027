"""Reading accounts."""

from __future__ import annotations

from sqlmodel import Session, select

from catalogue.accounts.models import Role, User


def judges(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role == Role.judge).order_by(User.email)))


def home_for(user: User) -> str:
    """Where a user lands after signing in."""
    return "/admin" if user.role == Role.admin else "/judging"
