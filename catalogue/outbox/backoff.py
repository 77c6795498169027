"""How long an outbox row (an index change, a mail) waits before its next attempt."""

from __future__ import annotations

from datetime import timedelta

MAX_BACKOFF_SECONDS = 300


def backoff_delay(attempts: int) -> timedelta:
    """1 s after the first failure, doubling, at most five minutes."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2 ** max(0, attempts - 1)))
