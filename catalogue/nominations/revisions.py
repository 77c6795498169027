"""Edits to a published case study are held for review (issue #11).

Once an entry is public, an entrant's change to its public text (title, body, links...) is
stored as a pending `NominationRevision` instead of being applied, so nothing reaches the
public page or the `case_studies` index until an administrator approves it. The entry row
always holds the approved text; both steps are written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.models import AuditLog
from catalogue.admin.rules import AdminError, record_audit
from catalogue.db import row_id
from catalogue.nominations.models import Nomination
from catalogue.nominations.revision_models import NominationRevision, RevisionState
from catalogue.nominations.schemas import LABELS, NominationIn
from catalogue.outbox.domain import record_nomination_changes

#: what the public sees of an entry; contact details, consent, categories and files are not held
PUBLIC_FIELDS = (
    "title",
    "organisation",
    "organisation_type",
    "region",
    "summary",
    "body",
    "website",
    "links",
    "social_handles",
)
REASON_MAX = 2000
PENDING_NOTICE = (
    "Your changes are saved. Because your case study is already published, the changes to "
    "its public text will appear once an administrator has reviewed them; until then the "
    "public page shows the approved version. The form below shows your latest changes."
)


def pending_revision(session: Session, *, nomination_id: int) -> NominationRevision | None:
    return session.exec(
        select(NominationRevision).where(
            NominationRevision.nomination_id == nomination_id, NominationRevision.state == RevisionState.pending
        )
    ).first()


def _target(nomination: Nomination) -> str:
    return f"entry {nomination.id}: {nomination.title}"


def hold_if_published(session: Session, *, nomination: Nomination, data: NominationIn, now: datetime) -> frozenset[str]:
    """Called before an entrant's edit is applied; returns the fields to leave untouched.

    A published entry that stays published has its public changes held (a second edit
    updates the pending revision). An entry that is not public, or whose consent is being
    withdrawn (it leaves the site), takes every change at once; any stale revision is dropped.
    """
    pending = pending_revision(session, nomination_id=row_id(nomination))
    if nomination.published_at is None or not data.consent_to_publish:
        if pending is not None:
            session.delete(pending)
        return frozenset()
    changed = {name: getattr(data, name) for name in PUBLIC_FIELDS if getattr(data, name) != getattr(nomination, name)}
    if not changed:
        if pending is not None:  # the entrant put the approved text back: nothing left to review
            session.delete(pending)
            session.add(AuditLog(action="revision.withdraw", target=_target(nomination)[:300], details={}))
        return frozenset(PUBLIC_FIELDS)
    if pending is None:
        pending = NominationRevision(nomination_id=row_id(nomination), proposed=changed, submitted_at=now)
    else:
        pending.proposed = changed
        pending.submitted_at = now
    session.add(pending)
    session.flush()
    session.add(
        AuditLog(
            action="revision.submit",
            target=_target(nomination)[:300],
            details={"revision": pending.id, "fields": sorted(changed)},
        )
    )
    return frozenset(PUBLIC_FIELDS)


def entry_with_pending(session: Session, *, nomination: Nomination) -> Any:
    """The entry as its entrant last saved it (pending text over the approved), for the form."""
    pending = pending_revision(session, nomination_id=row_id(nomination))
    values = {name: getattr(nomination, name) for name in (*PUBLIC_FIELDS, "contact_name", "contact_email")}
    values["consent_to_publish"] = nomination.consent_to_publish
    if pending is not None:
        values.update({k: v for k, v in pending.proposed.items() if k in PUBLIC_FIELDS})
    return SimpleNamespace(**values)


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class QueueItem:
    revision: NominationRevision
    nomination: Nomination
    changes: list[FieldChange]


def _shown(value: Any) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


def review_queue(session: Session) -> list[QueueItem]:
    """Pending revisions, oldest first, each with the approved and proposed text per field."""
    rows = session.exec(
        select(NominationRevision, Nomination)
        .join(Nomination, col(Nomination.id) == NominationRevision.nomination_id)
        .where(NominationRevision.state == RevisionState.pending)
        .order_by(col(NominationRevision.submitted_at), col(NominationRevision.id))
    ).all()
    return [
        QueueItem(
            revision=revision,
            nomination=nomination,
            changes=[
                FieldChange(name=name, label=LABELS[name], old=_shown(getattr(nomination, name)), new=_shown(value))
                for name, value in revision.proposed.items()
                if name in PUBLIC_FIELDS
            ],
        )
        for revision, nomination in rows
    ]


def _pending(session: Session, revision_id: int) -> tuple[NominationRevision, Nomination]:
    revision = session.get(NominationRevision, revision_id)
    if revision is None or revision.state != RevisionState.pending:
        raise AdminError("This revision is no longer waiting for review; it may have been decided already.")
    return revision, session.get_one(Nomination, revision.nomination_id)


def approve(session: Session, *, actor: User, revision_id: int, now: datetime) -> Nomination:
    """Apply the proposed text to the entry and re-index it, so the public sees it."""
    revision, nomination = _pending(session, revision_id)
    old_target = _target(nomination)
    for name, value in revision.proposed.items():
        if name in PUBLIC_FIELDS:
            setattr(nomination, name, value)
    nomination.updated_at = now
    session.add(nomination)
    revision.state = RevisionState.approved
    revision.decided_by = actor.id
    revision.decided_at = now
    session.add(revision)
    session.flush()
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])
    record_audit(
        session,
        actor=actor,
        action="revision.approve",
        target=old_target,
        details={"revision": revision.id, "fields": sorted(revision.proposed)},
    )
    return nomination


def reject(session: Session, *, actor: User, revision_id: int, reason: str, now: datetime) -> Nomination:
    """Refuse the proposed text; the entry keeps its approved text. A reason is required."""
    reason = reason.strip()
    if not reason:
        raise AdminError("Give a reason for rejecting this revision.", field="reason")
    if len(reason) > REASON_MAX:
        raise AdminError(f"The reason can be at most {REASON_MAX} characters.", field="reason")
    revision, nomination = _pending(session, revision_id)
    revision.state = RevisionState.rejected
    revision.decided_by = actor.id
    revision.decided_at = now
    revision.reason = reason
    session.add(revision)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="revision.reject",
        target=_target(nomination),
        details={"revision": revision.id, "reason": reason},
    )
    return nomination
