"""The audit log as people read it: each row with its sentence, labelled details, and a
link to its target when the target still exists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.audit_labels import TARGET_PAGES, detail_rows, parse_target, sentence
from catalogue.admin.models import AuditLog
from catalogue.nominations.models import Award, Nomination
from catalogue.timeutil import uk_datetime

AUDIT_PAGE_SIZE = 50
#: the `actor` filter's value for actions taken by an entrant (no account)
ENTRANT = "entrant"


@dataclass(frozen=True, kw_only=True)
class AuditView:
    id: int
    when: str
    created_at: datetime
    action: str
    actor: str
    before: str
    target: str
    after: str
    href: str
    details: list[tuple[str, str]]


def _existing(session: Session, rows: Sequence[AuditLog]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {"entry": set(), "award": set(), "user": set()}
    for row in rows:
        target = parse_target(row.target)
        if target.kind in wanted and target.ident is not None:
            wanted[target.kind].add(target.ident)
    found: dict[str, set[int]] = {}
    for kind, model in (("entry", Nomination), ("award", Award), ("user", User)):
        ids = wanted[kind]
        found[kind] = set(session.exec(select(model.id).where(col(model.id).in_(ids)))) if ids else set()  # type: ignore[arg-type]
    return found


def views(session: Session, rows: Sequence[tuple[AuditLog, str | None]]) -> list[AuditView]:
    existing = _existing(session, [row for row, _ in rows])
    out = []
    for row, email in rows:
        target = parse_target(row.target)
        before, after = sentence(row.action, row.details)
        page = TARGET_PAGES.get(target.kind, "")
        linkable = target.ident is not None and (target.kind not in existing or target.ident in existing[target.kind])
        out.append(
            AuditView(
                id=row.id or 0,
                when=uk_datetime(row.created_at),
                created_at=row.created_at,
                action=row.action,
                actor=email or ("The entrant" if row.user_id is None else "(deleted user)"),
                before=before,
                target=target.text,
                after=after,
                href=page.format(id=target.ident) if page and linkable else "",
                details=detail_rows(row.action, row.details),
            )
        )
    return out


def _conditions(*, action: str | None, actor: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if action:
        conditions.append(col(AuditLog.action) == action)
    if actor == ENTRANT:
        conditions.append(col(AuditLog.user_id).is_(None))
    elif actor:
        conditions.append(col(AuditLog.user_id) == int(actor))
    return conditions


def audit_log(session: Session, *, action: str | None, actor: str | None, page: int) -> tuple[list[AuditView], int]:
    """One page, newest first. `actor` is a user id (as text) or ENTRANT."""
    conditions = _conditions(action=action, actor=actor)
    total = session.exec(select(func.count()).select_from(AuditLog).where(*conditions)).one()
    rows = session.exec(
        select(AuditLog, User.email)
        .outerjoin(User, col(User.id) == AuditLog.user_id)
        .where(*conditions)
        .order_by(col(AuditLog.created_at).desc(), col(AuditLog.id).desc())
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
    ).all()
    return views(session, rows), total


def entry_history(session: Session, *, nomination_id: int) -> list[AuditView]:
    """Every audited action on one entry, oldest first."""
    rows = session.exec(
        select(AuditLog, User.email)
        .outerjoin(User, col(User.id) == AuditLog.user_id)
        .where(col(AuditLog.target).startswith(f"entry {nomination_id}:", autoescape=True))
        .order_by(col(AuditLog.created_at), col(AuditLog.id))
    ).all()
    return views(session, rows)


def actors(session: Session) -> list[tuple[str, str]]:
    """(filter value, label) of everyone who appears in the log."""
    rows = session.exec(
        select(User.id, User.email).where(col(User.id).in_(select(AuditLog.user_id).distinct())).order_by(User.email)
    ).all()
    choices = [(str(uid), email) for uid, email in rows]
    has_entrant = session.exec(select(AuditLog.id).where(col(AuditLog.user_id).is_(None)).limit(1)).first()
    return choices + ([(ENTRANT, "The entrant")] if has_entrant is not None else [])
