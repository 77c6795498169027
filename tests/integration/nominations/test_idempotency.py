"""An idempotency key is bound to its first request: a repeat gets the entry without its edit
link, another body with the same key is refused (422), and short keys are refused (400)."""

from __future__ import annotations

from sqlmodel import select

from catalogue.nominations.models import Nomination
from tests.integration.nominations.conftest import VALID, edit_link, open_form, post_form
from tests.integration.nominations.test_api import ENTRY

KEY = "key-of-the-first-entry-0123"


def test_api_same_key_other_body_is_422_and_leaks_nothing(client, award, session):
    headers = {"Idempotency-Key": KEY}
    first = client.post("/api/nominations", json={**ENTRY, "award_id": award.id}, headers=headers)
    assert first.status_code == 201
    token = first.json()["edit_url"].rsplit("/", 1)[1]
    other = client.post(
        "/api/nominations", json={**ENTRY, "title": "Someone else", "award_id": award.id}, headers=headers
    )
    assert other.status_code == 422
    assert "already used with a different entry" in other.json()["error"]
    assert token not in other.text and "edit_url" not in other.json()
    session.expire_all()
    assert [n.title for n in session.exec(select(Nomination)).all()] == [ENTRY["title"]]


def test_api_short_key_is_400_naming_the_header(client, award):
    response = client.post(
        "/api/nominations", json={**ENTRY, "award_id": award.id}, headers={"Idempotency-Key": "short"}
    )
    assert response.status_code == 400
    assert "idempotency_key" in [e["field"] for e in response.json()["errors"]]


def test_form_same_key_other_body_is_422_without_the_link(client, award, session):
    form = open_form(client, award.id)
    fields = {**VALID, "action": "submit", "submission_key": form.submission_key}
    first = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields=fields)
    link = edit_link(first.text)
    other = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields={**fields, "title": "Another title"})
    assert other.status_code == 422
    assert "already used with a different entry" in other.text
    assert link not in other.text and 'id="edit-link"' not in other.text
    assert 'value="Another title"' in other.text  # the form again, as typed


def test_form_short_key_is_400_naming_the_field(client, award, session):
    form = open_form(client, award.id)
    fields = {**VALID, "action": "submit", "submission_key": "abc"}
    response = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields=fields)
    assert response.status_code == 400
    assert "submission_key must be at least 16 characters" in response.text
    assert session.exec(select(Nomination)).all() == []
