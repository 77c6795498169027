"""UK time: stored UTC, shown en-GB with GMT or BST, typed wall-clock times read as UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from catalogue.timeutil import NotAUkTime, from_uk, uk_date, uk_datetime, uk_parts


def test_summer_moments_are_shown_in_bst():
    assert uk_datetime(datetime(2027, 3, 31, 16, 0, tzinfo=UTC)) == "31 March 2027, 17:00 BST"


def test_winter_moments_are_shown_in_gmt():
    assert uk_datetime(datetime(2027, 1, 5, 9, 30, tzinfo=UTC)) == "5 January 2027, 09:30 GMT"


def test_the_uk_calendar_day_is_shown_not_the_utc_one():
    late_utc = datetime(2027, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in the UK
    assert (uk_date(late_utc), uk_datetime(late_utc)) == ("1 July 2027", "1 July 2027, 00:30 BST")


def test_a_naive_value_is_taken_as_utc_and_none_is_empty():
    naive = datetime(2027, 12, 1, 12, 0)  # noqa: DTZ001 - what SQLite can hand back
    assert uk_datetime(naive) == "1 December 2027, 12:00 GMT"
    assert (uk_datetime(None), uk_date(None), uk_parts(None)) == ("", "", ("", ""))


def test_form_values_are_uk_wall_clock():
    assert uk_parts(datetime(2027, 3, 31, 16, 0, tzinfo=UTC)) == ("2027-03-31", "17:00")


def test_typed_uk_times_become_utc():
    assert from_uk(date(2027, 3, 31), time(17, 0)) == datetime(2027, 3, 31, 16, 0, tzinfo=UTC)
    assert from_uk(date(2027, 1, 31), time(17, 0)) == datetime(2027, 1, 31, 17, 0, tzinfo=UTC)


def test_in_the_repeated_hour_the_first_bst_time_is_meant():
    assert from_uk(date(2027, 10, 31), time(1, 30)) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_time_skipped_when_the_clocks_go_forward_is_refused():
    with pytest.raises(NotAUkTime, match="01:30 on 28 March 2027 does not exist in the UK"):
        from_uk(date(2027, 3, 28), time(1, 30))
