"""Login throttling: failed sign-ins counted per client address and per account.

The store is an in-process dictionary of recent failure times (a sliding window), guarded by
a lock because handlers run in worker threads. It lives on the app (`app.state`), so:
- it is empty after a restart (an attacker gains one fresh window per restart);
- with several replicas or workers each keeps its own counts, so the effective limit is the
  limit times the number of processes. Deployments with many replicas should put a shared
  limit in front (the reverse proxy's `limit_req`), or move this store to the database.
Only failures are recorded; a success clears that account's count (never the address's, so
one valid account cannot be used to reset an address that is guessing other accounts).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"Too many failed sign-in attempts. Try again in {minutes} {unit}."


class LoginRateLimiter:
    def __init__(
        self,
        *,
        account_limit: int = ACCOUNT_LIMIT,
        address_limit: int = ADDRESS_LIMIT,
        window_seconds: int = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.account_limit = account_limit
        self.address_limit = address_limit
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(*, address: str, email: str) -> tuple[str, str]:
        return f"addr:{address}", f"acct:{email.strip().lower()}"

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, *, address: str, email: str) -> Verdict:
        """Whether a sign-in attempt may be tried at all (before the password is checked)."""
        now = self._clock()
        address_key, account_key = self._keys(address=address, email=email)
        with self._lock:
            waits = []
            for key, limit in ((address_key, self.address_limit), (account_key, self.account_limit)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window - now)
        if waits:
            return Verdict(False, retry_after=max(1, math.ceil(max(waits))))
        return Verdict(True)

    def record_failure(self, *, address: str, email: str) -> None:
        now = self._clock()
        with self._lock:
            for key in self._keys(address=address, email=email):
                self._failures.setdefault(key, deque()).append(now)

    def record_success(self, *, address: str, email: str) -> None:
        _, account_key = self._keys(address=address, email=email)
        with self._lock:
            self._failures.pop(account_key, None)
