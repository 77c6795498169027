"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Response


def content_security_policy(*, connect_src: Sequence[str] = ()) -> str:
    """The app's strict policy (no inline script or style); `connect_src` adds the sources a
    page may also fetch from (the embed page talks to Meilisearch)."""
    connect = " ".join(("'self'", *connect_src))
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        f"connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


CONTENT_SECURITY_POLICY = content_security_policy()

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


async def add_security_headers(response: Response[Any]) -> Response[Any]:
    """Set each header unless the handler chose its own (the embed page widens connect-src)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
