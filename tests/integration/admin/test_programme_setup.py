"""Programme set-up in /admin: programmes, cycles, awards and criteria listed, edited and
reordered; every error of a form at once with what was typed kept; every change audited;
times typed and shown as UK time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from sqlmodel import col, select

from catalogue.admin.models import AuditLog
from catalogue.judging.models import Score
from catalogue.nominations.models import Award, AwardCriterion, AwardProgramme, Cycle
from tests.factories import make_award
from tests.judging_world import post, sign_in_as


def audit_rows(session, action: str) -> list[AuditLog]:
    session.expire_all()
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(col(AuditLog.id))))


def summary_links(html: str, form: str) -> list[tuple[str, str]]:
    alert = re.search(rf'<div class="notice error" role="alert" id="{form}-alert"[^>]*>(.*?)</div>', html, re.S)
    assert alert, f"no error summary for {form}"
    return [(target, unescape(text)) for target, text in re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', alert.group(1))]


def test_programmes_are_listed_and_edited_with_all_errors_at_once(world, client, session):
    sign_in_as(client, "admin@example.org")
    programme = session.exec(select(AwardProgramme)).first()
    page = client.get("/admin/programmes")
    assert page.status_code == 200 and f'action="/admin/programmes/{programme.id}"' in page.text
    key = f"programme-{programme.id}"
    bad = post(client, f"/admin/programmes/{programme.id}", {"name": " ", "description": "x" * 5001})
    assert bad.status_code == 400
    assert summary_links(bad.text, key) == [
        (f"{key}-name", "Enter the programme name."),
        (f"{key}-description", "The description must be at most 5000 characters."),
    ]
    assert f'<p class="field-error" id="{key}-description-error">' in bad.text
    assert "x" * 5001 + "</textarea>" in bad.text  # what was typed is kept
    ok = post(client, f"/admin/programmes/{programme.id}", {"name": "Renamed Awards", "description": "About."})
    assert (ok.status_code, ok.headers["location"]) == (303, "/admin/programmes")
    session.expire_all()
    assert (session.get(AwardProgramme, programme.id).name, session.get(AwardProgramme, programme.id).slug) == (
        "Renamed Awards",
        programme.slug,
    )
    [row] = audit_rows(session, "programme.update")
    assert row.details["name"]["to"] == "Renamed Awards" and row.details["description"] == {"from": "", "to": "About."}


def test_a_new_cycle_reports_every_error_at_once_and_keeps_what_was_typed(world, client, session):
    sign_in_as(client, "admin@example.org")
    bad = post(
        client,
        "/admin/cycles",
        {"programme_id": "", "year": "20x6", "name": "Odd", "opens_at_date": "2027-02-30", "closes_at_time": "17:00"},
    )
    assert bad.status_code == 400
    assert summary_links(bad.text, "cycle") == [
        ("cycle-programme_id", "Choose the programme."),
        ("cycle-year", "Enter the year as four digits, for example 2027."),
        ("cycle-opens_at", "Enter the date entries open as a real date, for example 31 March 2027."),
        ("cycle-closes_at", "Enter the date entries close."),
    ]
    assert 'name="year" type="number" value="20x6"' in bad.text
    assert 'name="opens_at_date" type="date" value="2027-02-30"' in bad.text
    assert 'name="closes_at_time" type="time" value="17:00"' in bad.text
    assert audit_rows(session, "cycle.create") == []


def test_cycles_are_listed_in_uk_time_and_edited_as_uk_time(world, client, session):
    sign_in_as(client, "admin@example.org")
    cycle = session.get_one(Cycle, world.award.cycle_id)
    listing = client.get("/admin/cycles")
    assert listing.status_code == 200
    assert f'<a href="/admin/cycles/{cycle.id}">2015 awards</a>' in listing.text
    assert "1 January 2015, 00:00 GMT" in listing.text and "31 December 2015, 00:00 GMT" in listing.text
    edit = client.get(f"/admin/cycles/{cycle.id}")
    assert 'name="closes_at_date" type="date" value="2015-12-31"' in edit.text
    assert "Entries close, UK time" in edit.text
    fields = {"year": "2015", "name": "2015 awards", "opens_at_date": "2015-01-05", "opens_at_time": "09:00"}
    skipped = post(
        client, f"/admin/cycles/{cycle.id}", fields | {"closes_at_date": "2015-03-29", "closes_at_time": "01:30"}
    )
    assert skipped.status_code == 400
    assert "01:30 on 29 March 2015 does not exist in the UK: the clocks go forward an hour; enter another time." in (
        skipped.text
    )
    saved = post(
        client, f"/admin/cycles/{cycle.id}", fields | {"closes_at_date": "2015-03-31", "closes_at_time": "17:00"}
    )
    assert (saved.status_code, saved.headers["location"]) == (303, f"/admin/cycles/{cycle.id}")
    session.expire_all()
    cycle = session.get_one(Cycle, cycle.id)
    assert (cycle.opens_at, cycle.closes_at) == (
        datetime(2015, 1, 5, 9, 0, tzinfo=UTC),
        datetime(2015, 3, 31, 16, 0, tzinfo=UTC),
    )
    [row] = audit_rows(session, "cycle.update")
    assert row.details["closes_at"] == {"from": "31 December 2015, 00:00 GMT", "to": "31 March 2015, 17:00 BST"}
    assert (
        "Entries open 5 January 2015, 09:00 GMT and close 31 March 2015, 17:00 BST."
        in client.get(f"/admin/cycles/{cycle.id}").text
    )


def test_an_award_gets_its_own_deadline_edit_rule_and_sanitised_description(world, client, session):
    sign_in_as(client, "admin@example.org")
    url = f"/admin/awards/{world.award.id}"
    bad = post(
        client,
        url,
        {"name": "", "deadline_at_date": "2014-06-01", "edits_close": "whenever", "description": "Kept *text*"},
    )
    assert bad.status_code == 400
    assert summary_links(bad.text, "award") == [
        ("award-name", "Enter the award name."),
        ("award-deadline_at", "The award's deadline must be after its cycle opens for entries."),
        ("award-edits_close", "Choose when entrants can no longer change their entries."),
    ]
    assert ">Kept *text*</textarea>" in bad.text
    saved = post(
        client,
        url,
        {
            "name": world.award.name,
            "description": "**Bold** <script>alert(1)</script>",
            "deadline_at_date": "2015-06-30",
            "deadline_at_time": "17:00",
            "edits_close": "judging_starts",
        },
    )
    assert saved.status_code == 303
    session.expire_all()
    award = session.get_one(Award, world.award.id)
    assert (award.deadline_at, award.edits_close) == (datetime(2015, 6, 30, 16, 0, tzinfo=UTC), "judging_starts")
    page = client.get(url)
    assert "<strong>Bold</strong>" in page.text and "<script>alert(1)</script>" not in page.text
    assert 'name="deadline_at_date" type="date" value="2015-06-30"' in page.text
    assert 'value="judging_starts" checked' in page.text
    listing = client.get("/admin/awards")
    assert "30 June 2015, 17:00 BST" in listing.text and "When judging starts" in listing.text
    [row] = audit_rows(session, "award.update")
    assert row.details["deadline_at"] == {"from": None, "to": "30 June 2015, 17:00 BST"}
    assert row.details["edits_close"] == {"from": "deadline", "to": "judging_starts"}
    cleared = post(client, url, {"name": world.award.name, "edits_close": "deadline"})
    assert cleared.status_code == 303
    session.expire_all()
    assert session.get_one(Award, world.award.id).deadline_at is None


def test_awards_move_up_and_down_within_their_cycle(world, client, session):
    sign_in_as(client, "admin@example.org")
    third = make_award(session, name="Third award")
    session.commit()

    def order() -> list[Award]:
        session.expire_all()
        return list(
            session.exec(
                select(Award)
                .where(Award.cycle_id == world.award.cycle_id)
                .order_by(col(Award.position), col(Award.name))
            )
        )

    start = [a.name for a in order()]
    assert post(client, f"/admin/awards/{third.id}/move", {"direction": "up"}).status_code == 303
    assert [a.name for a in order()] == [start[0], "Third award", start[1]]
    first = post(client, f"/admin/awards/{order()[0].id}/move", {"direction": "up"})
    assert first.status_code == 400 and "It is already first." in first.text
    assert 'id="award-order-' in first.text
    assert [r.details["direction"] for r in audit_rows(session, "award.move")] == ["up"]


def test_criteria_are_edited_in_place_reordered_and_frozen_for_scores(world, client, session):
    sign_in_as(client, "admin@example.org")
    impact, innovation = session.exec(
        select(AwardCriterion).where(AwardCriterion.award_id == world.award.id).order_by(col(AwardCriterion.position))
    ).all()
    key = f"criterion-{impact.id}"
    bad = post(client, f"/admin/criteria/{impact.id}", {"name": "", "weight": "0", "max_score": "1000"})
    assert bad.status_code == 400
    assert summary_links(bad.text, key) == [
        (f"{key}-name", "Enter the criterion name."),
        (f"{key}-weight", "Enter a weight above 0 and at most 100."),
        (f"{key}-max_score", "Enter a maximum score from 1 to 100."),
    ]
    edited = post(client, f"/admin/criteria/{impact.id}", {"name": "Impact on people", "weight": "3", "max_score": "5"})
    assert (edited.status_code, edited.headers["location"]) == (
        303,
        f"/admin/awards/{world.award.id}#criterion-{impact.id}",
    )
    moved = post(client, f"/admin/criteria/{innovation.id}/move", {"direction": "up"})
    assert moved.status_code == 303
    session.expire_all()
    assert [
        (c.name, c.weight, c.max_score)
        for c in session.exec(
            select(AwardCriterion)
            .where(AwardCriterion.award_id == world.award.id)
            .order_by(col(AwardCriterion.position))
        )
    ] == [("Innovation", 1.0, 10), ("Impact on people", 3.0, 5)]
    assert "It is already last." in post(client, f"/admin/criteria/{impact.id}/move", {"direction": "down"}).text
    session.add(Score(judge_id=world.judge_a.id, nomination_id=world.a_family.id, criterion_scores={}))
    session.commit()
    frozen = post(
        client, f"/admin/criteria/{impact.id}", {"name": "Impact (reworded)", "weight": "2", "max_score": "5"}
    )
    assert frozen.status_code == 400
    assert f'<p class="field-error" id="{key}-weight-error">Judges have already scored entries for this award' in (
        frozen.text
    )
    reworded = post(
        client, f"/admin/criteria/{impact.id}", {"name": "Impact (reworded)", "weight": "3", "max_score": "5"}
    )
    assert reworded.status_code == 303
    [update, rewording] = audit_rows(session, "criterion.update")
    assert update.details["weight"] == {"from": 2.0, "to": 3.0}
    assert rewording.details["name"] == {"from": "Impact on people", "to": "Impact (reworded)"}
    assert [r.details["criterion"] for r in audit_rows(session, "criterion.move")] == ["Innovation"]
