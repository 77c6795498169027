"""A per-address limit on nomination writes (form posts, edits, the JSON API).

Litestar's RateLimitConfig fixes its limit when the app is built from module-level handlers,
and counts every request it sees; this small sliding-window store reads the limit from the
app's settings (`CATALOGUE_SUBMISSION_RATE_LIMIT`, e.g. `20/minute`, so a benchmark can raise
it) and is applied as a guard to the write routes only. It lives in the process: each replica
or worker keeps its own counts (the effective limit is the limit times the processes) and a
restart empties it. Put a shared limit in the reverse proxy for many replicas.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import TooManyRequestsException
from litestar.handlers import BaseRouteHandler

UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
TOO_MANY_MESSAGE = (
    "Too many entries have been sent from your network in a short time. Wait "
    "{wait} and send again: use your browser's Back button, and what you typed "
    "will still be there."
)


class SlidingWindowLimiter:
    def __init__(self, *, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Count one attempt; 0 if allowed, else the seconds until one more is allowed."""
        now = self._clock()
        with self._lock:
            times = self._hits.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(1, math.ceil(times[0] + self.window - now))
            times.append(now)
            if len(self._hits) > 10_000:
                self._prune(now)
            return 0

    def _prune(self, now: float) -> None:
        for key in [k for k, t in self._hits.items() if not t or t[-1] <= now - self.window]:
            del self._hits[key]


def _limiter(connection: ASGIConnection[Any, Any, Any, Any]) -> SlidingWindowLimiter:
    state = connection.app.state
    limiter = state.get("submission_limiter")
    if limiter is None:
        count, unit = state.ctx.settings.submission_rate_limit
        limiter = SlidingWindowLimiter(limit=count, window_seconds=UNIT_SECONDS[unit])
        state["submission_limiter"] = limiter
    return limiter


def submission_rate_limit(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: refuse with 429 and Retry-After once an address is over the limit."""
    address = connection.client.host if connection.client else "unknown"
    retry_after = _limiter(connection).hit(address)
    if retry_after:
        wait = f"{retry_after} seconds" if retry_after < 120 else f"{math.ceil(retry_after / 60)} minutes"
        raise TooManyRequestsException(
            detail=TOO_MANY_MESSAGE.format(wait=wait), headers={"retry-after": str(retry_after)}
        )
