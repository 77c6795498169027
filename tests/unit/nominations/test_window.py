"""The edit rule: until the award's deadline (its own, else its cycle's), or until judging
starts where the award says so; withdrawn entries and entries with an outcome are closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from catalogue.nominations.models import Award, Cycle, EditsClose, NominationStatus
from catalogue.nominations.window import edit_window, effective_deadline, taking_entries

OPENS = datetime(2026, 9, 1, tzinfo=UTC)
CLOSES = datetime(2027, 3, 31, 16, 0, tzinfo=UTC)  # 17:00 BST
BEFORE = datetime(2027, 2, 1, tzinfo=UTC)


def cycle() -> Cycle:
    return Cycle(programme_id=1, year=2027, name="2027 awards", opens_at=OPENS, closes_at=CLOSES)


def award(**fields) -> Award:
    return Award(cycle_id=1, name="Best network", slug="best-network", **fields)


def window(a: Award, *, status=NominationStatus.submitted, judging_started=False, now=BEFORE):
    return edit_window(award=a, cycle=cycle(), status=status, judging_started=judging_started, now=now)


def test_until_the_cycle_deadline_by_default_in_words():
    w = window(award())
    assert (w.editable, w.reason, w.deadline) == (True, None, CLOSES)
    assert w.until == "until the deadline, 31 March 2027, 17:00 BST"


def test_the_award_deadline_overrides_the_cycle_one_both_ways():
    earlier = award(deadline_at=datetime(2027, 1, 15, 12, 0, tzinfo=UTC))
    later = award(deadline_at=datetime(2027, 4, 30, 16, 0, tzinfo=UTC))
    assert effective_deadline(award=earlier, cycle=cycle()) == datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    assert window(earlier).reason == (
        "The deadline for this award was 15 January 2027, 12:00 GMT, so this entry can no longer be changed."
    )
    after_cycle_close = datetime(2027, 4, 10, tzinfo=UTC)
    assert window(later, now=after_cycle_close).editable
    assert taking_entries(award=later, cycle=cycle(), now=after_cycle_close)
    assert not taking_entries(award=award(), cycle=cycle(), now=after_cycle_close)
    assert not taking_entries(award=later, cycle=cycle(), now=datetime(2026, 8, 31, tzinfo=UTC))


def test_a_first_score_closes_edits_only_where_the_award_says_so():
    by_deadline = award(edits_close=EditsClose.deadline)
    by_judging = award(edits_close=EditsClose.judging_starts)
    assert window(by_deadline, judging_started=True).editable
    closed = window(by_judging, judging_started=True)
    assert closed.reason == "Judging of this award has started, so this entry can no longer be changed."
    assert window(by_judging, judging_started=False).editable
    assert closed.until == (
        "until judging starts or the deadline, 31 March 2027, 17:00 BST, whichever is sooner "
        "(judging starts when a judge records the first score for this award, or an outcome is set)"
    )


def test_the_deadline_itself_is_closed_and_a_draft_is_said_to_be_unsubmitted():
    w = window(award(), status=NominationStatus.draft, now=CLOSES)
    assert w.reason == (
        "The deadline for this award was 31 March 2027, 17:00 BST, so this entry can no longer be changed."
        " It was not submitted."
    )


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (NominationStatus.withdrawn, "You withdrew this entry, so it can no longer be changed."),
        (NominationStatus.shortlisted, "An outcome has been set for this entry, so it can no longer be changed."),
        (NominationStatus.winner, "An outcome has been set for this entry, so it can no longer be changed."),
    ],
)
def test_withdrawn_and_decided_entries_are_closed_whatever_the_award_says(status, reason):
    assert window(award(), status=status).reason == reason


def test_before_an_entry_exists_the_window_states_the_rule():
    w = edit_window(award=award(), cycle=cycle(), status=None, judging_started=False, now=BEFORE)
    assert (w.editable, w.until) == (True, "until the deadline, 31 March 2027, 17:00 BST")
