"""Outcomes and publication of entries."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from catalogue.accounts.models import User
from catalogue.admin.display import UNTITLED
from catalogue.admin.publication import REASON_MAX, publish_check
from catalogue.admin.rules import (
    SETTABLE_OUTCOMES,
    AdminError,
    get_row,
    record_audit,
)
from catalogue.db import row_id
from catalogue.nominations.models import (
    Nomination,
    NominationStatus,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.timeutil import utcnow


def _nomination(session: Session, nomination_id: int) -> Nomination:
    return get_row(session, Nomination, nomination_id, what="entry")


def _target(nomination: Nomination) -> str:
    return f"entry {nomination.id}: {nomination.title or UNTITLED}"


def _touch(session: Session, nomination: Nomination) -> None:
    nomination.updated_at = utcnow()
    session.add(nomination)
    session.flush()
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])


def set_outcome(session: Session, *, actor: User, nomination_id: int, status: str) -> Nomination:
    nomination = _nomination(session, nomination_id)
    try:
        outcome = NominationStatus(status)
    except ValueError:
        outcome = None
    if outcome not in SETTABLE_OUTCOMES:
        raise AdminError(
            "Choose an outcome: shortlisted, not shortlisted, highly commended, winner, or submitted (no outcome).",
            field="status",
        )
    if nomination.status in (NominationStatus.draft, NominationStatus.withdrawn):
        raise AdminError(f"This entry is {nomination.status.value}, so it cannot be given an outcome.", field="status")
    if nomination.status == outcome:
        raise AdminError(f"This entry's outcome is already {outcome.value.replace('_', ' ')}.", field="status")
    previous = nomination.status
    nomination.status = outcome
    _touch(session, nomination)
    record_audit(
        session,
        actor=actor,
        action="entry.outcome",
        target=_target(nomination),
        details={"from": previous.value, "to": outcome.value},
    )
    return nomination


def publish(
    session: Session, *, actor: User, nomination_id: int, now: datetime, override: bool = False, reason: str = ""
) -> Nomination:
    """Make an entry a public case study (see catalogue.admin.publication for when). An
    override publishes before the deadline or without an outcome; its reason is audited."""
    nomination = _nomination(session, nomination_id)
    check = publish_check(session, nomination=nomination, now=now)
    if check.refusal:
        raise AdminError(check.refusal)
    details: dict[str, object] = {}
    if check.held:
        why = " and ".join(check.held)
        if not override:
            raise AdminError(
                f"Not published: {why}. Publishing anyway needs the override on the entry's page "
                "(“Publish before the deadline or without an outcome”) and a reason.",
                field="override",
            )
        reason = " ".join(reason.split())
        if not reason:
            raise AdminError(f"Give the reason for publishing although {why}.", field="override_reason")
        if len(reason) > REASON_MAX:
            raise AdminError(f"The reason can be at most {REASON_MAX} characters.", field="override_reason")
        details = {"override": why, "reason": reason}
    nomination.published_at = now
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.publish", target=_target(nomination), details=details)
    return nomination


def unpublish(session: Session, *, actor: User, nomination_id: int) -> Nomination:
    nomination = _nomination(session, nomination_id)
    if nomination.published_at is None:
        raise AdminError("This entry is not published.")
    nomination.published_at = None
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.unpublish", target=_target(nomination))
    return nomination
