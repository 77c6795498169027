"""/admin/entries and an entry's admin page over HTTP: filters (a bad value is a 400 naming
its field), bulk actions with what changed and what was refused, the publishing guard and its
audited override, and everything the entry page shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from catalogue.admin.models import AuditLog
from catalogue.db import row_id
from catalogue.nominations.models import Cycle, Nomination, NominationStatus
from catalogue.timeutil import uk_datetime, utcnow
from tests.entries_world import PDF, EntriesWorld, build_entries_world
from tests.factories import make_award, make_nomination
from tests.judging_world import post, sign_in_as


@pytest.fixture
def ew(session, client, settings) -> EntriesWorld:
    built = build_entries_world(session, uploads_dir=settings.uploads_dir)
    client.app.state.ctx.search.drain_outbox()
    sign_in_as(client, "admin@example.org")
    return built


def listed(html: str) -> list[str]:
    """The entries' titles in the list's order."""
    return re.findall(r'<td data-label="Entry"><a href="/admin/entries/\d+">([^<]+)</a>', html)


def audit(session):
    session.expire_all()
    return [(a.action, a.target, a.details) for a in session.exec(select(AuditLog).order_by(col(AuditLog.id)))]


def consent(session, *nominations: Nomination) -> None:
    for n in nominations:
        n.consent_to_publish = True
        session.add(n)
    session.commit()


def test_every_row_links_to_its_page_and_a_draft_without_a_title_is_named(ew, client):
    html = client.get("/admin/entries").text
    assert f'<a href="/admin/entries/{ew.untitled.id}">(untitled draft)</a>' in html
    assert sorted(listed(html)) == sorted(
        [
            "(untitled draft)",
            "Early bird",
            "Family app",
            "Mind chat",
            "Surgery checklist",
            "Unfinished draft",
            "Withdrawn idea",
        ]
    )
    page = client.get(f"/admin/entries/{ew.untitled.id}")
    assert page.status_code == 200
    assert "<h1>(untitled draft)</h1>" in page.text


def test_filters_by_award_cycle_status_and_branch_with_its_descendants(ew, client, session):
    w = ew.world
    early_cycle = session.get(Cycle, session.get_one(type(w.award), ew.early.award_id).cycle_id)

    def titles(**params):
        response = client.get("/admin/entries", params=params)
        assert response.status_code == 200
        return sorted(listed(response.text))

    assert titles(award=w.blind_award.id) == ["Surgery checklist"]
    assert titles(cycle=early_cycle.id) == ["Early bird"]
    assert titles(status="withdrawn") == ["Withdrawn idea"]
    assert titles(category="Acute") == [
        "Early bird",
        "Family app",
        "Surgery checklist",
        "Unfinished draft",
        "Withdrawn idea",
    ]
    assert titles(category="Acute > Family Care") == ["Family app", "Withdrawn idea"]
    assert titles(category="Acute", status="submitted", award=w.blind_award.id) == ["Surgery checklist"]


def test_bad_filters_are_a_400_naming_every_field_with_what_was_typed_kept(ew, client):
    response = client.get(
        "/admin/entries", params={"award": "abc", "cycle": "999", "status": "lost", "category": "Nowhere", "page": "0"}
    )
    assert response.status_code == 400
    errors = re.findall(r'<p class="field-error" id="entries-(\w+)-error">', response.text)
    assert errors == ["award", "cycle", "status", "category", "page"]
    assert "There is no cycle with the number 999." in response.text
    assert "There is no category &#39;Nowhere&#39;." in response.text
    assert "status must be one of: draft, submitted," in response.text
    as_json = client.get(
        "/admin/entries", params={"status": "lost", "page": "x"}, headers={"accept": "application/json"}
    )
    assert as_json.status_code == 400
    assert [e["field"] for e in as_json.json()["errors"]] == ["status", "page"]


def test_pagination_keeps_the_filters(ew, client, session):
    award = make_award(session, name="Crowded award")
    for n in range(51):
        make_nomination(session, title=f"Crowded {n:02d}", award=award)
    session.commit()
    first = client.get("/admin/entries", params={"award": award.id, "status": "submitted"}).text
    assert len(listed(first)) == 50
    assert f'href="/admin/entries?award={award.id}&amp;status=submitted&amp;page=2"' in first
    second = client.get("/admin/entries", params={"award": award.id, "status": "submitted", "page": 2}).text
    assert len(listed(second)) == 1
    assert "51 entries." in second


def test_bulk_shortlist_reports_what_changed_and_what_was_refused(ew, client, session):
    w = ew.world
    selected = [w.a_family.id, w.b_digital.id, w.a_draft.id, w.a_withdrawn.id]
    response = post(
        client,
        "/admin/entries/bulk",
        {"action": "shortlist", "entry": [str(i) for i in selected], "return_to": "/admin/entries?status=submitted"},
    )
    assert (response.status_code, response.headers["location"]) == (303, "/admin/entries?status=submitted")
    html = client.get("/admin/entries").text
    assert "Shortlisted 2 entries: Family app, Mind chat." in html
    assert (
        "2 entries were not changed. Unfinished draft: This entry is draft, so it cannot be given an outcome; "
        "Withdrawn idea: This entry is withdrawn, so it cannot be given an outcome." in html
    )
    session.expire_all()
    assert session.get_one(Nomination, w.b_digital.id).status == NominationStatus.shortlisted
    assert [(a, d) for a, _, d in audit(session)][-2:] == [
        ("entry.outcome", {"from": "submitted", "to": "shortlisted"}),
        ("entry.bulk", {"bulk_action": "Shortlist", "outcome": None, "changed": 2, "refused": 2}),
    ]


def test_bulk_outcome_and_publish_follow_the_single_entry_rules(ew, client, session):
    w = ew.world
    consent(session, w.b_digital, w.a_family)
    ids = [str(w.b_digital.id), str(w.a_family.id), str(ew.early.id)]
    assert (
        post(client, "/admin/entries/bulk", {"action": "outcome", "status": "winner", "entry": ids}).status_code == 303
    )
    html = client.get("/admin/entries").text
    assert "Outcome set for 2 entries: Family app, Mind chat." in html
    assert "1 entry was not changed. Early bird: This entry&#39;s outcome is already winner." in html
    session.expire_all()
    assert [session.get_one(Nomination, int(i)).status for i in ids] == ["winner", "winner", "winner"]
    published = post(client, "/admin/entries/bulk", {"action": "publish", "entry": ids})
    assert published.status_code == 303
    html = client.get("/admin/entries").text
    assert "Published 2 entries: Family app, Mind chat." in html
    assert "1 entry was not changed. Early bird: Not published: entries are open until " in html
    session.expire_all()
    assert [session.get_one(Nomination, int(i)).published_at is not None for i in ids] == [True, True, False]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({}, "entry", "Select at least one entry."),
        ({"action": "delete", "entry": "1"}, "action", "Choose what to do with the selected entries."),
        ({"action": "outcome", "status": "lost", "entry": "1"}, "status", "Choose the outcome to set."),
    ],
)
def test_a_bulk_request_that_cannot_run_changes_nothing_and_says_why(ew, client, session, form, field, message):
    before = audit(session)
    response = post(client, "/admin/entries/bulk", {"action": "shortlist", **form} if field == "entry" else form)
    assert response.status_code == 400
    assert f'<p class="field-error" id="bulk-error" role="alert">{message}</p>' in response.text
    assert audit(session) == before


def test_publishing_needs_an_outcome_and_a_closed_deadline_or_an_audited_override(ew, client, session):
    w = ew.world
    consent(session, w.b_digital)
    refused = post(
        client, f"/admin/entries/{w.b_digital.id}/publish", {"return_to": f"/admin/entries/{w.b_digital.id}"}
    )
    assert refused.status_code == 400
    assert "Not published: it has no outcome yet." in refused.text
    assert 'id="publish-override"' in refused.text  # the entry page again, with the override
    no_reason = post(client, f"/admin/entries/{w.b_digital.id}/publish", {"override": "yes", "override_reason": "  "})
    assert no_reason.status_code == 400
    assert "Give the reason for publishing although it has no outcome yet." in no_reason.text
    session.expire_all()
    assert session.get_one(Nomination, w.b_digital.id).published_at is None
    ok = post(
        client,
        f"/admin/entries/{w.b_digital.id}/publish",
        {"override": "yes", "override_reason": "Published  as an example entry.", "return_to": "/admin/entries"},
    )
    assert (ok.status_code, ok.headers["location"]) == (303, "/admin/entries")
    session.expire_all()
    assert session.get_one(Nomination, w.b_digital.id).published_at is not None
    assert audit(session)[-1] == (
        "entry.publish",
        f"entry {w.b_digital.id}: Mind chat",
        {"override": "it has no outcome yet", "reason": "Published as an example entry."},
    )


def test_an_entry_of_an_open_award_waits_for_the_deadline_unless_overridden(ew, client, session):
    deadline = utcnow() + timedelta(days=30)
    cycle = session.get_one(Cycle, session.get_one(type(ew.world.award), ew.early.award_id).cycle_id)
    cycle.closes_at = datetime(deadline.year, 3, 31, 17, 0, tzinfo=UTC) + timedelta(days=366)
    session.add(cycle)
    session.commit()
    closes = uk_datetime(cycle.closes_at)
    page = client.get(f"/admin/entries/{ew.early.id}").text
    assert f"Not ready to publish: entries are open until {closes}." in page
    assert f'action="/admin/entries/{ew.early.id}/publish" class="inline-form"' not in page  # no plain Publish
    listing = client.get("/admin/entries").text
    assert f'<a href="/admin/entries/{ew.early.id}#publish">Publish early' in listing
    refused = post(client, f"/admin/entries/{ew.early.id}/publish")
    assert refused.status_code == 400
    assert f"Not published: entries are open until {closes}." in refused.text
    ok = post(client, f"/admin/entries/{ew.early.id}/publish", {"override": "yes", "override_reason": "Announced."})
    assert ok.status_code == 303
    assert audit(session)[-1][2] == {"override": f"entries are open until {closes}", "reason": "Announced."}


def test_a_ready_entry_has_publish_as_its_primary_button(ew, client, session):
    w = ew.world
    consent(session, w.a_family)  # shortlisted in a 2015 cycle, long closed
    post(client, f"/admin/entries/{w.a_family.id}/outcome", {"status": "shortlisted"})
    page = client.get(f"/admin/entries/{w.a_family.id}").text
    assert re.search(r'<button type="submit">Publish<span class="visually-hidden"> Family app</span>', page)
    assert post(client, f"/admin/entries/{w.a_family.id}/publish").status_code == 303
    assert audit(session)[-1][:2] == ("entry.publish", f"entry {w.a_family.id}: Family app")
    assert audit(session)[-1][2] == {}


def test_the_entry_page_shows_everything_about_the_entry(ew, client, session):
    w = ew.world
    nomination = session.get_one(Nomination, w.a_family.id)
    nomination.body = "**Bold** claim <script>alert(1)</script> [link](javascript:alert(2))"
    nomination.links = ["https://example.org/report"]
    nomination.contact_email = "ops@open.example"
    session.add(nomination)
    session.commit()
    post(client, f"/admin/entries/{w.a_family.id}/outcome", {"status": "highly_commended"})
    html = client.get(f"/admin/entries/{w.a_family.id}").text
    body = html[html.index('<div class="prose entry-body">') :]
    body = body[: body.index("</div>")]
    assert body == (
        '<div class="prose entry-body"><p><strong>Bold</strong> claim &lt;script&gt;alert(1)&lt;/script&gt; '
        "[link](javascript:alert(2))</p>\n"
    )
    assert "<li>Acute &gt; Family Care &gt; Digital technology</li>" in html
    assert '<a href="mailto:ops@open.example">ops@open.example</a>' in html
    assert (
        f'<a href="/admin/entries/{w.a_family.id}/attachments/{ew.attachment.id}" download>'
        "family-app-evaluation.pdf</a>"
        f'</td><td data-label="Type">application/pdf</td><td data-label="Size">{len(PDF)} bytes</td>' in html
    )
    assert "Weighted total: <strong>70.00</strong> out of 100, the mean of 1 submitted score." in html
    assert re.search(
        r"<th scope=\"row\">Judge A \(judge.a@example.org\)</th><td>8</td><td>5</td>\s*<td>70.00</td>", html
    )
    assert "Judge C (judge.c@example.org) declared a conflict of interest: “I advised the trust on this app.”" in html
    row = session.exec(select(AuditLog).where(AuditLog.action == "entry.outcome")).one()
    when = uk_datetime(row.created_at)
    assert re.search(
        rf'<span class="history-when">{when}</span> Set the outcome of Family app to highly commended'
        r' <span class="meta">by admin@example.org</span>',
        html,
    )


def test_an_attachment_downloads_for_an_administrator_only_from_its_own_entry(ew, client):
    w = ew.world
    response = client.get(f"/admin/entries/{w.a_family.id}/attachments/{ew.attachment.id}")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert client.get(f"/admin/entries/{w.b_digital.id}/attachments/{ew.attachment.id}").status_code == 404
    sign_in_as(client, "judge.a@example.org")
    assert client.get(f"/admin/entries/{w.a_family.id}/attachments/{ew.attachment.id}").status_code == 403


def test_an_attachment_whose_file_is_missing_is_a_404_not_a_500(ew, client, session):
    stored = session.exec(select(type(ew.attachment)).where(col(type(ew.attachment).storage_key) == "k1")).one()
    response = client.get(f"/admin/entries/{stored.nomination_id}/attachments/{row_id(stored)}")
    assert response.status_code == 404
    assert "missing from the uploads store" in response.text


def test_a_refused_action_shows_the_page_it_came_from_and_a_forged_way_back_is_harmless(ew, client):
    entry = ew.world.b_digital.id
    from_page = post(client, f"/admin/entries/{entry}/outcome", {"status": "x", "return_to": f"/admin/entries/{entry}"})
    assert from_page.status_code == 400
    assert "<h1>Mind chat</h1>" in from_page.text
    forged = post(
        client, f"/admin/entries/{entry}/outcome", {"status": "x", "return_to": "/admin/entries/99999999999999999999"}
    )
    assert forged.status_code == 400
    assert "<h1>Entries: outcomes and publication</h1>" in forged.text
