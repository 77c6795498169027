"""The judge's dashboard over the real engine (embedded, or Meilisearch under
CATALOGUE_TEST_ENGINE=meilisearch): scoped search, facets, progress, sort."""

from __future__ import annotations

import re

from sqlmodel import col, select

from catalogue.judging import dashboard as dashboard_queries
from catalogue.judging.schemas import DashboardParams, JudgeSort
from catalogue.judging.scopes import judge_scopes, judging_access, search_scopes
from catalogue.nominations.models import AwardCriterion
from catalogue.timeutil import utcnow
from search.query import PRIVATE_INDEX, Scope, SearchQuery
from tests.judging_world import post, sign_in_as


def listed_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-entry-id="(\d+)">', html)]


def tree(nodes):
    return [(n.path, n.count, tree(n.children)) for n in nodes]


def dashboard(session, search, *, user, params):
    access = judging_access(session, user=user)
    return dashboard_queries.dashboard(session, search, access=access, params=params, now=utcnow())


def test_scopes_are_built_from_assignments_and_narrowed_to_awards_being_judged(world, session):
    scopes = judge_scopes(session, judge_id=world.judge_a.id)
    assert search_scopes(session, scopes=scopes, now=utcnow()) == (
        Scope(category_path="Acute", award="Best digital service", award_id=world.award.id),
        Scope(category_path="Acute", award="Blind award", award_id=world.blind_award.id),
    )


def test_judge_sees_only_judgeable_entries_in_their_branch(world, client, session):
    search = client.app.state.ctx.search
    view = dashboard(session, search, user=world.judge_a, params=DashboardParams())
    assert sorted(r.id for r in view.rows) == sorted([world.a_family.id, world.a_surgery.id])
    assert view.total == 2
    assert tree(view.category_tree) == [("Acute", 2, [])]
    assert view.facets is not None
    assert [(f.value, f.count) for f in view.facets["award"]] == [("Best digital service", 1), ("Blind award", 1)]
    assert [(f.value, f.count) for f in view.facets["status"]] == [("submitted", 2)]


def test_filtering_by_a_category_path_expands_it_and_narrows_the_list(world, client, session):
    view = dashboard(
        session,
        client.app.state.ctx.search,
        user=world.judge_a,
        params=DashboardParams(categories=("Acute > Family Care",)),
    )
    assert tree(view.category_tree) == [
        (
            "Acute",
            2,
            [
                ("Acute > Family Care", 1, [("Acute > Family Care > Digital technology", 1, [])]),
                ("Acute > Surgery", 1, []),
            ],
        )
    ]
    sign_in_as(client, "judge.a@example.org")
    page = client.get("/judging", params={"category": "Acute > Family Care"})
    assert page.status_code == 200
    assert listed_ids(page.text) == [world.a_family.id]
    html = client.get("/judging", params={"category": "Acute > Family Care > Digital technology"}).text
    assert listed_ids(html) == [world.a_family.id]


def test_judge_b_cannot_find_a_entries_by_search_or_by_filter(world, client):
    sign_in_as(client, "judge.b@example.org")
    for params in (
        {"q": "family"},
        {"q": "checklist"},
        {"category": "Acute"},
        {"category": "Acute > Surgery"},
        {"status": "draft"},
        {"award": "Blind award"},
    ):
        html = client.get("/judging", params=params).text
        assert listed_ids(html) == [], params
        assert "Family app" not in html and "Surgery checklist" not in html
    html = client.get("/judging", params={"q": "chat"}).text
    assert listed_ids(html) == [world.b_digital.id]


def test_search_itself_is_restricted_by_scopes(world, client):
    search = client.app.state.ctx.search
    result = search.search(
        SearchQuery(text="family", scopes=(Scope(category_path="Mental Health"),)), index=PRIVATE_INDEX
    )
    assert (result.total, result.hits) == (0, [])


def test_blind_entries_hide_the_organisation_in_the_list(world, client):
    sign_in_as(client, "judge.a@example.org")
    html = client.get("/judging").text
    assert "Secret Hospital" not in html
    assert '<span class="meta">Open Trust</span>' in html


def test_a_judge_cannot_find_a_blind_entry_by_its_organisation(world, client):
    sign_in_as(client, "judge.a@example.org")
    for q in ("Secret Hospital", "secret", "hospital"):
        assert listed_ids(client.get("/judging", params={"q": q}).text) == [], q
    assert listed_ids(client.get("/judging", params={"q": "checklist"}).text) == [world.a_surgery.id]


def test_progress_counts_and_sort_by_score(world, client, session):
    impact, innovation = [
        c.id
        for c in session.exec(
            select(AwardCriterion)
            .where(AwardCriterion.award_id == world.award.id)
            .order_by(col(AwardCriterion.position))
        )
    ]
    (quality,) = [
        c.id for c in session.exec(select(AwardCriterion).where(AwardCriterion.award_id == world.blind_award.id))
    ]
    sign_in_as(client, "judge.a@example.org")
    html = client.get("/judging").text
    assert re.findall(r'id="progress-([\w-]+)">(\d+)<', html) == [("to-score", "2"), ("scored", "0"), ("recused", "0")]
    post(
        client,
        f"/judging/entries/{world.a_family.id}",
        {f"criterion_{impact}": "2", f"criterion_{innovation}": "2", "action": "submit"},
    )
    post(client, f"/judging/entries/{world.a_surgery.id}", {f"criterion_{quality}": "9", "action": "submit"})
    html = client.get("/judging", params={"sort": "score"}).text
    assert re.findall(r'id="progress-([\w-]+)">(\d+)<', html) == [("to-score", "0"), ("scored", "2"), ("recused", "0")]
    assert listed_ids(html) == [world.a_surgery.id, world.a_family.id]  # 90.00 before 20.00
    session.expire_all()
    view = dashboard(
        session, client.app.state.ctx.search, user=world.judge_a, params=DashboardParams(sort=JudgeSort.score)
    )
    assert [(r.id, r.my_score, r.my_status) for r in view.rows] == [
        (world.a_surgery.id, 90.0, "scored"),
        (world.a_family.id, 20.0, "scored"),
    ]


def test_a_judge_without_assignments_sees_a_notice(world, client, session):
    from catalogue.accounts.domain import create_user

    create_user(session, email="new@example.org", role="judge", password="correct horse battery staple")
    session.commit()
    sign_in_as(client, "new@example.org")
    html = client.get("/judging").text
    assert "You have not been assigned any categories or awards yet." in html
    assert listed_ids(html) == []
