"""Who a page is shown to: the signed-in user on every page, error pages included, and the
parts of the site (beyond the public ones) that the main navigation offers them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection

from catalogue.accounts.guards import cached_user, load_user, user_loaded
from catalogue.accounts.models import Role, User

#: sections of the site for signed-in roles, in navigation order: (nav key, path, label, roles)
SECTIONS = (
    ("judging", "/judging", "Judging", frozenset({Role.judge, Role.admin})),
    ("admin", "/admin", "Admin", frozenset({Role.admin})),
)


@dataclass(frozen=True, kw_only=True)
class NavLink:
    key: str
    path: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Visitor:
    """`user`: who is signed in (None: nobody). `known`: False where nobody looked (a path no
    route serves, a form without its CSRF token), so a page neither greets anyone nor offers
    to sign in."""

    user: User | None
    known: bool

    @property
    def sections(self) -> list[NavLink]:
        if self.user is None:
            return []
        return [
            NavLink(key=key, path=path, label=label) for key, path, label, roles in SECTIONS if self.user.role in roles
        ]


async def remember_visitor(request: Request[Any, Any, Any]) -> None:
    """A `before_request` hook: load the signed-in user (cached on the request) so the page
    can show what they may use. Costs nothing when no one is signed in."""
    await load_user(request)


def visitor(connection: ASGIConnection[Any, Any, Any, Any]) -> Visitor:
    """The visitor of this request, for templates (which cannot await)."""
    return Visitor(user=cached_user(connection), known=user_loaded(connection))
