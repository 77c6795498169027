"""What is still to be judged: the one rule every judging list, count and guard applies.

An entry is *judgeable* when it has been submitted (not a draft, not withdrawn), has no
outcome yet (not shortlisted, not a winner, ...) and is not published, and its award's cycle
is *open or judging*. Cycles carry no explicit state, so their phase is read from their dates:
a cycle is open from `opens_at` to `closes_at` and then judging until the next cycle of the
same programme opens; a superseded cycle, or one not yet open, is not judged.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from catalogue.nominations.models import Award, Cycle, Nomination, NominationStatus

#: Entries ranked in the results: submitted ones and those already given an outcome.
RANKED_STATUSES = (
    NominationStatus.submitted,
    NominationStatus.shortlisted,
    NominationStatus.not_shortlisted,
    NominationStatus.highly_commended,
    NominationStatus.winner,
)


def cycle_in_judging(now: datetime) -> ColumnElement[bool]:
    """SQL on Cycle: the cycle has opened and no later cycle of its programme has opened yet."""
    later = aliased(Cycle)
    superseded = exists(
        select(col(later.id)).where(
            col(later.programme_id) == Cycle.programme_id,
            col(later.opens_at) > Cycle.opens_at,
            col(later.opens_at) <= now,
        )
    )
    return and_(col(Cycle.opens_at) <= now, ~superseded)


def judgeable_awards(now: datetime) -> ColumnElement[bool]:
    """SQL on Nomination: its award belongs to a cycle that is open or judging."""
    return col(Nomination.award_id).in_(
        select(col(Award.id)).join(Cycle, col(Cycle.id) == Award.cycle_id).where(cycle_in_judging(now))
    )


def judgeable(now: datetime) -> ColumnElement[bool]:
    """SQL on Nomination: the judgeable rule (see the module docstring)."""
    return and_(
        col(Nomination.status) == NominationStatus.submitted,
        col(Nomination.published_at).is_(None),
        judgeable_awards(now),
    )
