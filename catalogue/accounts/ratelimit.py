"""Login throttling on the shared store: growing delays, never a lockout.

Three counts, all in the app's store (so every replica sees the same ones):
- per (account, address): from the 3rd failure on, each failure makes that pair wait
  1 s, 2 s, 4 s … up to 15 minutes. This is the guesser's own pair.
- per address, across accounts: 20 failures per 15 minutes, then a wait until the window
  ends (one address guessing many accounts).
- per account, from any address: from the 10th failure in 15 minutes, a short growing wait
  capped at 30 s, so many addresses only slow an account down. An address that has signed in
  to this account before (a "known" pair, kept 30 days) skips it: an attacker elsewhere
  cannot keep the owner out.
Counts are atomic (`Counters`: Redis INCR + EXPIRE in one transaction, not the Store's
get-then-set); waits are plain Store entries that expire. A success clears its pair and marks
it known, never the address's count. Accounts are keyed by a digest of the e-mail address, so
the store holds no addresses of people.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from litestar.stores.base import Store

from catalogue.stores import Counters

STORE_NAME = "login_throttle"


@dataclass(frozen=True, kw_only=True)
class Policy:
    """The numbers; the app keeps one in `app.state.login_policy` (tests may use a slower one)."""

    first_wait: int = 1
    pair_free: int = 3
    pair_cap: int = 15 * 60
    pair_window: int = 24 * 3600
    address_limit: int = 20
    address_window: int = 15 * 60
    account_free: int = 10
    account_cap: int = 30
    account_window: int = 15 * 60
    known_seconds: int = 30 * 24 * 3600


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0

    @property
    def message(self) -> str:
        if self.retry_after < 120:
            unit = "second" if self.retry_after == 1 else "seconds"
            return f"Too many failed sign-in attempts. Try again in {self.retry_after} {unit}."
        minutes = math.ceil(self.retry_after / 60)
        return f"Too many failed sign-in attempts. Try again in {minutes} minutes."


def growing_delay(*, failures: int, free: int, cap: int, first: int = 1) -> int:
    """0 below `free` failures, then first, 2 first, 4 first … seconds from the `free`-th,
    never above `cap`."""
    if failures < free:
        return 0
    return int(min(cap, first * 2 ** min(failures - free, 30)))


def _account(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LoginThrottle:
    counters: Counters
    store: Store
    policy: Policy = DEFAULT_POLICY

    def _keys(self, *, address: str, email: str) -> dict[str, str]:
        account = _account(email)
        return {
            "pair": f"pair:{account}:{address}",
            "address": f"addr:{address}",
            "account": f"acct:{account}",
            "known": f"known:{account}:{address}",
        }

    async def check(self, *, address: str, email: str) -> Verdict:
        """Whether a sign-in may be tried now (before the password is checked)."""
        keys = self._keys(address=address, email=email)
        count, left = await self.counters.peek(keys["address"])
        waits = [left] if count >= self.policy.address_limit else []
        waits.append(await self.store.expires_in("wait:" + keys["pair"]) or 0)
        if not await self.store.exists(keys["known"]):
            waits.append(await self.store.expires_in("wait:" + keys["account"]) or 0)
        wait = max(waits)
        return Verdict(False, retry_after=max(1, wait)) if wait > 0 else Verdict(True)

    async def record_failure(self, *, address: str, email: str) -> None:
        keys = self._keys(address=address, email=email)
        policy = self.policy
        await self.counters.hit(keys["address"], window=policy.address_window)
        for kind, free, cap, window in (
            ("pair", policy.pair_free, policy.pair_cap, policy.pair_window),
            ("account", policy.account_free, policy.account_cap, policy.account_window),
        ):
            failures, _ = await self.counters.hit(keys[kind], window=window)
            if delay := growing_delay(failures=failures, free=free, cap=cap, first=policy.first_wait):
                await self.store.set("wait:" + keys[kind], b"1", expires_in=delay)

    async def record_success(self, *, address: str, email: str) -> None:
        keys = self._keys(address=address, email=email)
        await self.counters.reset(keys["pair"])
        await self.store.delete("wait:" + keys["pair"])
        await self.store.set(keys["known"], b"1", expires_in=self.policy.known_seconds)
