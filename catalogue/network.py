"""Who is asking: the one `client_address` used by login throttling and the submission limit.

X-Forwarded-For is believed only when the direct peer is one of `CATALOGUE_TRUSTED_PROXIES`
(default: none, so a client cannot pick its own address by sending the header). Then the
address is the right-most hop that is not itself a trusted proxy: entries left of it were
written by the client and prove nothing. `catalogue run` gives uvicorn the same list
(`forwarded_allow_ips`), so its logs agree; this function does not depend on it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection

UNKNOWN = "unknown"


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _is_trusted(host: str, trusted: tuple[str, ...]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in _networks(trusted))


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    peer = connection.client.host if connection.client else UNKNOWN
    trusted: tuple[str, ...] = connection.app.state.ctx.settings.trusted_proxies
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in ",".join(connection.headers.getall("x-forwarded-for", [])).split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed hop: fall back to the proxy itself, never the junk
    return peer
