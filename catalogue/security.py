"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

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


async def add_security_headers(message: Message, _scope: Scope) -> None:
    """A `before_send` hook, so every response has the headers, a 404 for a path no route
    serves included (an `after_request` hook runs only where a route matched). A header the
    handler set itself is kept (the embed page widens connect-src)."""
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value


#: HTTPS only, for a year, subdomains too: sent only where the site is served over https
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def uses_hsts(settings: Settings) -> bool:
    """Production with an https public URL (a development server on http://127.0.0.1 must
    not pin the browser to https)."""
    return not settings.is_development and settings.base_url.lower().startswith("https://")


def hsts_hook(settings: Settings) -> Callable[[Message, Scope], Awaitable[None]]:
    """A `before_send` hook: per app (handlers cache their after_request hooks across apps)
    and on every response, error pages included."""
    enabled = uses_hsts(settings)

    async def add_hsts(message: Message, _scope: Scope) -> None:
        if enabled and message["type"] == "http.response.start":
            MutableScopeHeaders.from_message(message)["strict-transport-security"] = STRICT_TRANSPORT_SECURITY

    return add_hsts
