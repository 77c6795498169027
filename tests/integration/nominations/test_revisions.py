"""Issue #11: an entrant's edit to a published case study is held for review. The public page
and the public index keep the approved text until an administrator approves; a rejection
keeps it for good; both steps, and the entrant's, are in the audit log."""

from __future__ import annotations

from html import escape

from sqlmodel import col, select

from catalogue.accounts.domain import create_user
from catalogue.admin.models import AuditLog
from catalogue.db import row_id
from catalogue.nominations.models import Nomination
from catalogue.nominations.revision_models import NominationRevision
from catalogue.nominations.revisions import PENDING_NOTICE
from catalogue.outbox.domain import record_nomination_changes
from catalogue.timeutil import utcnow
from search.query import PUBLIC_INDEX, SearchQuery
from tests.integration.nominations.conftest import VALID, edit_link, hidden, post_form, submit
from tests.judging_world import PASSWORD, login, post

SNEAKY = "Sneaky title"
SNEAKY_BODY = "Buy now at [our shop](https://spam.example/deal) cheapviagra"


def _entry(session) -> Nomination:
    session.expire_all()
    [row] = session.exec(select(Nomination)).all()
    return row


def _published(client, award, session) -> tuple[str, str]:
    link = edit_link(submit(client, award.id).text)
    row = _entry(session)
    row.published_at = utcnow()
    session.add(row)
    record_nomination_changes(session, nomination_ids=[row_id(row)])
    session.commit()
    client.app.state.ctx.search.drain_outbox()
    return link, row.slug


def _edit(client, link: str, **changes):
    page = client.get(link)
    fields = {**VALID, "categories": ["Acute"], "action": "submit", **changes}
    return post_form(client, link, csrf=hidden(page.text, "_csrf_token"), fields=fields, follow_redirects=False)


def _public_hits(client, text: str) -> int:
    service = client.app.state.ctx.search
    service.drain_outbox()
    return service.search(SearchQuery(text=text), index=PUBLIC_INDEX).total


def _as_admin(client, session) -> None:
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD, display_name="Ada Admin")
    session.commit()
    assert login(client, "admin@example.org").status_code == 303


def _audit(session) -> list[tuple[str, int | None]]:
    session.expire_all()
    return [(a.action, a.user_id) for a in session.exec(select(AuditLog).order_by(col(AuditLog.id))).all()]


def test_an_edit_to_a_published_case_study_waits_and_the_entrant_sees_it(client, award, session):
    link, slug = _published(client, award, session)

    saved = _edit(client, link, title=SNEAKY, body=SNEAKY_BODY, contact_name="Ada King")

    assert (saved.status_code, saved.headers["location"]) == (303, f"{link}?done=review")
    again = client.get(saved.headers["location"])
    assert escape(PENDING_NOTICE, quote=False) in again.text
    assert f'value="{SNEAKY}"' in again.text and "cheapviagra" in again.text  # nothing the entrant typed is lost
    public = client.get(f"/case-studies/{slug}")
    assert public.status_code == 200
    assert "Twitter takeover" in public.text and SNEAKY not in public.text and "spam.example" not in public.text
    assert _public_hits(client, "cheapviagra") == 0 and _public_hits(client, "sneaky") == 0
    assert _public_hits(client, "takeover") == 1
    row = _entry(session)
    assert (row.title, row.contact_name) == ("Twitter takeover", "Ada King")  # private fields apply at once

    _edit(client, link, title="Sneakier title", body=SNEAKY_BODY)

    [revision] = session.exec(select(NominationRevision)).all()
    assert (revision.state, revision.proposed["title"], revision.proposed["body"]) == (
        "pending",
        "Sneakier title",
        SNEAKY_BODY,
    )
    assert set(revision.proposed) == {"title", "body"}
    assert _audit(session) == [("revision.submit", None), ("revision.submit", None)]
    assert 'value="Sneakier title"' in client.get(link).text


def test_approval_makes_the_revision_public_and_is_audited(client, award, session):
    link, slug = _published(client, award, session)
    _edit(client, link, title=SNEAKY, body="Now with **gardening** clinics.")
    _as_admin(client, session)
    [revision] = session.exec(select(NominationRevision)).all()

    queue = client.get("/admin/revisions")
    assert queue.status_code == 200
    assert "Twitter takeover" in queue.text and SNEAKY in queue.text and "gardening" in queue.text
    approved = post(client, f"/admin/revisions/{revision.id}/approve")

    assert approved.status_code == 303
    assert SNEAKY in client.get(f"/case-studies/{slug}").text
    assert _public_hits(client, "gardening") == 1 and _public_hits(client, "sneaky") == 1
    session.expire_all()
    decided = session.get_one(NominationRevision, revision.id)
    assert (decided.state, decided.decided_by is not None, decided.decided_at is not None) == ("approved", True, True)
    admin_id = decided.decided_by
    assert _audit(session) == [("revision.submit", None), ("revision.approve", admin_id)]
    assert "No changes are waiting for review." in client.get("/admin/revisions").text
    again = post(client, f"/admin/revisions/{revision.id}/approve")
    assert again.status_code == 400 and "no longer waiting for review" in again.text


def test_rejection_needs_a_reason_and_keeps_the_published_text(client, award, session):
    link, slug = _published(client, award, session)
    _edit(client, link, title=SNEAKY, body=SNEAKY_BODY)
    _as_admin(client, session)
    [revision] = session.exec(select(NominationRevision)).all()

    no_reason = post(client, f"/admin/revisions/{revision.id}/reject", {"reason": "  "})
    assert no_reason.status_code == 400
    assert 'id="reason-' in no_reason.text and "Give a reason for rejecting this revision." in no_reason.text
    rejected = post(client, f"/admin/revisions/{revision.id}/reject", {"reason": "Advertising"})

    assert rejected.status_code == 303
    assert SNEAKY not in client.get(f"/case-studies/{slug}").text
    assert _public_hits(client, "cheapviagra") == 0
    session.expire_all()
    decided = session.get_one(NominationRevision, revision.id)
    assert (decided.state, decided.reason) == ("rejected", "Advertising")
    assert _entry(session).title == "Twitter takeover"
    assert [a for a, _ in _audit(session)] == ["revision.submit", "revision.reject"]
    assert f'value="{SNEAKY}"' not in client.get(link).text  # the form is back to the published text


def test_an_unpublished_entry_is_edited_at_once(client, award, session):
    link = edit_link(submit(client, award.id).text)
    saved = _edit(client, link, title="Straight in")
    assert saved.headers["location"] == f"{link}?done=saved"
    assert _entry(session).title == "Straight in"
    assert session.exec(select(NominationRevision)).all() == []
