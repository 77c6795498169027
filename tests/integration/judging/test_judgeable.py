"""The judgeable rule on a real database, and what it keeps out of the judges' queue, counts,
review page and scoring: decided, published and past cycles' entries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from catalogue.judging.judgeable import judgeable
from catalogue.judging.models import Score
from catalogue.nominations.models import Nomination
from catalogue.timeutil import utcnow
from tests.factories import make_award, make_nomination
from tests.judging_world import post, sign_in_as


def judgeable_titles(session, now):
    return sorted(session.exec(select(Nomination.title).where(judgeable(now))))


def test_only_submitted_undecided_unpublished_entries_of_open_or_judging_cycles_are_judgeable(session):
    now = datetime(2030, 6, 1, tzinfo=UTC)

    def award(programme, year, opens, closes):
        return make_award(session, name=f"{programme} {year}", programme=programme, year=year,
                          opens_at=opens, closes_at=closes)  # fmt: skip

    superseded = award("P", 2028, datetime(2028, 1, 1, tzinfo=UTC), datetime(2028, 3, 1, tzinfo=UTC))
    judging = award("P", 2029, datetime(2029, 1, 1, tzinfo=UTC), datetime(2029, 3, 1, tzinfo=UTC))
    not_yet = award("P", 2031, datetime(2031, 1, 1, tzinfo=UTC), datetime(2031, 3, 1, tzinfo=UTC))
    open_now = award("Q", 2030, now - timedelta(days=30), now + timedelta(days=30))
    for title, on, status, published in [
        ("old submitted", superseded, "submitted", False),
        ("closed, judging", judging, "submitted", False),
        ("open now", open_now, "submitted", False),
        ("future", not_yet, "submitted", False),
        ("draft", judging, "draft", False),
        ("withdrawn", judging, "withdrawn", False),
        ("winner", judging, "winner", True),
        ("shortlisted", judging, "shortlisted", False),
        ("not shortlisted", open_now, "not_shortlisted", False),
        ("published without outcome", open_now, "submitted", True),
    ]:
        make_nomination(session, title=title, award=on, status=status, published=published)
    session.commit()
    assert judgeable_titles(session, now) == ["closed, judging", "open now"]
    # once the 2031 cycle opens, 2029 is superseded in turn
    assert judgeable_titles(session, datetime(2031, 2, 1, tzinfo=UTC)) == ["future", "open now"]
    # before anything opened, nothing is judged
    assert judgeable_titles(session, datetime(2027, 1, 1, tzinfo=UTC)) == []


def listed_ids(html):
    return [int(i) for i in re.findall(r'<tr data-entry-id="(\d+)">', html)]


def counts(html):
    return re.findall(r'id="progress-([\w-]+)">(\d+)<', html)


def test_decided_published_and_past_entries_stay_out_of_the_queue_counts_and_review(world, client, session):
    past = make_award(session, name="Best digital service", year=2014)  # superseded by 2015
    shift = make_nomination(session, title="Shift.ms", award=past, status="winner", published=True,
                            categories=["Acute > Surgery"])  # fmt: skip
    stale = make_nomination(session, title="Old undecided", award=past, categories=["Acute > Surgery"])
    decided = make_nomination(session, title="Decided", award=world.award, status="shortlisted",
                              categories=["Acute > Surgery"])  # fmt: skip
    shown = make_nomination(session, title="Shown early", award=world.award, published=True,
                            categories=["Acute > Surgery"])  # fmt: skip
    session.commit()
    client.app.state.ctx.search.drain_outbox()
    sign_in_as(client, "judge.a@example.org")

    html = client.get("/judging").text
    assert sorted(listed_ids(html)) == sorted([world.a_family.id, world.a_surgery.id])
    assert counts(html) == [("to-score", "2"), ("scored", "0"), ("recused", "0")]
    assert "Shift.ms" not in html
    for wanted in ({"status": "winner"}, {"q": "Shift"}, {"q": "Decided"}, {"sort": "score"}):
        assert not {shift.id, stale.id, decided.id, shown.id} & set(
            listed_ids(client.get("/judging", params=wanted).text)
        )
    for excluded in (shift, stale, decided, shown):
        assert client.get(f"/judging/entries/{excluded.id}").status_code == 404
    refused = post(client, f"/judging/entries/{stale.id}", {"action": "draft"})
    assert refused.status_code == 409
    assert "This entry&#39;s cycle is no longer being judged and is no longer open for judging" in refused.text
    assert post(client, f"/judging/entries/{decided.id}", {"action": "draft"}).status_code == 409
    session.expire_all()
    assert session.exec(select(Score.id)).all() == []

    sign_in_as(client, "admin@example.org")
    progress = client.get("/admin/results/judges").text
    row = progress.split('data-judge="judge.a@example.org"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="count-(\w+)"[^>]*>(\d+)', row) == [
        ("assigned", "2"), ("scored", "0"), ("recused", "0"), ("remaining", "2"),
    ]  # fmt: skip


def test_an_administrator_looks_on_read_only(world, client, session):
    sign_in_as(client, "admin@example.org")
    html = client.get("/judging").text
    assert 'id="read-only-notice"' in html
    assert sorted(listed_ids(html)) == sorted([world.a_family.id, world.a_surgery.id, world.b_digital.id])
    assert "My score" not in html  # neither the column nor the sort
    assert 'id="progress-to-score"' not in html

    review = client.get(f"/judging/entries/{world.a_family.id}").text
    assert "Read-only: you are looking on as an administrator" in review
    assert f'<form method="post" action="/judging/entries/{world.a_family.id}"' not in review
    assert client.get(f"/judging/entries/{world.a_draft.id}").status_code == 404
    refused = post(client, f"/judging/entries/{world.a_family.id}", {"action": "draft"})
    assert refused.status_code == 403
    assert "you can look at the entries but not score them" in refused.text
    session.expire_all()
    assert session.exec(select(Score.id)).all() == []


def test_an_assigned_administrator_scores_as_a_judge(world, client, session):
    from catalogue.judging.models import JudgeAssignment
    from tests.factories import existing_category

    session.add(JudgeAssignment(user_id=world.admin.id, category_id=existing_category(session, "Mental Health").id))
    session.commit()
    sign_in_as(client, "admin@example.org")
    html = client.get("/judging").text
    assert 'id="read-only-notice"' not in html
    assert listed_ids(html) == [world.b_digital.id]
    assert counts(html) == [("to-score", "1"), ("scored", "0"), ("recused", "0")]
    assert client.get(f"/judging/entries/{world.a_family.id}").status_code == 404
    review = client.get(f"/judging/entries/{world.b_digital.id}").text
    assert f'<form method="post" action="/judging/entries/{world.b_digital.id}"' in review
    assert post(client, f"/judging/entries/{world.b_digital.id}", {"action": "draft"}).status_code == 303
    session.expire_all()
    assert session.exec(select(Score.judge_id).where(col(Score.nomination_id) == world.b_digital.id)).all() == [
        world.admin.id
    ]


def test_the_clock_decides_with_the_real_now(session):
    """The app passes the real time: a cycle open today is judged today."""
    award = make_award(session, name="Today", programme="Now", year=utcnow().year + 5,
                       opens_at=utcnow() - timedelta(days=1), closes_at=utcnow() + timedelta(days=1))  # fmt: skip
    make_nomination(session, title="Today's entry", award=award)
    session.commit()
    assert judgeable_titles(session, utcnow()) == ["Today's entry"]
