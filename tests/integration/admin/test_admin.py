"""Administration over HTTP: every action audited; taxonomy changes report what they touch;
moderation reaches the public search; results and CSV exports."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from catalogue.admin.models import AuditLog
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Award, AwardCriterion, Cycle, Nomination, NominationStatus
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.domain import get_by_path
from catalogue.taxonomy.models import Category
from tests.factories import existing_category
from tests.judging_world import PASSWORD, post, sign_in_as


def audit(session):
    session.expire_all()
    return [(a.action, a.target, a.details) for a in session.exec(select(AuditLog).order_by(col(AuditLog.id)))]


def outbox_ids(session):
    session.expire_all()
    return sorted(session.exec(select(SearchOutbox.nomination_id)))


def test_programme_cycle_award_and_weighted_criteria(world, client, session):
    sign_in_as(client, "admin@example.org")
    assert post(client, "/admin/programmes", {"name": "Patient Awards"}).status_code == 303
    from catalogue.nominations.models import AwardProgramme

    new_programme = session.exec(select(AwardProgramme).where(AwardProgramme.name == "Patient Awards")).one()
    bad = post(
        client,
        "/admin/cycles",
        {
            "programme_id": str(new_programme.id),
            "year": "2026",
            "opens_at_date": "2026-03-01",
            "closes_at_date": "2026-02-01",
        },
    )
    assert bad.status_code == 400
    assert '<p class="field-error" id="cycle-closes_at-error">Entries must close after they open.</p>' in bad.text
    ok = post(
        client,
        "/admin/cycles",
        {
            "programme_id": str(new_programme.id),
            "year": "2026",
            "opens_at_date": "2026-01-01",
            "closes_at_date": "2026-06-30",
        },
    )
    assert ok.status_code == 303
    cycle = session.exec(select(Cycle).where(Cycle.programme_id == new_programme.id)).one()
    created = post(client, "/admin/awards", {"cycle_id": str(cycle.id), "name": "Kindest ward", "blind_judging": "yes"})
    award = session.exec(select(Award).where(Award.name == "Kindest ward")).one()
    assert (created.headers["location"], award.blind_judging) == (f"/admin/awards/{award.id}", True)
    zero = post(client, f"/admin/awards/{award.id}/criteria", {"name": "Care", "weight": "0", "max_score": "10"})
    assert zero.status_code == 400
    assert "Enter a weight above 0 and at most 100." in zero.text
    post(client, f"/admin/awards/{award.id}/criteria", {"name": "Care", "weight": "3", "max_score": "5"})
    session.expire_all()
    assert [
        (c.name, c.weight, c.max_score)
        for c in session.exec(select(AwardCriterion).where(AwardCriterion.award_id == award.id))
    ] == [("Care", 3.0, 5)]
    assert [a[0] for a in audit(session)] == ["programme.create", "cycle.create", "award.create", "criterion.add"]


def test_criteria_are_frozen_once_scores_exist(world, client, session):
    from catalogue.judging.models import Score

    session.add(Score(judge_id=world.judge_a.id, nomination_id=world.a_family.id, criterion_scores={}))
    session.commit()
    sign_in_as(client, "admin@example.org")
    response = post(
        client, f"/admin/awards/{world.award.id}/criteria", {"name": "Extra", "weight": "1", "max_score": "10"}
    )
    assert response.status_code == 400
    assert "Judges have already scored entries for this award, so its criteria can no longer change." in response.text
    assert audit(session) == []


def test_taxonomy_changes_report_entries_touched_and_queue_reindexing(world, client, session):
    sign_in_as(client, "admin@example.org")
    session.exec(delete(SearchOutbox))
    session.commit()
    page = client.get("/admin/taxonomy").text
    assert (
        '<summary class="tx-row"><span class="tx-name" title="Acute">Acute</span> '
        '<span class="tx-counts">0 entries here, 4 in the branch</span></summary>'
    ) in page
    family = existing_category(session, "Acute > Family Care")
    renamed = post(client, "/admin/taxonomy/rename", {"category_id": str(family.id), "new_name": "Families"})
    assert renamed.status_code == 303
    assert "Renamed to Acute &gt; Families; 2 entries will be re-indexed." in client.get("/admin/taxonomy").text
    assert outbox_ids(session) == sorted([world.a_family.id, world.a_withdrawn.id])
    mental = existing_category(session, "Mental Health")
    moved = post(client, "/admin/taxonomy/move", {"category_id": str(family.id), "new_parent": mental.path})
    assert moved.status_code == 303
    session.expire_all()
    assert session.get(Category, family.id).path == "Mental Health > Families"
    assert [(a, d) for a, _, d in audit(session)] == [
        ("category.rename", {"from": "Acute > Family Care", "to": "Acute > Families", "entries_touched": 2}),
        ("category.move", {"from": "Acute > Families", "to": "Mental Health > Families", "entries_touched": 2}),
    ]


def test_deprecated_categories_cannot_take_new_children_or_judges(world, client, session):
    sign_in_as(client, "admin@example.org")
    surgery = existing_category(session, "Acute > Surgery")
    assert (
        post(client, "/admin/taxonomy/deprecate", {"category_id": str(surgery.id), "action": "deprecate"}).status_code
        == 303
    )
    before = audit(session)
    child = post(client, "/admin/taxonomy/add", {"path": "Acute > Surgery > Robots"})
    assert child.status_code == 400
    assert "&#39;Acute &gt; Surgery&#39; is deprecated; restore it before adding categories under it." in child.text
    assign = post(client, "/admin/assignments", {"judge_id": str(world.judge_b.id), "category_id": str(surgery.id)})
    assert assign.status_code == 400
    assert (
        '<p class="field-error" id="assignment-category_id-error">&#39;Acute &gt; Surgery&#39; is deprecated; '
        "choose an active branch.</p>"
    ) in assign.text
    session.expire_all()
    assert get_by_path(session, path="Acute > Surgery > Robots") is None
    assert session.exec(
        select(JudgeAssignment.category_id).where(JudgeAssignment.user_id == world.judge_b.id)
    ).all() == [row_id(existing_category(session, "Mental Health"))]
    assert audit(session) == before
    assert before[-1][0] == "category.deprecate"


def test_judges_and_assignments(world, client, session):
    sign_in_as(client, "admin@example.org")
    created = post(client, "/admin/judges", {"email": "c@example.org", "display_name": "Judge C", "password": PASSWORD})
    assert created.status_code == 303
    duplicate = post(client, "/admin/judges", {"email": "C@example.org", "password": PASSWORD})
    assert duplicate.status_code == 400
    assert "A user with the email c@example.org already exists." in duplicate.text
    assert PASSWORD not in duplicate.text  # passwords are never echoed back
    from catalogue.accounts.models import User

    judge_c = session.exec(select(User).where(User.email == "c@example.org")).one()
    empty = post(client, "/admin/assignments", {"judge_id": str(judge_c.id)})
    assert "Choose a category branch, an award, or both." in empty.text
    ok = post(
        client,
        "/admin/assignments",
        {
            "judge_id": str(judge_c.id),
            "award_id": str(world.blind_award.id),
            "category_id": str(row_id(existing_category(session, "Acute"))),
        },
    )
    assert ok.status_code == 303
    sign_in_as(client, "c@example.org")
    html = client.get("/judging").text
    assert f'data-entry-id="{world.a_surgery.id}"' in html and f'data-entry-id="{world.a_family.id}"' not in html


def test_outcome_and_publication_reach_the_public_search(world, client, session):
    search = client.app.state.ctx.search
    sign_in_as(client, "admin@example.org")
    no_consent = post(client, f"/admin/entries/{world.a_family.id}/publish")
    assert no_consent.status_code == 400
    assert "The entrant has not consented to publication, so this entry cannot be published." in no_consent.text
    nomination = session.get(Nomination, world.a_family.id)
    nomination.consent_to_publish = True
    session.add(nomination)
    session.commit()
    assert post(client, f"/admin/entries/{world.a_family.id}/outcome", {"status": "winner"}).status_code == 303
    assert post(client, f"/admin/entries/{world.a_family.id}/publish").status_code == 303
    withdrawn = post(client, f"/admin/entries/{world.a_withdrawn.id}/outcome", {"status": "winner"})
    assert withdrawn.status_code == 400
    assert "This entry is withdrawn, so it cannot be given an outcome." in withdrawn.text
    search.drain_outbox()
    public = client.get("/api/case-studies", params={"q": "family"}).json()
    assert [(h["title"], h["status"]) for h in public["hits"]] == [("Family app", "winner")]
    assert post(client, f"/admin/entries/{world.a_family.id}/unpublish").status_code == 303
    search.drain_outbox()
    assert client.get("/api/case-studies", params={"q": "family"}).json()["hits"] == []
    assert [a[0] for a in audit(session)] == ["entry.outcome", "entry.publish", "entry.unpublish"]
    session.expire_all()
    assert session.get(Nomination, world.a_withdrawn.id).status == NominationStatus.withdrawn


def test_audit_page_lists_actions_newest_first(world, client, session):
    sign_in_as(client, "admin@example.org")
    post(client, "/admin/taxonomy/add", {"path": "Community > Pharmacy"})
    post(client, "/admin/taxonomy/add", {"path": "Community > Dentistry"})
    html = client.get("/admin/audit").text
    dentistry = 'Added the category <a href="/admin/taxonomy">Community &gt; Dentistry</a>'
    pharmacy = 'Added the category <a href="/admin/taxonomy">Community &gt; Pharmacy</a>'
    assert html.index(dentistry) < html.index(pharmacy)
    assert "2 recorded actions, newest first." in html


def test_every_post_form_carries_a_csrf_token(world, client):
    import re

    sign_in_as(client, "admin@example.org")
    pages = [
        "/admin",
        "/admin/awards",
        f"/admin/awards/{world.award.id}",
        "/admin/taxonomy",
        "/admin/judges",
        "/admin/entries",
        "/admin/results",
        "/admin/reindex",
        "/admin/audit",
        "/account/password",
    ]
    counts = {}
    for url in pages:
        html = client.get(url).text
        forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
        counts[url] = (len(forms), sum(1 for f in forms if re.search(r'name="_csrf_token" value="[0-9a-f]{20,}"', f)))
    assert {url: n == with_token for url, (n, with_token) in counts.items()} == dict.fromkeys(pages, True)
    assert counts["/admin/results"] == (1 + 2 * 3, 1 + 2 * 3)  # sign out + outcome and publish for 3 entries


def test_reindex_from_the_admin_pages_reports_its_progress_and_is_audited(world, client, session):
    sign_in_as(client, "admin@example.org")
    assert "No re-index has run yet." in client.get("/admin/reindex").text
    started = post(client, "/admin/reindex")
    assert (started.status_code, started.headers["location"]) == (303, "/admin/reindex")
    client.app.state.reindex_tracker.wait(60)
    html = client.get("/admin/reindex").text
    assert "reindexed 5 nominations (0 published)" in html
    status = client.app.state.reindex_tracker.status()
    assert (status.done, status.to_index, status.percent) == (5, 5, 100)
    assert [(a, d) for a, _, d in audit(session)] == [("search.reindex", {"entries": 5})]
