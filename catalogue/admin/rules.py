"""What every administrative action shares: the error it raises, the audit row it writes, and
the cleaning of free text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
_Value = TypeVar("_Value")
MAX_SCORE_LIMIT = 100


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class AdminError(ValueError):
    """A rule was broken; nothing was changed. `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def errors(self) -> list[FieldError]:
        return [FieldError(self.field, self.message)]


class AdminErrors(AdminError):
    """Several rules broken by one form, every one reported at once (first one as `message`)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors[0].message, field=errors[0].field)
        self._errors = errors

    @property
    def errors(self) -> list[FieldError]:
        return list(self._errors)


class Checks:
    """Collects the errors of a form's fields so that all of them are reported together.

    `check(fn, ...)` runs one field's rule and returns its value, or None after noting its
    error; `done()` raises AdminErrors if anything was noted."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def check(self, rule: Callable[..., _Value], *args: Any, **kwargs: Any) -> _Value | None:
        try:
            return rule(*args, **kwargs)
        except AdminError as exc:
            self.errors.extend(exc.errors)
            return None

    def failed(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def done(self) -> None:
        if self.errors:
            raise AdminErrors(self.errors)


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
