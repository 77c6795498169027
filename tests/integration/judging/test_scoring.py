"""The review page and scoring: blind judging, drafts, submission, recusal, hidden scores,
and every kind of bad input answered with a message and no change."""

from __future__ import annotations

import re

from sqlmodel import col, select

from catalogue.db import row_id
from catalogue.judging.models import Score, ScoreStatus
from catalogue.nominations.models import AwardCriterion, Nomination, NominationStatus
from tests.factories import existing_category
from tests.judging_world import post, sign_in_as


def criteria_ids(session, award_id):
    return [
        c.id
        for c in session.exec(
            select(AwardCriterion).where(AwardCriterion.award_id == award_id).order_by(col(AwardCriterion.position))
        )
    ]


def scores(session):
    session.expire_all()
    return [
        (s.judge_id, s.nomination_id, s.status, s.criterion_scores, s.weighted_score, s.conflict_declared)
        for s in session.exec(select(Score).order_by(col(Score.id)))
    ]


def test_blind_award_hides_organisation_contact_links_and_attachments(world, client):
    sign_in_as(client, "judge.a@example.org")
    page = client.get(f"/judging/entries/{world.a_surgery.id}").text
    hidden = ["Secret Hospital", "Sam Secret", "sam@secret.example", "secret.example", "secret-hospital-report.pdf"]
    assert [word for word in hidden if word in page] == []
    assert 'id="blind-notice"' in page
    open_page = client.get(f"/judging/entries/{world.a_family.id}").text
    assert '<dd id="entry-organisation">Open Trust</dd>' in open_page


def test_draft_then_submit_computes_the_weighted_score(world, client, session):
    impact, innovation = criteria_ids(session, world.award.id)
    sign_in_as(client, "judge.a@example.org")
    url = f"/judging/entries/{world.a_family.id}"
    draft = post(
        client,
        url,
        {f"criterion_{impact}": "7", f"criterion_{innovation}": "", "comment": "Promising", "action": "draft"},
    )
    assert (draft.status_code, draft.headers["location"]) == (303, url)
    assert scores(session) == [(world.judge_a.id, world.a_family.id, ScoreStatus.draft, {str(impact): 7}, None, False)]
    submitted = post(client, url, {f"criterion_{impact}": "7", f"criterion_{innovation}": "4", "action": "submit"})
    assert submitted.status_code == 303
    # impact weight 2, innovation weight 1, both out of 10: (2*0.7 + 0.4) / 3 * 100 = 60.0
    assert scores(session) == [
        (world.judge_a.id, world.a_family.id, ScoreStatus.submitted, {str(impact): 7, str(innovation): 4}, 60.0, False)
    ]
    assert "Your score of 60.00 has been submitted." in client.get(url).text


def test_out_of_range_scores_rerender_with_errors_beside_fields_and_change_nothing(world, client, session):
    impact, innovation = criteria_ids(session, world.award.id)
    sign_in_as(client, "judge.a@example.org")
    url = f"/judging/entries/{world.a_family.id}"
    response = post(client, url, {f"criterion_{impact}": "11", f"criterion_{innovation}": "abc", "action": "submit"})
    assert response.status_code == 400
    assert (
        '<div class="notice error" role="alert" id="score-error">'
        "Your score was not saved: 2 fields need correcting.</div>"
    ) in response.text
    assert (
        f'<p class="field-error" id="criterion-{impact}-error">Impact: 11 is out of range; enter 0 to 10.</p>'
        in response.text
    )
    assert (
        f'<p class="field-error" id="criterion-{innovation}-error">Innovation: enter a whole number from 0 to 10.</p>'
        in response.text
    )
    assert re.search(rf'name="criterion_{impact}"[^>]*value="11"', response.text)
    assert scores(session) == []


