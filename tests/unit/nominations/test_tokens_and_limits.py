"""Edit tokens, stored hashes and the per-address submission limit."""

from __future__ import annotations

import hashlib

import pytest

from catalogue.nominations.domain import edit_token_for
from catalogue.nominations.queries import hash_token
from catalogue.nominations.ratelimit import SlidingWindowLimiter
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


def test_sliding_window_limit():
    now = [1000.0]
    limiter = SlidingWindowLimiter(limit=2, window_seconds=60, clock=lambda: now[0])
    assert [limiter.hit("1.2.3.4"), limiter.hit("1.2.3.4"), limiter.hit("1.2.3.4"), limiter.hit("5.6.7.8")] == [
        0,
        0,
        60,
        0,
    ]
    now[0] += 30
    assert limiter.hit("1.2.3.4") == 30
    now[0] += 30
    assert limiter.hit("1.2.3.4") == 0


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
