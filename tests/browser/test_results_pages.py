"""/admin/results (both views), the judges' progress page with its reminder, and the judging
pages as an onlooking administrator, in a real Chromium: no CSP violation, no axe violation."""

from __future__ import annotations

import pytest

from catalogue.accounts.domain import create_user
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment, Score, ScoreStatus
from tests.factories import existing_category, make_award, make_nomination
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def site(request, session, live_app):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    judge = create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Jo Judge")
    award = make_award(session, name="Best digital service")
    family = make_nomination(session, title="Family app", award=award, categories=["Acute > Family Care"])
    surgery = make_nomination(session, title="Surgery checklist", award=award, categories=["Acute > Surgery"])
    make_nomination(session, title="Mind chat", award=award, categories=["Mental Health > Digital technology"])
    session.add(JudgeAssignment(user_id=row_id(judge), category_id=row_id(existing_category(session, "Acute"))))
    session.add_all(
        [
            Score(
                judge_id=row_id(judge), nomination_id=row_id(family), status=ScoreStatus.submitted, weighted_score=80.0
            ),
            Score(
                judge_id=row_id(judge), nomination_id=row_id(surgery), status=ScoreStatus.submitted, weighted_score=60.0
            ),
        ]
    )
    session.commit()
    search = live_app.state.ctx.search
    search.engine.ensure_indexes()
    search.drain_outbox()
    return request.getfixturevalue("live_server")


def sign_in_admin(page, site):
    page.goto(site("/login"))
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site("/admin"))


def test_rankings_and_the_roll_up_down_the_taxonomy(page, site, axe):
    sign_in_admin(page, site)
    page.goto(site("/admin/results"))
    assert page.locator("h3").all_text_contents() == ["Best digital service — 2015 awards"]
    titles = page.locator(".ranking-table tbody tr td:nth-child(2)").all_text_contents()
    assert [t.split("Test Trust")[0] for t in titles] == ["Family app", "Surgery checklist", "Mind chat"]
    axe(page)
    page.get_by_role("link", name="Rolled up by taxonomy branch").click()
    acute = page.locator('#rollup li[data-path="Acute"]')
    assert "mean 70.00 · 2 scored · range 60.00\u201380.00 · SD 10.00" in acute.locator("summary").text_content()
    surgery = acute.locator('li[data-path="Acute > Surgery"]')
    assert not surgery.is_visible()  # folded until the branch is opened
    acute.locator("summary").click()
    assert surgery.is_visible()
    assert "mean 60.00 · 1 scored" in surgery.text_content()
    assert "no scores yet · 1 unscored" in page.locator('li[data-path="Mental Health"] summary').text_content()
    axe(page)


def test_progress_page_reminds_a_judge(page, site, live_app, axe):
    sign_in_admin(page, site)
    page.goto(site("/admin/results/judges"))
    row = page.locator('tr[data-judge="judge@example.org"]')
    assert [row.locator(f".count-{c}").text_content() for c in ("assigned", "scored", "recused", "remaining")] == [
        "2",
        "2",
        "0",
        "0",
    ]
    assert "Nothing outstanding" in row.text_content()
    axe(page)
    with live_app.state.ctx.db_engine.begin() as connection:  # a new entry arrives in the judge's branch
        from sqlmodel import Session

        with Session(bind=connection) as session:
            make_nomination(session, title="Ward app", award=make_award(session, name="Best digital service"),
                            categories=["Acute > Surgery"])  # fmt: skip
    page.reload()
    assert row.locator(".count-remaining").text_content() == "1"
    row.get_by_role("button", name="Remind judge@example.org of 1 outstanding").click()
    assert (
        page.locator(".notice[role=status]").text_content() == "A reminder listing 1 outstanding entry is on its way."
    )
    axe(page)


def test_an_administrator_opens_the_judging_pages_read_only(page, site, axe):
    sign_in_admin(page, site)
    page.get_by_role("link", name="Judging").first.click()
    page.wait_for_url(site("/judging"))
    assert page.locator("h1").text_content() == "Entries being judged"
    assert page.locator("#read-only-notice").is_visible()
    assert sorted(page.locator("tr[data-entry-id] td:first-child a").all_text_contents()) == [
        "Family app",
        "Mind chat",
        "Surgery checklist",
    ]
    axe(page)
    page.get_by_role("link", name="Family app").click()
    assert "Read-only" in page.locator("#read-only-notice").text_content()
    assert page.get_by_role("button", name="Submit score").count() == 0
    assert page.locator("#other-scores tbody tr td").all_text_contents()[:2] == ["Jo Judge", "80.00"]
    axe(page)
