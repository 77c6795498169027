"""Entry-form fixtures: an open award over a small taxonomy, an HTTP client, and a helper
that behaves like a browser (GET the form for its CSRF token and idempotency key, then POST
multipart, as a form with enctype=multipart/form-data does)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest
from litestar.testing import TestClient

from catalogue.app import create_app
from catalogue.taxonomy.domain import deprecate, ensure_path
from tests.factories import make_open_award

PATHS = [
    "Acute",
    "Acute > Together we can",
    "Mental Health",
    "Mental Health > Digital technology",
    "Digital technology",
]
DEPRECATED = "Acute > Old idea"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

VALID = {
    "contact_name": "Ada Lovelace",
    "contact_email": "ada@example.org",
    "organisation": "Shift.ms",
    "organisation_type": "Charity",
    "region": "National",
    "title": "Twitter takeover",
    "summary": "People with MS ran our account for a week.",
    "body": "## What we did\n\nWe handed over the account.",
    "website": "https://shift.ms",
    "links": "https://example.org/a\nhttps://example.org/b",
    "social_handles": "@shift_ms",
    "categories": ["Acute > Together we can", "Mental Health > Digital technology"],
    "consent_to_publish": "yes",
}


@pytest.fixture
def award(session):
    for path in PATHS:
        ensure_path(session, path=path)
    old = ensure_path(session, path=DEPRECATED)
    deprecate(session, category=old)
    award = make_open_award(session, name="Most stunning peer network")
    session.commit()
    return award


@pytest.fixture
def client(settings, award) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


@dataclass
class FormPage:
    csrf: str
    submission_key: str


def open_form(client: TestClient, award_id: int) -> FormPage:
    page = client.get(f"/nominate/{award_id}")
    assert page.status_code == 200, page.text
    return FormPage(csrf=hidden(page.text, "_csrf_token"), submission_key=hidden(page.text, "submission_key"))


def post_form(client: TestClient, url: str, *, csrf: str, fields: dict, files: list | None = None, **extra):
    data = {"_csrf_token": csrf, **fields}
    # a browser sends the empty file input as a part with no filename
    parts = files if files else [("attachments", ("", b"", "application/octet-stream"))]
    return client.post(url, data=data, files=parts, **extra)


def submit(client: TestClient, award_id: int, *, action: str = "submit", files: list | None = None, **changes):
    form = open_form(client, award_id)
    fields = {**VALID, "action": action, "submission_key": form.submission_key, **changes}
    fields = {k: v for k, v in fields.items() if v is not None}
    return post_form(client, f"/nominate/{award_id}", csrf=form.csrf, fields=fields, files=files)


def edit_link(html: str) -> str:
    match = re.search(r'id="edit-link" href="[^"]*(/nominations/edit/[A-Za-z0-9_-]+)"', html)
    assert match, "no edit link on the page"
    return match.group(1)
