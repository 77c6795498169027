"""The app's one store for short-lived shared state (sessions, throttling, rate limits).

`CATALOGUE_STORE_URL` set: every named store of the registry is a `RedisStore` over one
connection pool, each in its own namespace, so all replicas see the same sessions and counts.
Unset: in-process `MemoryStore`s (one node only, emptied by a restart), no server needed.

Counting (throttling, rate limits) needs an atomic "add one and set its expiry" that the
Store interface lacks (its get-then-set would let two replicas both read 4 and both write 5),
so `Counters` runs INCR + EXPIRE in one Redis transaction, or under a lock in-process.

A store that cannot be reached raises `StoreUnavailable`: the app answers 503 (never a
stack trace), and a sign-in or submission is refused rather than let through unthrottled.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from litestar.exceptions import HTTPException
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from redis.asyncio import ConnectionPool, Redis
from redis.exceptions import RedisError

from catalogue.settings import Settings

NAMESPACE = "CATALOGUE"
#: a store that does not answer within this is treated as down (a fast 503, not a hang)
TIMEOUT_SECONDS = 2.0


class StoreUnavailable(HTTPException):
    status_code = 503
    detail = "Signing in and sending entries are briefly unavailable. Please try again in a minute."


class Counters:
    """Atomic counters with an expiry: `hit` adds one and returns (count, seconds left)."""

    async def hit(self, key: str, *, window: int) -> tuple[int, int]:
        raise NotImplementedError

    async def peek(self, key: str) -> tuple[int, int]:
        """(count, seconds left) without counting; (0, 0) when absent."""
        raise NotImplementedError

    async def reset(self, key: str) -> None:
        raise NotImplementedError


@dataclass
class MemoryCounters(Counters):
    _values: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _live(self, key: str, now: float) -> tuple[int, float]:
        count, expires = self._values.get(key, (0, 0.0))
        if expires <= now:
            self._values.pop(key, None)
            return 0, 0.0
        return count, expires

    async def hit(self, key: str, *, window: int) -> tuple[int, int]:
        with self._lock:
            now = time.monotonic()
            count, expires = self._live(key, now)
            if not count:
                expires = now + window
            self._values[key] = (count + 1, expires)
            if len(self._values) > 50_000:
                for stale in [k for k, (_, e) in self._values.items() if e <= now]:
                    del self._values[stale]
            return count + 1, max(1, round(expires - now))

    async def peek(self, key: str) -> tuple[int, int]:
        with self._lock:
            now = time.monotonic()
            count, expires = self._live(key, now)
            return count, max(0, round(expires - now))

    async def reset(self, key: str) -> None:
        with self._lock:
            self._values.pop(key, None)


@dataclass
class RedisCounters(Counters):
    redis: Redis
    prefix: str

    async def hit(self, key: str, *, window: int) -> tuple[int, int]:
        name = f"{self.prefix}:{key}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, window, nx=True)  # the window starts with the first hit
                pipe.ttl(name)
                count, _, ttl = await pipe.execute()
        except RedisError as exc:
            raise StoreUnavailable() from exc
        return int(count), max(1, int(ttl))

    async def peek(self, key: str) -> tuple[int, int]:
        name = f"{self.prefix}:{key}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.get(name)
                pipe.ttl(name)
                count, ttl = await pipe.execute()
        except RedisError as exc:
            raise StoreUnavailable() from exc
        return (int(count), max(0, int(ttl))) if count is not None else (0, 0)

    async def reset(self, key: str) -> None:
        try:
            await self.redis.delete(f"{self.prefix}:{key}")
        except RedisError as exc:
            raise StoreUnavailable() from exc


class SharedRedisStore(RedisStore):
    """A RedisStore whose outages surface as StoreUnavailable (a 503), not a bare RedisError."""

    def with_namespace(self, namespace: str) -> SharedRedisStore:
        return SharedRedisStore(redis=self._redis, namespace=f"{self.namespace}_{namespace}")

    async def set(self, key: str, value: str | bytes, expires_in: Any = None) -> None:
        try:
            await super().set(key, value, expires_in)
        except RedisError as exc:
            raise StoreUnavailable() from exc

    async def get(self, key: str, renew_for: Any = None) -> bytes | None:
        try:
            return await super().get(key, renew_for)
        except RedisError as exc:
            raise StoreUnavailable() from exc

    async def delete(self, key: str) -> None:
        try:
            await super().delete(key)
        except RedisError as exc:
            raise StoreUnavailable() from exc

    async def exists(self, key: str) -> bool:
        try:
            return await super().exists(key)
        except RedisError as exc:
            raise StoreUnavailable() from exc

    async def expires_in(self, key: str) -> int | None:
        try:
            return await super().expires_in(key)
        except RedisError as exc:
            raise StoreUnavailable() from exc


@dataclass
class SharedState:
    """What the app holds: the registry it hands Litestar, the counters, and how to close."""

    registry: StoreRegistry
    counters: Counters
    redis: Redis | None = None

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose(close_connection_pool=True)


def build_shared_state(settings: Settings) -> SharedState:
    if not settings.store_url:
        return SharedState(
            registry=StoreRegistry(default_factory=lambda _name: MemoryStore()), counters=MemoryCounters()
        )
    pool: ConnectionPool = ConnectionPool.from_url(
        settings.store_url,
        decode_responses=False,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )
    redis = Redis(connection_pool=pool)
    root = SharedRedisStore(redis=redis, namespace=NAMESPACE)
    return SharedState(
        registry=StoreRegistry(default_factory=root.with_namespace),
        counters=RedisCounters(redis=redis, prefix=f"{NAMESPACE}_counters"),
        redis=redis,
    )


def counters_of(app: Any) -> Counters:
    shared: SharedState = app.state.shared
    return shared.counters
