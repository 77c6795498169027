"""The import pages in a real Chromium: upload an XLSX, see the preview and the automatic
column mapping, see every problem at once, change the mapping, import; no axe-core or CSP
violation on any of the pages; the imported text is shown as text, never run."""

from __future__ import annotations

import pytest

from catalogue.accounts.domain import create_user
from tests.browser.test_judging_flow import sign_in
from tests.judging_world import PASSWORD
from tests.xlsx import workbook_bytes

pytestmark = pytest.mark.browser

HEADER = ["Title", "Organisation", "Award", "Year", "Categories", "Website"]


def test_upload_map_fix_and_import(new_page, session, axe, request, tmp_path):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    session.commit()
    bad = tmp_path / "entries.xlsx"
    bad.write_bytes(
        workbook_bytes(
            [
                HEADER,
                ["<script>window.pwned = 1</script> Ward", "Trust", "Dementia care", 2016, "Acute", "www.example.org"],
                ["Kind ward", "Trust", "Dementia care", "twenty", "Acute", None],
            ]
        )
    )
    site = request.getfixturevalue("live_server")
    admin = new_page()
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.get_by_role("link", name="Import", exact=True).click()
    admin.wait_for_url(site("/admin/import"))
    axe(admin)

    admin.get_by_label("File to import").set_input_files(str(bad))
    admin.get_by_role("button", name="Upload and preview").click()
    admin.wait_for_url(site("/admin/import/*"))
    assert admin.get_by_label("Column D: Year").input_value() == "cycle"
    assert admin.locator(".import-preview tbody tr").count() == 2
    assert admin.locator(".import-preview tbody tr").first.locator("td").first.text_content() == (
        "<script>window.pwned = 1</script> Ward"
    )
    axe(admin)

    admin.get_by_role("button", name="Import 2 entries").click()
    problems = admin.locator(".import-problem-list li").all_text_contents()
    assert problems == [
        "row 2, column F (Website): must be an address starting with http:// or https://, not 'www.example.org'",
        "row 3, column D (Year): must be a year such as 2015, not 'twenty'",
    ]
    assert admin.get_by_role("heading", name="2 problems found: nothing was imported").is_visible()
    axe(admin)

    admin.get_by_label("Column F: Website").select_option("")  # not imported
    admin.get_by_label("Column D: Year").select_option("")
    admin.get_by_role("button", name="Check without importing").click()
    assert admin.locator(".import-problem-list li").all_text_contents() == [
        "No column is imported as Cycle, which every entry needs."
    ]
    admin.get_by_label("Column D: Year").select_option("cycle")
    admin.get_by_role("button", name="Check without importing").click()
    assert admin.locator(".import-problem-list li").all_text_contents() == [
        "row 3, column D (Year): must be a year such as 2015, not 'twenty'"
    ]

    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(
        workbook_bytes(
            [HEADER, ["<script>window.pwned = 1</script> Ward", "Trust", "Dementia care", 2016, "Acute", None]]
        )
    )
    admin.get_by_role("link", name="Upload another file").click()
    admin.get_by_label("File to import").set_input_files(str(fixed))
    admin.get_by_role("button", name="Upload and preview").click()
    admin.wait_for_url(site("/admin/import/*"))
    admin.get_by_role("button", name="Import 1 entry").click()
    assert admin.get_by_role("heading", name="Import finished").is_visible()
    assert (
        "fixed.xlsx: imported 1 entry (0 published, 1 new category path)."
        in admin.locator("[role=status]").first.text_content()
    )
    axe(admin)
    admin.get_by_role("link", name="See the entries").click()
    assert (
        admin.locator("#entries-table tbody td[data-label=Entry]")
        .first.text_content()
        .startswith("<script>window.pwned = 1</script> Ward")
    )
    assert admin.evaluate("window.pwned") is None
