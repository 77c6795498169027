"""An organiser's whole journey in a real Chromium, through the pages only: set up a programme,
a cycle and an award with weighted criteria; import last year's 200 entries from a spreadsheet;
create two judges for two taxonomy branches; the judges score; the organiser reads the ranking
and the roll-up, marks the winner and publishes it; the public search finds it as a winner.

The round is last year's (its deadline has passed), as when an organiser catches up on a
round run on paper, so publishing needs no override."""

from __future__ import annotations

import re

import pytest

from catalogue.accounts.domain import create_user
from tests.browser.test_judging_flow import sign_in
from tests.judging_world import PASSWORD
from tests.xlsx import workbook_bytes

pytestmark = pytest.mark.browser

AWARD = "Best journey of care"
PROGRAMME = "Journey Awards"
ACUTE_PATHS = ("Acute > Family Care", "Acute > Surgery")
MENTAL_PATH = "Mental Health > Digital technology"
#: the entries the judges score: (title, branch judge, Impact, Innovation) and the weighted
#: score each gets with Impact weighing 3 and Innovation 1 (both out of 10)
SCORED = (
    ("Family ward app", "acute", 9, 2),  # 72.50
    ("Surgery checklist", "acute", 5, 10),  # 62.50: more points than the app, less weight
    ("Peer support chat", "mental", 10, 6),  # 90.00
    ("Crisis text line", "mental", 4, 4),  # 40.00
)
JUDGES = {"acute": "acute.judge@example.org", "mental": "mental.judge@example.org"}


@pytest.fixture
def site(request, session, live_app):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD, display_name="Orla Organiser")
    session.commit()
    live_app.state.ctx.search.engine.ensure_indexes()
    return request.getfixturevalue("live_server")


def entries_workbook() -> bytes:
    """200 entries: the four to be scored first, then filler split between the branches."""
    rows: list[list[object]] = [["Title", "Organisation", "Award", "Year", "Categories", "Consent to publish"]]
    for title, branch, _, _ in SCORED:
        path = ACUTE_PATHS[len(rows) % 2] if branch == "acute" else MENTAL_PATH
        rows.append([title, f"{title} Trust", AWARD, 2025, path, "yes"])
    while len(rows) <= 200:
        number = len(rows)
        path = MENTAL_PATH if number % 3 == 0 else ACUTE_PATHS[number % 2]
        rows.append([f"Project {number:03}", "Filler Trust", AWARD, 2025, path, "no"])
    return workbook_bytes(rows)


def notice(page) -> str:
    return page.locator(".notice[role=status]").first.text_content() or ""


def set_up_the_round(admin, site, axe) -> None:
    admin.goto(site("/admin/programmes"))
    axe(admin)
    admin.get_by_label("Programme name").fill(PROGRAMME)
    with admin.expect_navigation():
        admin.get_by_label("Programme name").press("Enter")  # Enter in the field submits the form
    assert admin.url == site("/admin/cycles")  # on to the programme's first cycle
    assert notice(admin) == f"Programme {PROGRAMME} created. Add its first cycle below."
    axe(admin)
    admin.get_by_label("Programme").select_option(label=PROGRAMME)
    admin.get_by_label("Year").fill("2025")
    admin.locator("#cycle-opens_at").fill("2025-01-06")
    admin.locator("#cycle-closes_at").fill("2025-09-30")
    admin.get_by_role("button", name="Create cycle").click()
    assert admin.locator("#cycles-table tbody th").all_text_contents() == ["2025 awards"]
    axe(admin)

    admin.goto(site("/admin/awards"))
    axe(admin)
    admin.get_by_label("Cycle").select_option(label=f"{PROGRAMME} · 2025 awards")
    admin.get_by_label("Award name").fill(AWARD)
    admin.locator("#award-deadline_at").fill("2025-06-30")
    admin.locator("#award-deadline_at-time").fill("17:00")
    admin.get_by_role("button", name="Create award").click()
    admin.wait_for_url(re.compile(r"/admin/awards/\d+$"))
    assert "deadline 30 June 2025, 17:00 BST" in (admin.locator(".meta").first.text_content() or "")
    axe(admin)
    add_form = admin.locator("form[action$='/criteria']")
    for name, weight in (("Impact", "3"), ("Innovation", "1")):
        add_form.get_by_label("Criterion name").fill(name)
        add_form.get_by_label("Weight").fill(weight)
        add_form.get_by_role("button", name="Add criterion").click()
        admin.wait_for_load_state()
    assert admin.locator(".criterion h3").all_text_contents() == [
        "Impact (75% of the score)",
        "Innovation (25% of the score)",
    ]
    axe(admin)


def import_the_entries(admin, site, axe, tmp_path) -> None:
    workbook = tmp_path / "entries-2025.xlsx"
    workbook.write_bytes(entries_workbook())
    admin.goto(site("/admin/import"))
    axe(admin)
    admin.get_by_label("File to import").set_input_files(str(workbook))
    admin.get_by_role("button", name="Upload and preview").click()
    admin.wait_for_url(site("/admin/import/*"))
    assert admin.get_by_label("Column D: Year").input_value() == "cycle"
    assert admin.get_by_label("Column F: Consent to publish").input_value() == "consent"
    axe(admin)
    admin.get_by_role("button", name="Import 200 entries").click()
    assert admin.get_by_role("heading", name="Import finished").is_visible()
    assert "entries-2025.xlsx: imported 200 entries (0 published, 5 new category paths)." in (
        admin.locator("[role=status]").first.text_content() or ""
    )
    axe(admin)


