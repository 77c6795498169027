"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from litestar import Response

from catalogue.settings import Settings


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


#: HTTPS only, for a year, subdomains too: sent only where the site is served over https
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers for this deployment: HSTS in production when the public URL is https (a
    development server on http://127.0.0.1 must not pin the browser to https)."""
    if not settings.is_development and settings.base_url.lower().startswith("https://"):
        return {**SECURITY_HEADERS, "strict-transport-security": STRICT_TRANSPORT_SECURITY}
    return dict(SECURITY_HEADERS)


def security_headers_hook(settings: Settings) -> Callable[[Response[Any]], Awaitable[Response[Any]]]:
    headers = security_headers(settings)

    async def add_security_headers(response: Response[Any]) -> Response[Any]:
        """Set each header unless the handler chose its own (the embed page widens connect-src)."""
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    return add_security_headers
