"""End to end in a real Chromium: the admin assigns a judge to a branch; the judge signs in,
filters by a category path and scores; the admin sees the ranking, marks the winner and
publishes it; the public search shows it with its outcome."""

from __future__ import annotations

import re

import pytest

from catalogue.accounts.domain import create_user
from tests.factories import make_award, make_nomination
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def site(request, session, live_app):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Jo Judge")
    award = make_award(session, name="Best digital service", criteria=(("Impact", 2.0), ("Innovation", 1.0)))
    family = make_nomination(
        session,
        title="Family app",
        award=award,
        organisation="Open Trust",
        categories=["Acute > Family Care > Digital technology"],
        body="A family care app.",
    )
    family.consent_to_publish = True  # the entrant agreed; not yet published
    session.add(family)
    make_nomination(session, title="Surgery checklist", award=award, categories=["Acute > Surgery"])
    make_nomination(session, title="Mind chat", award=award, categories=["Mental Health > Digital technology"])
    session.commit()
    search = live_app.state.ctx.search
    search.engine.ensure_indexes()
    search.drain_outbox()
    return request.getfixturevalue("live_server")


def sign_in(page, site, email):
    page.goto(site("/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_assign_score_rank_publish(new_page, site, live_app, axe):
    admin = new_page()
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.goto(site("/admin/judges"))
    admin.get_by_label("Judge", exact=True).select_option(label="judge@example.org")
    admin.get_by_label("Taxonomy branch").select_option(label="Acute > Family Care (1)")
    admin.get_by_role("button", name="Assign").click()
    assert admin.locator(".notice[role=status]").text_content() == "Assignment added."
    assert admin.locator('tr[data-judge="judge@example.org"] li strong').text_content() == "Acute > Family Care"
    axe(admin)

    judge = new_page()
    sign_in(judge, site, "judge@example.org")
    judge.wait_for_url(site("/judging"))
    assert judge.locator("#progress-to-score").text_content() == "1"
    judge.locator(".facet-link", has_text="Acute").first.click()
    judge.wait_for_url(re.compile(r"category=Acute$"))
    judge.locator(".facet-link", has_text="Family Care").first.click()
    judge.wait_for_url(re.compile(r"category=Acute\+%3E\+Family\+Care$"))
    rows = judge.locator("tr[data-entry-id] td:first-child a")
    assert rows.all_text_contents() == ["Family app"]
    axe(judge)
    rows.first.click()
    judge.get_by_label("Impact (0 to 10, weight 2.0)").fill("11")
    judge.get_by_role("button", name="Submit score").click()
    assert judge.locator("#score-error").text_content() == "Your score was not saved: 2 fields need correcting."
    judge.get_by_label("Impact (0 to 10, weight 2.0)").fill("9")
    judge.get_by_label("Innovation (0 to 10, weight 1.0)").fill("6")
    axe(judge)
    judge.get_by_role("button", name="Submit score").click()
    assert judge.locator(".notice[role=status]").text_content() == "Your score of 80.00 has been submitted."

    admin.goto(site("/admin/results"))
    assert admin.locator("h3", has_text="Best digital service — 2015 awards").count() == 1
    row = admin.locator(".ranking-table tbody tr").first
    assert row.locator("td").all_text_contents()[:5] == [
        "1",
        "Family appOpen Trust",
        "Acute > Family Care > Digital technology",
        "80.00",
        "1",
    ]
    row.get_by_label("Outcome for Family app").select_option("winner")
    row.get_by_role("button", name="Set outcome for Family app").click()
    assert admin.locator(".notice[role=status]").text_content() == "Family app: outcome set to winner."
    admin.locator(".ranking-table tbody tr").first.get_by_role("button", name="Publish Family app").click()
    assert admin.locator(".notice[role=status]").text_content() == "Family app is published as a case study."
    axe(admin)

    live_app.state.ctx.search.drain_outbox()
    visitor = new_page()
    visitor.goto(site("/case-studies?q=family"))
    card = visitor.locator(".result-card")
    assert card.locator("h3 a").all_text_contents() == ["Family app"]
    assert card.locator(".badge").all_text_contents() == ["Winner"]


def test_an_administrator_signs_a_judge_out_everywhere(new_page, site, axe):
    judge = new_page()
    sign_in(judge, site, "judge@example.org")
    judge.wait_for_url(site("/judging"))
    admin = new_page()
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.goto(site("/admin/judges"))
    admin.get_by_role("button", name="Sign out everywhere judge@example.org").click()
    assert (
        admin.locator(".notice[role=status]").text_content()
        == "Every session of judge@example.org has ended; they must sign in again."
    )
    axe(admin)
    judge.reload()
    judge.wait_for_url(re.compile(r"/login\?next=/judging$"))
    admin.goto(site("/admin"))
    assert admin.url == site("/admin")
