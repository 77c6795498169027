"""The one rule for how long an entrant may change an entry, and the words that state it.

The entry form, the confirmation page and mail, the edit page and the save path all ask
`edit_window`, so what an entrant is told is what the save path enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from catalogue.nominations.models import Award, Cycle, EditsClose, NominationStatus
from catalogue.timeutil import uk_datetime

if TYPE_CHECKING:
    from catalogue.nominations.queries import AwardContext

#: statuses an entrant may still change; any other is withdrawn or has an outcome
EDITABLE_STATUSES = (NominationStatus.draft, NominationStatus.submitted)
JUDGING_STARTS_MEANS = "judging starts when a judge records the first score for this award, or an outcome is set"


def effective_deadline(*, award: Award, cycle: Cycle) -> datetime:
    """The award's own deadline where it has one, else its cycle's close."""
    return award.deadline_at or cycle.closes_at


def taking_entries(*, award: Award, cycle: Cycle, now: datetime) -> bool:
    """Whether a new entry may be made now."""
    return cycle.opens_at <= now < effective_deadline(award=award, cycle=cycle)


@dataclass(frozen=True, kw_only=True)
class EditWindow:
    deadline: datetime
    #: the award's choice: edits also close when judging starts
    closes_when_judging_starts: bool
    #: "until …": how long changes are accepted, in words (en-GB, UK time)
    until: str
    #: why the entry cannot be changed now; None while it can
    reason: str | None

    @property
    def editable(self) -> bool:
        return self.reason is None


def until_words(*, award: Award, cycle: Cycle) -> str:
    deadline = uk_datetime(effective_deadline(award=award, cycle=cycle))
    if award.edits_close == EditsClose.judging_starts:
        return f"until judging starts or the deadline, {deadline}, whichever is sooner ({JUDGING_STARTS_MEANS})"
    return f"until the deadline, {deadline}"


def edit_window(
    *,
    award: Award,
    cycle: Cycle,
    status: NominationStatus | None,
    judging_started: bool,
    now: datetime,
) -> EditWindow:
    """Until when, and if not now why not, an entry of this award may be changed or withdrawn.

    `status` is None for an entry not yet made. Withdrawing ends changes, and so does an
    outcome. Otherwise changes end at the award's deadline (its own, else its cycle's) or,
    where the award says so, as soon as judging of it starts if that is sooner.
    """
    deadline = effective_deadline(award=award, cycle=cycle)
    by_judging = award.edits_close == EditsClose.judging_starts
    reason: str | None = None
    if status == NominationStatus.withdrawn:
        reason = "You withdrew this entry, so it can no longer be changed."
    elif status is not None and status not in EDITABLE_STATUSES:
        reason = "An outcome has been set for this entry, so it can no longer be changed."
    elif now >= deadline:
        reason = f"The deadline for this award was {uk_datetime(deadline)}, so this entry can no longer be changed." + (
            " It was not submitted." if status == NominationStatus.draft else ""
        )
    elif by_judging and judging_started:
        reason = "Judging of this award has started, so this entry can no longer be changed."
    return EditWindow(
        deadline=deadline,
        closes_when_judging_starts=by_judging,
        until=until_words(award=award, cycle=cycle),
        reason=reason,
    )


def closed_message(context: AwardContext, *, now: datetime) -> str:
    """Why the award takes no new entries now (before it opens, or after its deadline)."""
    if now < context.cycle.opens_at:
        return f"Entries for “{context.award.name}” open on {uk_datetime(context.cycle.opens_at)}."
    deadline = effective_deadline(award=context.award, cycle=context.cycle)
    return (
        f"Entries for “{context.award.name}” closed on {uk_datetime(deadline)}, "
        "so no new entries or changes can be accepted."
    )
