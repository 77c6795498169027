"""Entering an award in a real browser: a full submission with an attachment, an edit through
the private link, and a withdrawal; inline validation; the form without JavaScript."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from catalogue.nominations.models import Attachment, Nomination
from catalogue.taxonomy.domain import ensure_path
from tests.factories import make_open_award

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def award(session):
    for path in ("Acute", "Acute > Together we can", "Mental Health", "Mental Health > Digital technology"):
        ensure_path(session, path=path)
    award = make_open_award(session, name="Most stunning peer network")
    session.commit()
    return award


def fill_required(page) -> None:
    page.get_by_label("Contact name").fill("Ada Lovelace")
    page.get_by_label("Contact e-mail").fill("ada@example.org")
    page.get_by_label("Organisation", exact=True).fill("Shift.ms")
    page.get_by_label("Organisation type").fill("Charity")
    page.get_by_label("Region").select_option("National")
    page.get_by_label("Title").fill("Twitter takeover")
    page.get_by_label("Summary").fill("People with MS ran our account for a week.")
    page.get_by_label("Description").fill("## What we did\n\nWe handed over the **account**.")


def test_submit_with_an_attachment_edit_through_the_link_and_withdraw(page, live_server, axe, award, session):
    page.goto(live_server("/nominate"))
    axe(page)
    page.get_by_role("link", name="Enter this award for Most stunning peer network").click()
    assert page.title() == "Enter Most stunning peer network · Catalogue"
    axe(page)

    fill_required(page)
    assert page.locator("#summary-count").inner_text() == "You have 558 characters remaining"
    page.get_by_label("Find a category").fill("digital")
    assert page.locator("#category-filter-status").inner_text() == "1 of 4 categories match “digital”"
    page.get_by_label("Mental Health > Digital technology").check()
    assert page.locator("#category-selected-count").inner_text() == "1"
    page.get_by_role("button", name="Preview the description").click()
    assert page.locator("#preview-content strong").inner_text() == "account"
    page.get_by_label("Add files").set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("I agree that, if an administrator chooses it").check()
    page.get_by_role("button", name="Submit entry").dblclick()

    page.wait_for_selector("text=Your entry has been received")
    axe(page)
    link = page.locator("#edit-link").get_attribute("href")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/nominations/edit/[A-Za-z0-9_-]{43}", link)
    session.expire_all()
    [entry] = session.exec(select(Nomination)).all()
    assert (entry.title, str(entry.status), entry.consent_to_publish) == ("Twitter takeover", "submitted", True)
    assert [a.filename for a in session.exec(select(Attachment))] == ["report.pdf"]

    page.goto(live_server(link.split("8000", 1)[1]))
    assert page.get_by_label("Title").input_value() == "Twitter takeover"
    assert page.get_by_label("Mental Health > Digital technology").is_checked()
    axe(page)
    page.get_by_label("Title").fill("Twitter takeover, week two")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=Your changes are saved.")
    assert page.get_by_label("Title").input_value() == "Twitter takeover, week two"

    page.get_by_role("link", name="Withdraw this entry").click()
    page.get_by_role("button", name="Yes, withdraw my entry").click()
    page.wait_for_selector("text=Your entry has been withdrawn.")
    assert page.locator(".read-only").inner_text() == "You withdrew this entry, so it can no longer be changed."
    session.expire_all()
    [entry] = session.exec(select(Nomination)).all()
    assert (entry.title, str(entry.status)) == ("Twitter takeover, week two", "withdrawn")


def test_inline_validation_and_an_error_summary_before_sending(page, live_server, award, session):
    page.goto(live_server(f"/nominate/{award.id}"))
    page.get_by_label("Contact e-mail").fill("not-an-email")
    page.get_by_label("Title").focus()
    assert page.locator("#contact_email-error").text_content() == (
        "Error: Enter an e-mail address in the right format, like name@example.org"
    )
    page.get_by_label("Summary").fill("x" * 601)
    assert page.locator("#summary-count").inner_text() == "You have 1 character too many"
    page.get_by_role("button", name="Submit entry").click()
    summary = page.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert summary.locator("li").all_inner_texts() == [
        "Enter the contact's name",
        "Enter an e-mail address in the right format, like name@example.org",
        "Enter the name of your organisation",
        "Enter your organisation type",
        "Choose your region",
        "Enter a title for your entry",
        "Summary must be 600 characters or fewer (it has 601)",
        "Describe your work",
        "Choose at least one category",
    ]
    session.expire_all()
    assert session.exec(select(Nomination)).all() == []


def test_the_form_works_without_javascript(new_page, live_server, award, session):
    page = new_page(java_script_enabled=False)
    page.goto(live_server(f"/nominate/{award.id}"))
    assert page.locator(".category-filter").is_hidden()
    fill_required(page)
    page.get_by_label("Acute > Together we can").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Your draft is saved")
    session.expire_all()
    [entry] = session.exec(select(Nomination)).all()
    assert str(entry.status) == "draft"
