"""One moderation action applied to several selected entries at once (/admin/entries).

Each entry goes through the same rule as a single action (catalogue.admin.moderation), which
refuses before it changes anything; so one refused entry leaves the others applied, and the
result says what changed and what was refused and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from catalogue.accounts.models import User
from catalogue.admin import moderation
from catalogue.admin.display import UNTITLED
from catalogue.admin.rules import SETTABLE_OUTCOMES, AdminError, record_audit
from catalogue.nominations.models import Nomination, NominationStatus

#: value -> what the button says
BULK_ACTIONS = {"shortlist": "Shortlist", "outcome": "Set outcome", "publish": "Publish"}
#: at most this many entries in one request (two pages of the list)
MAX_SELECTED = 100


@dataclass(kw_only=True)
class BulkResult:
    """What one bulk request did; the summaries list entries alphabetically."""

    action: str
    changed: list[str] = field(default_factory=list)
    #: (entry, why it was refused)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        verb = {"shortlist": "Shortlisted", "outcome": "Outcome set for", "publish": "Published"}[self.action]
        count = len(self.changed)
        return f"{verb} {count} {'entry' if count == 1 else 'entries'}" + (
            f": {', '.join(sorted(self.changed))}." if self.changed else "."
        )

    def refusals(self) -> str:
        count = len(self.refused)
        listed = "; ".join(f"{title}: {why.rstrip('.')}" for title, why in sorted(self.refused))
        return f"{count} {'entry was' if count == 1 else 'entries were'} not changed. {listed}."


def _label(session: Session, nomination_id: int) -> str:
    nomination = session.get(Nomination, nomination_id)
    if nomination is None:
        return f"Entry {nomination_id}"
    return nomination.title or f"{UNTITLED} {nomination_id}"


def apply(
    session: Session, *, actor: User, action: str, nomination_ids: list[int], status: str, now: datetime
) -> BulkResult:
    if action not in BULK_ACTIONS:
        raise AdminError("Choose what to do with the selected entries.", field="action")
    ids = list(dict.fromkeys(nomination_ids))
    if not ids:
        raise AdminError("Select at least one entry.", field="entry")
    if len(ids) > MAX_SELECTED:
        raise AdminError(f"Select at most {MAX_SELECTED} entries at a time.", field="entry")
    if action == "outcome" and status not in {s.value for s in SETTABLE_OUTCOMES}:
        raise AdminError("Choose the outcome to set.", field="status")
    result = BulkResult(action=action)
    for nomination_id in ids:
        label = _label(session, nomination_id)
        try:
            if action == "publish":
                moderation.publish(session, actor=actor, nomination_id=nomination_id, now=now)
            else:
                target = NominationStatus.shortlisted.value if action == "shortlist" else status
                moderation.set_outcome(session, actor=actor, nomination_id=nomination_id, status=target)
        except AdminError as exc:  # raised before anything changed
            result.refused.append((label, exc.message))
        else:
            result.changed.append(label)
    record_audit(
        session,
        actor=actor,
        action="entry.bulk",
        target=f"{len(ids)} selected entries",
        details={
            "bulk_action": BULK_ACTIONS[action],
            "outcome": status if action == "outcome" else None,
            "changed": len(result.changed),
            "refused": len(result.refused),
        },
    )
    return result
