"""What an entrant is told is what the save path does: the award's own deadline overrides its
cycle's, and an award that closes edits when judging starts locks its entries at the first score."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from catalogue.accounts.domain import create_user
from catalogue.db import row_id
from catalogue.judging.models import Score
from catalogue.nominations.models import Award, Cycle, EditsClose, Nomination
from catalogue.outbox.models import MailOutbox
from catalogue.timeutil import uk_datetime, utcnow
from tests.factories import make_nomination
from tests.integration.nominations.conftest import VALID, edit_link, hidden, open_form, post_form, submit


def set_award(session, award_id: int, **fields) -> Award:
    award = session.get_one(Award, award_id)
    for name, value in fields.items():
        setattr(award, name, value)
    session.add(award)
    session.commit()
    return award


def record_score(session, nomination_id: int) -> None:
    judge = create_user(session, email="judge@example.org", role="judge", password="a-long-passphrase-1")
    session.add(Score(judge_id=row_id(judge), nomination_id=nomination_id, criterion_scores={}))
    session.commit()


def the_entry(session) -> Nomination:
    session.expire_all()
    return session.exec(select(Nomination).order_by(col(Nomination.id))).first()


def test_the_form_confirmation_mail_and_edit_page_state_the_same_rule(client, award, session):
    cycle = session.get_one(Cycle, award.cycle_id)
    words = f"until the deadline, {uk_datetime(cycle.closes_at)}"
    assert words in client.get(f"/nominate/{award.id}").text
    confirmation = submit(client, award.id)
    assert confirmation.status_code == 201
    assert f'<span class="edit-rule">{words}</span>' in confirmation.text
    [mail] = session.exec(select(MailOutbox)).all()
    assert f"You can change or withdraw it through this private link {words}:" in mail.body
    edit_page = client.get(edit_link(confirmation.text))
    assert f"or withdraw this entry {words}." in edit_page.text


def test_an_award_closing_edits_at_judging_locks_the_entry_at_the_first_score(client, award, session):
    set_award(session, award.id, edits_close=EditsClose.judging_starts)
    confirmation = submit(client, award.id)
    assert "until judging starts or the deadline, " in confirmation.text
    [mail] = session.exec(select(MailOutbox)).all()
    assert "until judging starts or the deadline, " in mail.body and "whichever is sooner" in mail.body
    link = edit_link(confirmation.text)
    page = client.get(link)
    csrf = hidden(page.text, "_csrf_token")
    record_score(session, row_id(the_entry(session)))
    locked = client.get(link)
    assert locked.status_code == 200
    assert "Judging of this award has started, so this entry can no longer be changed" in locked.text
    assert 'id="nomination-form"' not in locked.text
    refused = post_form(client, link, csrf=csrf, fields={**VALID, "categories": ["Acute"], "title": "Too late"})
    assert refused.status_code == 409
    assert "Judging of this award has started" in refused.text
    client.post(f"{link}/withdraw", data={"_csrf_token": csrf}, follow_redirects=False)
    entry = the_entry(session)
    assert (entry.title, str(entry.status)) == (VALID["title"], "submitted")


def test_an_award_closing_edits_at_the_deadline_stays_editable_after_a_score(client, award, session):
    link = edit_link(submit(client, award.id).text)
    record_score(session, row_id(the_entry(session)))
    page = client.get(link)
    assert 'id="nomination-form"' in page.text
    saved = post_form(
        client,
        link,
        csrf=hidden(page.text, "_csrf_token"),
        fields={**VALID, "categories": ["Acute"], "title": "Still open"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert the_entry(session).title == "Still open"


def test_an_award_deadline_earlier_than_the_cycle_closes_entries_and_edits(client, award, session):
    link = edit_link(submit(client, award.id).text)
    form = open_form(client, award.id)  # opened while the award was still taking entries
    passed = (utcnow() - timedelta(hours=1)).replace(second=0, microsecond=0)
    set_award(session, award.id, deadline_at=passed)
    closed = client.get(f"/nominate/{award.id}")
    assert f"closed on {uk_datetime(passed)}, so no new entries or changes can be accepted." in closed.text
    late = post_form(
        client,
        f"/nominate/{award.id}",
        csrf=form.csrf,
        fields={**VALID, "action": "submit", "submission_key": form.submission_key},
    )
    assert late.status_code == 409
    assert len(session.exec(select(Nomination)).all()) == 1
    locked = client.get(link)
    assert f"The deadline for this award was {uk_datetime(passed)}, so this entry can no longer be changed." in (
        locked.text
    )


def test_an_award_deadline_later_than_the_cycle_keeps_the_award_open(client, award, session):
    cycle = session.get_one(Cycle, award.cycle_id)
    cycle.closes_at = utcnow() - timedelta(days=1)
    session.add(cycle)
    later = (utcnow() + timedelta(days=10)).replace(second=0, microsecond=0)
    set_award(session, award.id, deadline_at=later)
    form = client.get(f"/nominate/{award.id}")
    assert form.status_code == 200 and f"closes {uk_datetime(later)}" in form.text
    assert f"/nominate/{award.id}" in client.get("/nominate").text
    created = submit(client, award.id)
    assert created.status_code == 201
    assert f"until the deadline, {uk_datetime(later)}" in created.text


def test_an_outcome_for_any_entry_of_the_award_also_means_judging_has_started(client, award, session):
    set_award(session, award.id, edits_close=EditsClose.judging_starts)
    link = edit_link(submit(client, award.id).text)
    assert 'id="nomination-form"' in client.get(link).text
    make_nomination(session, award=award, status="shortlisted", title="Someone else's entry")
    session.commit()
    assert "Judging of this award has started" in client.get(link).text
