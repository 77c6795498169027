"""Edit tokens, stored hashes and the per-address submission limit."""

from __future__ import annotations

import hashlib

import pytest

from catalogue.nominations.domain import edit_token_for
from catalogue.nominations.queries import hash_token
from catalogue.nominations.ratelimit import wait_text
from catalogue.settings import SettingsError, load_settings


def test_edit_token_is_fixed_by_key_and_secret_and_differs_otherwise():
    a = edit_token_for(secret_key="s" * 40, submission_key="key-1")
    assert a == edit_token_for(secret_key="s" * 40, submission_key="key-1")
    assert (
        len(
            {
                a,
                edit_token_for(secret_key="s" * 40, submission_key="key-2"),
                edit_token_for(secret_key="t" * 40, submission_key="key-1"),
            }
        )
        == 3
    )
    assert (len(a), set(a) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")) == (43, True)


def test_only_the_sha256_of_a_token_is_stored():
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()


def test_the_wait_is_said_in_seconds_then_minutes():
    assert [wait_text(1), wait_text(59), wait_text(119), wait_text(120), wait_text(3600)] == [
        "1 second",
        "59 seconds",
        "119 seconds",
        "2 minutes",
        "60 minutes",
    ]


def test_rate_limit_setting():
    base = {"CATALOGUE_ENV": "development"}
    assert load_settings(base).submission_rate_limit == (20, "minute")
    assert load_settings({**base, "CATALOGUE_SUBMISSION_RATE_LIMIT": "5000/hour"}).submission_rate_limit == (
        5000,
        "hour",
    )
    with pytest.raises(SettingsError) as info:
        load_settings({**base, "CATALOGUE_SUBMISSION_RATE_LIMIT": "lots"})
    assert str(info.value) == (
        "CATALOGUE_SUBMISSION_RATE_LIMIT='lots' is not a rate limit; use COUNT/UNIT "
        "with UNIT one of second, minute, hour, day (e.g. 20/minute)"
    )
