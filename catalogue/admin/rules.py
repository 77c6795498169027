"""What every administrative action shares: the error it raises, the audit row it writes, and
the cleaning of free text."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from catalogue.accounts.models import User
from catalogue.admin.models import AuditLog
from catalogue.nominations.models import (
    NominationStatus,
)

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


def sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def record_audit(
    session: Session, *, actor: User, action: str, target: str, details: dict[str, Any] | None = None
) -> AuditLog:
    entry = AuditLog(user_id=actor.id, action=action, target=target[:300], details=details or {})
    session.add(entry)
    session.flush()
    return entry


def clean_text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise AdminError(f"Enter the {label}.", field=field)
    if len(cleaned) > max_length:
        raise AdminError(f"The {label} must be at most {max_length} characters.", field=field)
    return cleaned


_Row = TypeVar("_Row", bound=SQLModel)


def get_row(session: Session, model: type[_Row], ident: int | None, *, what: str, field: str = "") -> _Row:
    if ident is None:
        raise AdminError(f"Choose the {what}.", field=field)
    row = session.get(model, ident)
    if row is None:
        raise AdminError(f"No {what} with the number {ident} exists.", field=field)
    return row
