"""When an entry may become a public case study (the publishing guard).

Publishing is meant for judged entries after the entry window: an entry needs an outcome and
entries for its award must have closed. An administrator may publish earlier, or without an
outcome, only by saying so and giving a reason, which the audit log keeps. Entries that can
never be published (drafts, withdrawn entries, no consent) are refused outright."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from catalogue.nominations.models import Award, Cycle, Nomination, NominationStatus
from catalogue.nominations.window import effective_deadline
from catalogue.timeutil import uk_datetime

#: statuses that are an outcome of judging (an entry with one of these has been decided)
DECIDED = (
    NominationStatus.shortlisted,
    NominationStatus.not_shortlisted,
    NominationStatus.highly_commended,
    NominationStatus.winner,
)
REASON_MAX = 1000


def entry_deadline(session: Session, *, award: Award) -> datetime:
    """When entries for this award close (its own deadline, else its cycle's)."""
    deadline = effective_deadline(award=award, cycle=session.get_one(Cycle, award.cycle_id))
    return deadline if deadline.tzinfo is not None else deadline.replace(tzinfo=UTC)


def entries_closed(session: Session, *, nomination: Nomination, now: datetime) -> bool:
    return entry_deadline(session, award=session.get_one(Award, nomination.award_id)) <= now


@dataclass(frozen=True, kw_only=True)
class PublishCheck:
    """`refusal`: why it can never be published now (no override); `held`: what an override
    with a reason would set aside (no outcome yet, entries still open)."""

    refusal: str = ""
    held: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.refusal and not self.held


def publish_check(session: Session, *, nomination: Nomination, now: datetime) -> PublishCheck:
    if nomination.published_at is not None:
        return PublishCheck(refusal="This entry is already published.")
    if nomination.status in (NominationStatus.draft, NominationStatus.withdrawn):
        return PublishCheck(refusal=f"This entry is {nomination.status.value} and cannot be published.")
    if not nomination.consent_to_publish:
        return PublishCheck(refusal="The entrant has not consented to publication, so this entry cannot be published.")
    held = []
    if nomination.status not in DECIDED:
        held.append("it has no outcome yet")
    if not entries_closed(session, nomination=nomination, now=now):
        deadline = entry_deadline(session, award=session.get_one(Award, nomination.award_id))
        held.append(f"entries are open until {uk_datetime(deadline)}")
    return PublishCheck(held=tuple(held))
