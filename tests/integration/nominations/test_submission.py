"""Submitting an entry through the HTML form, over HTTP, against a real database and disk."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import text
from sqlmodel import col, select

from catalogue.nominations.models import Attachment, Nomination, NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.models import Category
from tests.integration.nominations.conftest import (
    EXE,
    PDF,
    PNG,
    VALID,
    edit_link,
    open_form,
    post_form,
    submit,
)

MB = 1024 * 1024


def entries(session) -> list[Nomination]:
    session.expire_all()
    return list(session.exec(select(Nomination).order_by(col(Nomination.id))))


def stored_files(settings) -> list[str]:
    root = settings.uploads_dir
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def error_of(html: str, field: str) -> str:
    match = re.search(
        rf'<p id="{field}-error" class="field-error"><span class="visually-hidden">Error:</span> (.*?)</p>', html
    )
    return match.group(1) if match else ""


def test_open_awards_page_lists_the_award_with_its_criteria(client, award):
    page = client.get("/nominate")
    assert page.status_code == 200
    assert re.findall(r'<h2 id="award-\d+">(.*?)</h2>', page.text) == ["Most stunning peer network"]
    assert re.findall(r"<li><strong>(.*?)</strong>", page.text) == ["Impact", "Innovation"]
    assert f'href="/nominate/{award.id}"' in page.text


def test_the_form_offers_active_categories_only(client, award):
    page = client.get(f"/nominate/{award.id}")
    offered = re.findall(r'name="categories" value="([^"]*)"', page.text)
    assert offered == [
        "Acute",
        "Acute &gt; Together we can",
        "Mental Health",
        "Mental Health &gt; Digital technology",
        "Digital technology",
    ]


def test_enter_in_a_field_saves_a_draft_rather_than_previewing(client, award):
    """Browsers press a form's first submit button on Enter (implicit submission)."""
    page = client.get(f"/nominate/{award.id}")
    assert re.findall(r'<button type="submit" name="action" value="(\w+)"', page.text) == [
        "draft",
        "preview",
        "submit",
        "draft",
    ]


def test_a_full_submission_is_saved_indexed_and_confirmed(client, award, session, settings):
    response = submit(
        client,
        award.id,
        files=[
            ("attachments", ("report.pdf", PDF, "application/pdf")),
            ("attachments", ("chart.png", PNG, "image/png")),
        ],
    )
    assert response.status_code == 201
    assert "Your entry has been received" in response.text
    assert response.headers["cache-control"] == "no-store"
    [entry] = entries(session)
    assert (
        entry.title,
        entry.organisation,
        entry.organisation_type,
        entry.region,
        entry.contact_name,
        entry.contact_email,
        entry.summary,
        entry.body,
        entry.website,
        entry.links,
        entry.social_handles,
        entry.consent_to_publish,
        str(entry.status),
        entry.published_at,
    ) == (
        "Twitter takeover",
        "Shift.ms",
        "Charity",
        "National",
        "Ada Lovelace",
        "ada@example.org",
        "People with MS ran our account for a week.",
        "## What we did\n\nWe handed over the account.",
        "https://shift.ms",
        ["https://example.org/a", "https://example.org/b"],
        ["@shift_ms"],
        True,
        "submitted",
        None,
    )
    paths = session.exec(
        select(Category.path)
        .join(NominationCategory, col(NominationCategory.category_id) == Category.id)
        .where(NominationCategory.nomination_id == entry.id)
        .order_by(Category.path)
    ).all()
    assert paths == ["Acute > Together we can", "Mental Health > Digital technology"]
    assert session.exec(select(SearchOutbox.nomination_id)).all() == [entry.id]
    files = session.exec(select(Attachment).order_by(col(Attachment.id))).all()
    assert [(f.filename, f.content_type, f.size_bytes) for f in files] == [
        ("report.pdf", "application/pdf", len(PDF)),
        ("chart.png", "image/png", len(PNG)),
    ]
    assert stored_files(settings) == sorted(f.storage_key for f in files)
    assert (settings.uploads_dir / files[0].storage_key[:2] / files[0].storage_key).read_bytes() == PDF
    token = edit_link(response.text).rsplit("/", 1)[1]
    assert entry.edit_token_hash != token and token not in str(entry.model_dump())


def test_a_draft_needs_only_the_contact(client, award, session):
    response = submit(
        client,
        award.id,
        action="draft",
        title="",
        summary="",
        body="",
        organisation="",
        organisation_type="",
        region="",
        categories=[],
    )
    assert response.status_code == 201
    assert "Your draft is saved" in response.text
    [entry] = entries(session)
    assert (str(entry.status), entry.submitted_at, entry.slug[:6]) == ("draft", None, "entry-")