def branch_option(admin, path: str) -> str:
    """The value of the branch's choice (its label carries a count of entries)."""
    option = admin.locator("#assignment-category_id option", has_text=re.compile("^" + re.escape(path) + r" \("))
    return option.get_attribute("value") or ""


def create_the_judges(admin, site, axe) -> None:
    admin.goto(site("/admin/judges"))
    axe(admin)
    for branch, path in (("acute", "Acute"), ("mental", "Mental Health")):
        admin.get_by_label("Email address").fill(JUDGES[branch])
        admin.locator("#judge-display_name").fill(f"{path} Judge")
        admin.get_by_label("Initial password").fill(PASSWORD)
        admin.get_by_role("button", name="Create judge").click()
        admin.wait_for_load_state()
        admin.get_by_label("Judge", exact=True).select_option(label=JUDGES[branch])
        admin.get_by_label("Taxonomy branch").select_option(branch_option(admin, path))
        admin.get_by_role("button", name="Assign", exact=True).click()
        assert notice(admin) == "Assignment added."
        assert admin.locator(f'tr[data-judge="{JUDGES[branch]}"] li strong').all_text_contents() == [path]
    axe(admin)


def score(new_page, site, axe, branch: str) -> None:
    judge = new_page()
    sign_in(judge, site, JUDGES[branch])
    judge.wait_for_url(site("/judging"))
    axe(judge)
    for title, owner, impact, innovation in SCORED:
        if owner != branch:
            continue
        judge.goto(site("/judging"))
        judge.locator("#judging-q").fill(title)
        with judge.expect_navigation():
            judge.locator("#judging-q").press("Enter")
        judge.get_by_role("link", name=title, exact=True).click()
        judge.get_by_label("Impact (0 to 10, weight 3.0)").fill(str(impact))
        judge.get_by_label("Innovation (0 to 10, weight 1.0)").fill(str(innovation))
        judge.get_by_role("button", name="Submit score").click()
        weighted = (3 * impact + innovation) / 40 * 100
        assert notice(judge) == f"Your score of {weighted:.2f} has been submitted."
    axe(judge)


def test_an_organiser_runs_a_round_from_set_up_to_a_published_winner(new_page, site, live_app, axe, tmp_path):
    admin = new_page()
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    axe(admin)
    set_up_the_round(admin, site, axe)
    import_the_entries(admin, site, axe, tmp_path)
    live_app.state.ctx.search.drain_outbox()  # the worker's job: index what the import queued
    create_the_judges(admin, site, axe)
    score(new_page, site, axe, "acute")
    score(new_page, site, axe, "mental")

    admin.goto(site("/admin/results"))
    assert admin.locator("h3").all_text_contents() == [f"{AWARD} — 2025 awards"]
    rows = admin.locator(".ranking-table tbody tr")
    top = [(r.locator("td").nth(1).text_content() or "", r.locator("td").nth(3).text_content()) for r in rows.all()[:4]]
    assert top == [
        ("Peer support chatPeer support chat Trust", "90.00"),
        ("Family ward appFamily ward app Trust", "72.50"),
        ("Surgery checklistSurgery checklist Trust", "62.50"),
        ("Crisis text lineCrisis text line Trust", "40.00"),
    ]
    axe(admin)
    admin.get_by_role("link", name="Rolled up by taxonomy branch").click()
    acute = admin.locator('#rollup li[data-path="Acute"] summary').first.text_content() or ""
    assert "mean 67.50 · 2 scored · range 62.50\u201372.50 · SD 5.00" in acute
    mental = admin.locator('#rollup li[data-path="Mental Health"] summary').first.text_content() or ""
    assert "mean 65.00 · 2 scored · range 40.00\u201390.00 · SD 25.00" in mental
    axe(admin)

    admin.goto(site("/admin/results"))
    winner = admin.locator(".ranking-table tbody tr").first
    winner.get_by_label("Outcome for Peer support chat").select_option("winner")
    winner.get_by_role("button", name="Set outcome for Peer support chat").focus()
    with admin.expect_navigation():
        admin.keyboard.press("Space")
    assert notice(admin) == "Peer support chat: outcome set to winner."
    admin.locator(".ranking-table tbody tr").first.get_by_role("button", name="Publish Peer support chat").click()
    assert notice(admin) == "Peer support chat is published as a case study."
    axe(admin)

    live_app.state.ctx.search.drain_outbox()  # the worker's job: index what the outbox holds
    visitor = new_page()
    visitor.goto(site("/"))
    visitor.get_by_label("Search case studies").fill("peer support")
    with visitor.expect_navigation():
        visitor.get_by_label("Search case studies").press("Enter")
    card = visitor.locator(".result-card")
    assert card.locator("h3 a").all_text_contents() == ["Peer support chat"]
    assert card.locator(".badge").all_text_contents() == ["Winner"]
