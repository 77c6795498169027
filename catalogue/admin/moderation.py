"""Outcomes and publication of entries."""

from __future__ import annotations

from sqlmodel import Session

from catalogue.accounts.models import User
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
        target=f"entry {nomination.id}: {nomination.title}",
        details={"from": previous.value, "to": outcome.value},
    )
    return nomination


def publish(session: Session, *, actor: User, nomination_id: int) -> Nomination:
    """Make an entry a public case study: it needs the entrant's consent and a live status."""
    nomination = _nomination(session, nomination_id)
    if nomination.published_at is not None:
        raise AdminError("This entry is already published.")
    if nomination.status in (NominationStatus.draft, NominationStatus.withdrawn):
        raise AdminError(f"This entry is {nomination.status.value} and cannot be published.")
    if not nomination.consent_to_publish:
        raise AdminError("The entrant has not consented to publication, so this entry cannot be published.")
    nomination.published_at = utcnow()
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.publish", target=f"entry {nomination.id}: {nomination.title}")
    return nomination


def unpublish(session: Session, *, actor: User, nomination_id: int) -> Nomination:
    nomination = _nomination(session, nomination_id)
    if nomination.published_at is None:
        raise AdminError("This entry is not published.")
    nomination.published_at = None
    _touch(session, nomination)
    record_audit(session, actor=actor, action="entry.unpublish", target=f"entry {nomination.id}: {nomination.title}")
    return nomination