def test_a_double_click_makes_one_entry_and_shows_the_link_only_once(client, award, session):
    form = open_form(client, award.id)
    fields = {**VALID, "action": "submit", "submission_key": form.submission_key}
    first = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields=fields)
    second = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields=fields)
    assert (first.status_code, second.status_code) == (201, 200)
    link = edit_link(first.text)
    assert link not in second.text and 'id="edit-link"' not in second.text
    assert "We had already received this form, so nothing was saved twice." in second.text
    assert len(entries(session)) == 1


def test_html_and_script_are_stored_as_text_and_shown_escaped(client, award, session):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = submit(
        client,
        award.id,
        title=script,
        organisation=script,
        summary=script,
        organisation_type=script,
        contact_name=script,
        body=script + "\n\n[link](javascript:alert(1))",
    )
    [entry] = entries(session)
    assert (entry.title, entry.organisation, entry.summary, entry.organisation_type, entry.contact_name) == (
        script,
        script,
        script,
        script,
        script,
    )
    page = client.get(edit_link(response.text))
    assert script not in page.text
    assert f'value="{escape(script)}"' in page.text
    assert "<script>alert" not in page.text
    assert page.text.count(f'value="{escape(script)}"') == 4  # title, organisation, type, contact
    session.execute(text("UPDATE cycle SET closes_at = opens_at"))  # the read-only page too
    session.commit()
    read_only = client.get(edit_link(response.text))
    # <title>, <h1>, organisation, its type, contact, summary
    assert ("<script>alert" not in read_only.text, read_only.text.count(str(escape(script)))) == (True, 6)
    session.execute(text("UPDATE cycle SET closes_at = '2999-01-01 00:00:00'"))
    session.commit()
    preview = submit(client, award.id, action="preview", body=script + "\n\n[link](javascript:alert(1))")
    assert preview.status_code == 200
    shown = re.search(r'<div id="preview-content">(.*?)</div></div>', preview.text, re.S)
    assert shown is not None
    assert shown.group(1) == (
        '<div class="prose preview-body"><p>&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x '
        "onerror=alert(1)&gt;</p>\n<p>[link](javascript:alert(1))</p>\n"
    )


def test_errors_are_shown_beside_each_field_and_everything_typed_is_kept(client, award, session):
    response = submit(
        client,
        award.id,
        title="t" * 201,
        contact_email="not-an-email",
        links="https://ok.example\nftp://bad.example",
        categories=[],
        summary="Kept <b>summary</b>",
        files=[("attachments", ("report.pdf", PDF, "application/pdf"))],
    )
    assert response.status_code == 400
    html = response.text
    assert (
        error_of(html, "title"),
        error_of(html, "contact_email"),
        error_of(html, "links"),
        error_of(html, "categories"),
    ) == (
        "Title must be 200 characters or fewer (it has 201)",
        "Enter an e-mail address in the right format, like name@example.org",
        "Links, line 2: “ftp://bad.example” is not a web address starting with https:// or http://",
        "Choose at least one category",
    )
    assert re.findall(r'<li><a href="#field-(\w+)">', html) == ["title", "contact_email", "links", "categories"]
    assert "<title>Error: Enter Most stunning peer network · Catalogue</title>" in html
    assert 'value="' + "t" * 201 + '"' in html
    assert 'value="not-an-email"' in html
    assert "https://ok.example\nftp://bad.example</textarea>" in html
    assert "Kept &lt;b&gt;summary&lt;/b&gt;</textarea>" in html
    assert 'aria-describedby="title-error" aria-invalid="true"' in html
    assert "The files you chose were not saved, because the form had to be shown again. Choose them again." in html
    assert entries(session) == []


def test_an_exe_posing_as_a_pdf_is_refused_with_a_clear_message(client, award, session, settings):
    response = submit(client, award.id, files=[("attachments", ("report.pdf", EXE, "application/pdf"))])
    assert response.status_code == 400
    assert error_of(response.text, "attachments") == (
        "“report.pdf” is not a PDF, PNG or JPEG file (its content is checked, whatever its name "
        "says). Choose a PDF, PNG or JPEG file"
    )
    assert (entries(session), stored_files(settings)) == ([], [])


def test_an_11_mb_file_gets_a_friendly_413_with_the_form_kept(client, award, session, settings):
    big = PDF + b"0" * (11 * MB - len(PDF))
    response = submit(client, award.id, files=[("attachments", ("big.pdf", big, "application/pdf"))])
    assert response.status_code == 413
    assert error_of(response.text, "attachments") == "“big.pdf” is 11.0 MB; each file can be at most 10 MB"
    assert 'value="Twitter takeover"' in response.text
    assert (entries(session), stored_files(settings)) == ([], [])


