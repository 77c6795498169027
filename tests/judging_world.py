"""A small judging world shared by the accounts, judging and admin tests: two branches with a
judge each, an administrator, open and blind awards, and entries in every state."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pytest
from sqlmodel import Session

from catalogue.accounts.domain import create_user
from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Attachment, Award, Nomination
from tests.factories import existing_category, make_award, make_nomination

PASSWORD = "correct horse battery staple"
BRANCH_A = "Acute"
BRANCH_B = "Mental Health"


@dataclass(kw_only=True)
class World:
    admin: User
    judge_a: User
    judge_b: User
    award: Award
    blind_award: Award
    a_family: Nomination  # Acute > Family Care > Digital technology, award
    a_surgery: Nomination  # Acute > Surgery, blind award, with contact and attachment
    b_digital: Nomination  # Mental Health > Digital technology, award
    a_draft: Nomination  # Acute > Surgery, draft (never judged)
    a_withdrawn: Nomination  # Acute > Family Care, withdrawn


def build_world(session: Session) -> World:
    admin = create_user(session, email="admin@example.org", role="admin", password=PASSWORD, display_name="Ada Admin")
    judge_a = create_user(session, email="judge.a@example.org", role="judge", password=PASSWORD, display_name="Judge A")
    judge_b = create_user(session, email="judge.b@example.org", role="judge", password=PASSWORD, display_name="Judge B")
    award = make_award(session, name="Best digital service", criteria=(("Impact", 2.0), ("Innovation", 1.0)))
    blind = make_award(session, name="Blind award", blind_judging=True, criteria=(("Quality", 1.0),))
    a_family = make_nomination(
        session,
        title="Family app",
        award=award,
        organisation="Open Trust",
        categories=["Acute > Family Care > Digital technology"],
        body="A family care app used on every ward.",
    )
    a_surgery = make_nomination(
        session,
        title="Surgery checklist",
        award=blind,
        organisation="Secret Hospital",
        categories=["Acute > Surgery"],
        contact_name="Sam Secret",
        contact_email="sam@secret.example",
        website="https://secret.example",
        body="A checklist that cut surgical delays.",
    )
    session.add(
        Attachment(
            nomination_id=row_id(a_surgery),
            filename="secret-hospital-report.pdf",
            content_type="application/pdf",
            size_bytes=1234,
            sha256="0" * 64,
            storage_key="k1",
        )
    )
    b_digital = make_nomination(
        session,
        title="Mind chat",
        award=award,
        organisation="Calm Trust",
        categories=["Mental Health > Digital technology"],
        body="Peer support chat.",
    )
    a_draft = make_nomination(
        session, title="Unfinished draft", award=award, status="draft", categories=["Acute > Surgery"]
    )
    a_withdrawn = make_nomination(
        session, title="Withdrawn idea", award=award, status="withdrawn", categories=["Acute > Family Care"]
    )
    session.add(JudgeAssignment(user_id=row_id(judge_a), category_id=row_id(existing_category(session, BRANCH_A))))
    session.add(JudgeAssignment(user_id=row_id(judge_b), category_id=row_id(existing_category(session, BRANCH_B))))
    session.commit()
    return World(
        admin=admin,
        judge_a=judge_a,
        judge_b=judge_b,
        award=award,
        blind_award=blind,
        a_family=a_family,
        a_surgery=a_surgery,
        b_digital=b_digital,
        a_draft=a_draft,
        a_withdrawn=a_withdrawn,
    )


_HIDDEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_token(client: httpx.Client) -> str:
    """The CSRF token of this client's cookie (read from the sign-in form)."""
    page = client.get("/login")
    match = _HIDDEN.search(page.text)
    if match is None:  # a signed-in client is redirected: any form page carries it
        page = client.get("/account/password")
        match = _HIDDEN.search(page.text)
    assert match is not None, "no CSRF field found"
    return match.group(1)


def post(client: httpx.Client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={"_csrf_token": csrf_token(client), **(data or {})}, follow_redirects=False, **kwargs)


def login(client: httpx.Client, email: str, password: str = PASSWORD):
    client.cookies.clear()
    return post(client, "/login", {"email": email, "password": password})


def sign_in_as(client: httpx.Client, email: str) -> None:
    response = login(client, email)
    assert response.status_code == 303, response.text


@pytest.fixture
def world(session, client) -> World:
    """The judging world, indexed by the real engine (CATALOGUE_TEST_ENGINE: embedded by default)."""
    built = build_world(session)
    client.app.state.ctx.search.drain_outbox()
    return built
