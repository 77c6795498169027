"""The main navigation's sections by role (catalogue/navigation.py)."""

from __future__ import annotations

from catalogue.accounts.models import Role, User
from catalogue.navigation import Visitor


def _labels(visitor: Visitor) -> list[str]:
    return [link.label for link in visitor.sections]


def test_each_role_is_offered_the_sections_it_may_open():
    assert _labels(Visitor(user=None, known=True)) == []
    assert _labels(Visitor(user=User(email="j@example.org", role=Role.judge, password_hash="x"), known=True)) == [
        "Judging"
    ]
    assert _labels(Visitor(user=User(email="a@example.org", role=Role.admin, password_hash="x"), known=True)) == [
        "Judging",
        "Admin",
    ]