def test_a_request_larger_than_every_file_allowed_gets_a_friendly_413_page(client, award, session):
    huge = PDF + b"0" * (53 * MB)
    response = submit(client, award.id, files=[("attachments", ("huge.pdf", huge, "application/pdf"))])
    assert response.status_code == 413
    assert (
        str(
            escape(
                "What you sent is too large. Each file can be at most 10 MB, and you can attach up to 5. "
                "Use your browser's Back button (what you typed is usually still there), then choose "
                "smaller files."
            )
        )
        in response.text
    )
    assert entries(session) == []


def test_more_than_five_files_are_refused(client, award, session):
    files = [("attachments", (f"f{i}.pdf", PDF, "application/pdf")) for i in range(6)]
    response = submit(client, award.id, files=files)
    assert (response.status_code, error_of(response.text, "attachments")) == (
        400,
        "Attach at most 5 files (this would make 6)",
    )


def test_the_honeypot_stops_robots_and_tells_people_what_to_do(client, award, session):
    response = submit(client, award.id, leave_blank="http://spam.example")
    assert response.status_code == 400
    assert error_of(response.text, "leave_blank") == (
        "This form looks as if it was filled in automatically. If you are a person, clear the field "
        "labelled “Leave this field empty” and send it again"
    )
    assert entries(session) == []


def test_a_post_without_the_csrf_token_is_refused(client, award, session):
    client.get("/nominate")
    response = client.post(
        f"/nominate/{award.id}",
        data={**VALID, "action": "submit"},
        files=[("attachments", ("", b"", "application/octet-stream"))],
    )
    assert response.status_code == 403
    assert entries(session) == []


def test_a_deprecated_category_posted_anyway_is_refused(client, award, session):
    response = submit(client, award.id, categories=["Acute > Old idea"])
    assert (response.status_code, error_of(response.text, "categories")) == (
        400,
        "“Acute &gt; Old idea” cannot be chosen any more; choose categories from the list",
    )


def test_after_the_deadline_nothing_is_accepted_and_nothing_typed_is_lost(client, award, session):
    form = open_form(client, award.id)
    session.execute(text("UPDATE cycle SET closes_at = opens_at"))
    session.commit()
    response = post_form(
        client,
        f"/nominate/{award.id}",
        csrf=form.csrf,
        fields={**VALID, "action": "submit", "submission_key": form.submission_key},
    )
    assert response.status_code == 409
    assert re.search(
        r"Entries for “Most stunning peer network” closed on \d+ \w+ \d{4}, \d\d:\d\d (GMT|BST), so no new entries "
        r"or changes can be accepted.",
        response.text,
    )
    assert 'value="Twitter takeover"' in response.text
    assert entries(session) == []
    closed = client.get(f"/nominate/{award.id}")
    assert (
        "so no new entries or changes can be accepted." in closed.text and "<form" not in closed.text.split("<main")[1]
    )


def test_unknown_award_is_404(client):
    assert client.get("/nominate/999").status_code == 404


def test_a_failure_mid_request_leaves_no_entry_and_no_file(client, award, session, settings):
    form = open_form(client, award.id)
    session.execute(text("DROP TABLE search_outbox"))  # the last write of the transaction now fails
    session.commit()
    response = post_form(
        client,
        f"/nominate/{award.id}",
        csrf=form.csrf,
        fields={**VALID, "action": "submit", "submission_key": form.submission_key},
        files=[("attachments", ("report.pdf", PDF, "application/pdf"))],
    )
    assert response.status_code == 500
    session.expire_all()
    assert (
        session.exec(select(Nomination.id)).all(),
        session.exec(select(Attachment.id)).all(),
        stored_files(settings),
    ) == ([], [], [])


def test_the_rate_limit_refuses_with_429(store_settings, award, session):
    """In-process and on a real Redis (the count every replica shares)."""
    from dataclasses import replace

    from litestar.testing import TestClient

    from catalogue.app import create_app

    with TestClient(create_app(replace(store_settings, submission_rate_limit=(2, "hour")))) as client:
        codes = [submit(client, award.id).status_code for _ in range(3)]
        refused = submit(client, award.id)
    assert codes == [201, 201, 429]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) in range(1, 3601)
    assert str(escape("Too many entries have been sent from your network in a short time. Wait ")) in refused.text
    assert len(entries(session)) == 2
