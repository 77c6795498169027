"""The private edit link: change, submit a draft, remove a file, withdraw; read-only after the
deadline; unknown and tampered tokens get the same 404."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import select

from catalogue.nominations.models import Attachment, Nomination
from catalogue.outbox.models import SearchOutbox
from tests.integration.nominations.conftest import PDF, PNG, VALID, edit_link, hidden, post_form, submit


def entry(session) -> Nomination:
    session.expire_all()
    [row] = session.exec(select(Nomination)).all()
    return row


def edit_fields(page_html: str, **changes) -> dict:
    return {**VALID, "categories": ["Acute"], **changes}


def test_a_draft_is_finished_and_submitted_through_the_link(client, award, session):
    link = edit_link(submit(client, award.id, action="draft", title="Draft title").text)
    page = client.get(link)
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert 'value="Draft title"' in page.text and "Status: <strong>Draft</strong>" in page.text
    saved = post_form(
        client,
        link,
        csrf=hidden(page.text, "_csrf_token"),
        fields=edit_fields(page.text, title="Final title", action="submit"),
        follow_redirects=False,
    )
    assert (saved.status_code, saved.headers["location"]) == (303, f"{link}?done=submitted")
    after = client.get(saved.headers["location"])
    assert (
        "Your entry has been submitted." in after.text and "or withdraw this entry until the deadline, " in after.text
    )
    row = entry(session)
    assert (row.title, str(row.status), row.submitted_at is not None) == ("Final title", "submitted", True)
    assert len(session.exec(select(SearchOutbox)).all()) == 2


def test_a_submitted_entry_stays_submitted_and_is_checked_as_one(client, award, session):
    link = edit_link(submit(client, award.id).text)
    page = client.get(link)
    # the first is the form's default for Enter (out of sight), then the visible ones
    assert re.findall(r'<button type="submit" name="action" value="(\w+)"', page.text) == [
        "submit",
        "preview",
        "submit",
    ]
    refused = post_form(
        client, link, csrf=hidden(page.text, "_csrf_token"), fields=edit_fields(page.text, summary="", action="draft")
    )
    assert refused.status_code == 400
    assert (
        '<p id="summary-error" class="field-error"><span class="visually-hidden">Error:</span> Enter a summary</p>'
        in refused.text
    )
    assert str(entry(session).status) == "submitted"


def test_files_are_added_and_removed_through_the_link(client, award, session, settings):
    link = edit_link(submit(client, award.id, files=[("attachments", ("a.pdf", PDF, "application/pdf"))]).text)
    [old] = session.exec(select(Attachment)).all()
    old_path = settings.uploads_dir / old.storage_key[:2] / old.storage_key
    page = client.get(link)
    download = client.get(f"{link}/attachments/{old.id}")
    assert (download.status_code, download.content, download.headers["content-type"]) == (200, PDF, "application/pdf")
    saved = post_form(
        client,
        link,
        csrf=hidden(page.text, "_csrf_token"),
        fields=edit_fields(page.text, action="submit", remove_attachments=str(old.id)),
        files=[("attachments", ("b.png", PNG, "image/png"))],
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.expire_all()
    assert [(a.filename, a.content_type) for a in session.exec(select(Attachment))] == [("b.png", "image/png")]
    assert old_path.exists() is False


def test_withdrawal_asks_first_then_makes_the_entry_read_only(client, award, session):
    link = edit_link(submit(client, award.id).text)
    confirm = client.get(f"{link}/withdraw")
    assert "You cannot undo this." in confirm.text
    done = client.post(
        f"{link}/withdraw", data={"_csrf_token": hidden(confirm.text, "_csrf_token")}, follow_redirects=False
    )
    assert (done.status_code, done.headers["location"]) == (303, f"{link}?done=withdrawn")
    page = client.get(done.headers["location"])
    assert "Your entry has been withdrawn." in page.text
    assert "You withdrew this entry, so it can no longer be changed." in page.text
    assert "<form" not in page.text.split("<main")[1]
    assert str(entry(session).status) == "withdrawn"


def test_after_the_deadline_the_entry_is_read_only_and_says_so(client, award, session):
    link = edit_link(submit(client, award.id).text)
    page = client.get(link)
    csrf = hidden(page.text, "_csrf_token")
    session.execute(text("UPDATE cycle SET closes_at = opens_at"))
    session.commit()
    read_only = client.get(link)
    assert read_only.status_code == 200
    assert re.search(
        r"The deadline for this award was \d+ \w+ \d{4}, \d\d:\d\d (GMT|BST), so this entry can no longer be changed.",
        read_only.text,
    )
    late = post_form(client, link, csrf=csrf, fields=edit_fields(page.text, title="Too late", action="submit"))
    assert late.status_code == 409
    late_withdraw = client.post(f"{link}/withdraw", data={"_csrf_token": csrf}, follow_redirects=False)
    assert late_withdraw.status_code == 303
    row = entry(session)
    assert (row.title, str(row.status)) == ("Twitter takeover", "submitted")


def test_unknown_and_tampered_tokens_get_the_same_404(client, award):
    link = edit_link(submit(client, award.id).text)
    token = link.rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    responses = [client.get(f"/nominations/edit/{t}") for t in (tampered, "nothing", "x" * 201)]
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert responses[0].text == responses[1].text
    assert "Twitter takeover" not in responses[0].text
    assert client.get(f"/nominations/edit/{tampered}/withdraw").status_code == 404
    assert client.get(f"/nominations/edit/{tampered}/attachments/1").status_code == 404


def _publish(session) -> None:
    session.execute(text("UPDATE nomination SET published_at = CURRENT_TIMESTAMP"))
    session.commit()


def test_withdrawing_a_published_entry_takes_it_off_the_public_site(client, award, session):
    link = edit_link(submit(client, award.id).text)
    _publish(session)
    assert client.get(f"/api/case-studies/{entry(session).slug}").status_code == 200
    confirm = client.get(f"{link}/withdraw")

    client.post(f"{link}/withdraw", data={"_csrf_token": hidden(confirm.text, "_csrf_token")})

    row = entry(session)
    assert (str(row.status), row.published_at) == ("withdrawn", None)
    assert client.get(f"/api/case-studies/{row.slug}").status_code == 404


def test_withdrawing_consent_unpublishes_the_case_study(client, award, session):
    link = edit_link(submit(client, award.id).text)
    _publish(session)
    page = client.get(link)
    fields = {k: v for k, v in edit_fields(page.text, action="submit").items() if k != "consent_to_publish"}

    saved = post_form(client, link, csrf=hidden(page.text, "_csrf_token"), fields=fields, follow_redirects=False)

    assert saved.status_code == 303
    row = entry(session)
    assert (row.consent_to_publish, row.published_at, str(row.status)) == (False, None, "submitted")
