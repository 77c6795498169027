"""A per-address limit on nomination writes (form posts, edits, the JSON API), on the shared
store, so every replica counts against one limit (`CATALOGUE_SUBMISSION_RATE_LIMIT`, e.g.
`20/minute`).

Why not Litestar's RateLimitConfig: its middleware reads the history from the store, checks
and writes it back under a lock of its own process only, so two replicas reading the same
count both let a request through (the limit becomes the limit times the replicas); its 429
carries no Retry-After and no message of ours. So this is a guard on the write routes only,
counting with the store's atomic counter (`Counters.hit`: Redis INCR + EXPIRE in one
transaction) in a fixed window of one unit, keyed by the one `client_address`.
A store that is down raises StoreUnavailable: a 503, nothing accepted and then lost.
"""

from __future__ import annotations

import math
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import TooManyRequestsException
from litestar.handlers import BaseRouteHandler

from catalogue.network import client_address
from catalogue.stores import counters_of

UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
TOO_MANY_MESSAGE = (
    "Too many entries have been sent from your network in a short time. Wait "
    "{wait} and send again: use your browser's Back button, and what you typed "
    "will still be there."
)


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


async def submission_rate_limit(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: refuse with 429 and Retry-After once an address is over the limit."""
    count, unit = connection.app.state.ctx.settings.submission_rate_limit
    hits, retry_after = await counters_of(connection.app).hit(
        f"submissions:{unit}:{client_address(connection)}", window=UNIT_SECONDS[unit]
    )
    if hits > count:
        raise TooManyRequestsException(
            detail=TOO_MANY_MESSAGE.format(wait=wait_text(retry_after)), headers={"retry-after": str(retry_after)}
        )