def test_conflict_declaration_recuses_for_good(world, client, session):
    impact, innovation = criteria_ids(session, world.award.id)
    sign_in_as(client, "judge.a@example.org")
    url = f"/judging/entries/{world.a_family.id}"
    post(client, url, {f"criterion_{impact}": "3", "action": "draft"})
    declared = post(client, url, {"conflict_declared": "yes", "conflict_reason": "I advised this team"})
    assert declared.status_code == 303
    assert scores(session) == [(world.judge_a.id, world.a_family.id, ScoreStatus.submitted, {}, None, True)]
    again = post(client, url, {f"criterion_{impact}": "9", f"criterion_{innovation}": "9", "action": "submit"})
    assert again.status_code == 409
    assert "You declared a conflict of interest for this entry, so you cannot score it." in again.text
    assert scores(session) == [(world.judge_a.id, world.a_family.id, ScoreStatus.submitted, {}, None, True)]


def test_scoring_an_entry_outside_ones_scopes_is_a_404_and_changes_nothing(world, client, session):
    sign_in_as(client, "judge.b@example.org")
    impact, innovation = criteria_ids(session, world.award.id)
    for entry in (world.a_family, world.a_surgery):
        response = post(
            client,
            f"/judging/entries/{entry.id}",
            {f"criterion_{impact}": "10", f"criterion_{innovation}": "10", "action": "submit"},
        )
        assert response.status_code == 404
        assert "No entry with this number is assigned to you." in response.text
        assert client.get(f"/judging/entries/{entry.id}").status_code == 404
    assert client.get("/judging/entries/999999").status_code == 404
    assert scores(session) == []


def test_a_stale_form_for_an_entry_withdrawn_meanwhile_is_refused(world, client, session):
    impact, innovation = criteria_ids(session, world.award.id)
    sign_in_as(client, "judge.a@example.org")
    url = f"/judging/entries/{world.a_family.id}"
    assert client.get(url).status_code == 200  # the judge opens the form ...
    nomination = session.get(Nomination, world.a_family.id)
    nomination.status = NominationStatus.withdrawn  # ... the entrant withdraws ...
    session.add(nomination)
    session.commit()
    response = post(client, url, {f"criterion_{impact}": "5", f"criterion_{innovation}": "5", "action": "submit"})
    assert response.status_code == 409
    assert "This entry is now withdrawn and is no longer open for judging; your score was not saved." in response.text
    assert scores(session) == []
    assert client.get(url).status_code == 404
    # drafts are never open to judges either
    assert client.get(f"/judging/entries/{world.a_draft.id}").status_code == 404


def test_other_judges_scores_stay_hidden_until_one_has_submitted(world, client, session):
    from catalogue.judging.models import JudgeAssignment

    session.add(JudgeAssignment(user_id=row_id(world.judge_b), category_id=row_id(existing_category(session, "Acute"))))
    session.commit()
    impact, innovation = criteria_ids(session, world.award.id)
    url = f"/judging/entries/{world.a_family.id}"
    sign_in_as(client, "judge.b@example.org")
    post(
        client,
        url,
        {f"criterion_{impact}": "10", f"criterion_{innovation}": "10", "comment": "Superb B", "action": "submit"},
    )
    sign_in_as(client, "judge.a@example.org")
    before = client.get(url).text
    assert ('id="others-hidden"' in before, "Superb B" in before, "100.00" in before) == (True, False, False)
    post(client, url, {f"criterion_{impact}": "5", f"criterion_{innovation}": "5", "action": "draft"})
    draft = client.get(url).text
    assert ("Superb B" in draft) is False
    post(client, url, {f"criterion_{impact}": "5", f"criterion_{innovation}": "5", "action": "submit"})
    after = client.get(url).text
    assert "<tr><td>Judge B</td><td>100.00</td><td>Superb B</td></tr>" in after


def test_a_submitted_score_cannot_go_back_to_draft(world, client, session):
    impact, innovation = criteria_ids(session, world.award.id)
    sign_in_as(client, "judge.a@example.org")
    url = f"/judging/entries/{world.a_family.id}"
    post(client, url, {f"criterion_{impact}": "6", f"criterion_{innovation}": "6", "action": "submit"})
    back = post(client, url, {f"criterion_{impact}": "1", f"criterion_{innovation}": "1", "action": "draft"})
    assert back.status_code == 409
    assert "You have already submitted this score; change it and submit it again." in back.text
    assert scores(session) == [
        (world.judge_a.id, world.a_family.id, ScoreStatus.submitted, {str(impact): 6, str(innovation): 6}, 60.0, False)
    ]
