"""/admin/results over HTTP: rankings per award and cycle, the taxonomy roll-up, validated
query parameters, and the CSV exports with award, cycle and category paths."""

from __future__ import annotations

import csv
import io
import re

import pytest

from catalogue.db import row_id
from catalogue.judging.models import Score, ScoreStatus
from tests.factories import make_award, make_nomination
from tests.judging_world import sign_in_as


def scored(session, world, *extra):
    """Judges' scores on the world: Family app 60 and 80 (mean 70), Mind chat 90 (and a draft
    that does not count), Surgery checklist only a recusal."""
    session.add_all(
        [
            Score(
                judge_id=world.judge_a.id,
                nomination_id=world.a_family.id,
                status=ScoreStatus.submitted,
                weighted_score=60.0,
                comment="=cmd|' /C calc'!A0",
            ),
            Score(
                judge_id=world.judge_b.id,
                nomination_id=world.a_family.id,
                status=ScoreStatus.submitted,
                weighted_score=80.0,
            ),
            Score(
                judge_id=world.judge_b.id,
                nomination_id=world.b_digital.id,
                status=ScoreStatus.submitted,
                weighted_score=90.0,
            ),
            Score(
                judge_id=world.judge_a.id,
                nomination_id=world.b_digital.id,
                status=ScoreStatus.draft,
                weighted_score=10.0,
            ),
            Score(
                judge_id=world.judge_a.id,
                nomination_id=world.a_surgery.id,
                status=ScoreStatus.submitted,
                conflict_declared=True,
            ),
            *extra,
        ]
    )
    session.commit()


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def ranked(html, award_id):
    table = html.split(f'id="ranking-{award_id}"', 1)[1].split("</table>", 1)[0]
    return [int(i) for i in re.findall(r'<tr data-entry-id="(\d+)">', table)]


def test_each_award_of_the_latest_cycle_is_ranked_on_its_own_under_a_heading_with_the_cycle(world, client, session):
    scored(session, world)
    later = make_award(session, name="Best digital service", year=2016)
    newer = make_nomination(session, title="Next year's app", award=later, categories=["Acute > Surgery"])
    session.add(
        Score(judge_id=world.judge_a.id, nomination_id=row_id(newer), status=ScoreStatus.submitted, weighted_score=99.0)
    )
    session.commit()
    sign_in_as(client, "admin@example.org")

    latest = client.get("/admin/results").text  # the 2016 cycle opened last
    assert "Best digital service — 2016 awards" in latest
    assert ranked(latest, later.id) == [newer.id]
    assert f'id="ranking-{world.award.id}"' not in latest

    page = client.get("/admin/results", params={"cycle": world.award.cycle_id})
    assert page.status_code == 200
    assert "Best digital service — 2015 awards" in page.text
    assert "Blind award — 2015 awards" in page.text
    assert ranked(page.text, world.award.id) == [world.b_digital.id, world.a_family.id]  # 90 before 70
    assert ranked(page.text, world.blind_award.id) == [world.a_surgery.id]
    assert newer.id not in ranked(page.text, world.award.id)

    one = client.get("/admin/results", params={"award": world.blind_award.id}).text  # its own cycle
    assert "Blind award — 2015 awards" in one
    assert f'id="ranking-{world.award.id}"' not in one


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"cycle": "9999"}, "cycle", "cycle: there is no cycle with the number 9999."),
        ({"award": "9999"}, "award", "award: there is no award with the number 9999."),
        ({"view": "pie"}, "view", "view: choose rankings or tree."),
        ({"category": "Nowhere"}, "category", "category: there is no category &#39;Nowhere&#39;."),
        ({"category": " > "}, "category", "category: &#39; &gt; &#39; is not a category path."),
    ],
)
def test_a_bad_parameter_is_a_400_naming_the_field_with_the_form_kept(world, client, params, field, message):
    sign_in_as(client, "admin@example.org")
    page = client.get("/admin/results", params=params)
    assert page.status_code == 400
    assert message in page.text
    assert re.search(rf'name="{field}" aria-invalid="true"', page.text)
    csv_answer = client.get("/admin/results/rankings.csv", params=params)
    if field != "view":  # the exports take no view
        assert (csv_answer.status_code, message in csv_answer.text) == (400, True)
        as_json = client.get("/admin/results/scores.csv", params=params, headers={"accept": "application/json"})
        assert [e["field"] for e in as_json.json()["errors"]] == [field]


def test_an_award_of_another_cycle_is_refused_and_a_non_number_names_its_field(world, client, session):
    other = make_award(session, name="Later award", year=2016)
    session.commit()
    sign_in_as(client, "admin@example.org")
    page = client.get("/admin/results", params={"cycle": world.award.cycle_id, "award": other.id})
    assert page.status_code == 400
    assert "award: Later award is not an award of 2015 awards." in page.text
    wrong = client.get("/admin/results", params={"cycle": "abc"}, headers={"accept": "application/json"})
    assert wrong.status_code == 400
    assert [e["field"] for e in wrong.json()["errors"]] == ["cycle"]


def test_rankings_csv_has_award_cycle_and_category_paths(world, client, session):
    scored(session, world)
    make_nomination(session, title="Second home", award=world.award, categories=["Acute > Surgery", "Mental Health"])
    session.commit()
    sign_in_as(client, "admin@example.org")
    ranking = client.get("/admin/results/rankings.csv", params={"award": world.award.id})
    assert ranking.headers["content-type"] == "text/csv; charset=utf-8"
    rows = rows_of(ranking.text)
    assert rows[0] == [
        "rank",
        "entry_id",
        "title",
        "organisation",
        "award",
        "cycle",
        "category_paths_joined_by_pipe",
        "status",
        "published",
        "weighted_mean",
        "scores",
        "recusals",
    ]
    assert [r[:3] + r[4:] for r in rows[1:]] == [
        ["1", str(world.b_digital.id), "Mind chat", "Best digital service", "2015 awards",
         "Mental Health > Digital technology", "submitted", "no", "90.00", "1", "0"],
        ["2", str(world.a_family.id), "Family app", "Best digital service", "2015 awards",
         "Acute > Family Care > Digital technology", "submitted", "no", "70.00", "2", "0"],
        ["", rows[3][1], "Second home", "Best digital service", "2015 awards",
         "Acute > Surgery | Mental Health", "submitted", "no", "", "0", "0"],
    ]  # fmt: skip
    branch = rows_of(client.get("/admin/results/rankings.csv", params={"category": "Acute"}).text)
    assert [(r[0], r[2], r[4], r[9], r[10], r[11]) for r in branch[1:]] == [
        ("1", "Family app", "Best digital service", "70.00", "2", "0"),
        ("", "Second home", "Best digital service", "", "0", "0"),
        ("", "Surgery checklist", "Blind award", "", "0", "1"),
    ]


def test_scores_csv_has_award_cycle_and_category_paths(world, client, session):
    scored(session, world)
    sign_in_as(client, "admin@example.org")
    rows = rows_of(client.get("/admin/results/scores.csv", params={"category": "Acute > Family Care"}).text)
    assert rows[0] == [
        "entry_id",
        "title",
        "award",
        "cycle",
        "category_paths_joined_by_pipe",
        "judge",
        "score_status",
        "conflict_declared",
        "weighted_score",
        "criteria",
        "comment",
    ]
    assert [r[1:] for r in rows[1:]] == [
        ["Family app", "Best digital service", "2015 awards", "Acute > Family Care > Digital technology",
         "judge.a@example.org", "submitted", "no", "60.00", "", "'=cmd|' /C calc'!A0"],
        ["Family app", "Best digital service", "2015 awards", "Acute > Family Care > Digital technology",
         "judge.b@example.org", "submitted", "no", "80.00", "", ""],
    ]  # fmt: skip


def test_the_roll_up_shows_mean_count_and_spread_per_branch(world, client, session):
    low = make_nomination(session, title="Low scorer", award=world.award, categories=["Acute > Surgery"])
    session.flush()
    scored(
        session,
        world,
        Score(judge_id=world.judge_b.id, nomination_id=row_id(low), status=ScoreStatus.submitted, weighted_score=50.0),
    )
    sign_in_as(client, "admin@example.org")
    page = client.get("/admin/results", params={"view": "tree"})
    assert page.status_code == 200
    html = page.text
    text = re.sub(r"<[^>]+>", "", html)
    text = re.sub(r"\s+", " ", text)
    # entries' means: Family app 70, Low scorer 50 (both Acute), Mind chat 90 (Mental Health);
    # Surgery checklist (Acute) has only a recusal
    assert "All entries: mean 70.00 · 3 scored · range 50.00\u201390.00 · SD 16.33 · 1 unscored" in text
    assert "Acute mean 60.00 · 2 scored · range 50.00\u201370.00 · SD 10.00 · 1 unscored" in text
    assert "Surgery mean 50.00 · 1 scored · range 50.00\u201350.00 · SD 0.00 · 1 unscored" in text
    assert "Family Care mean 70.00 · 1 scored · range 70.00\u201370.00 · SD 0.00" in text
    assert "Mental Health mean 90.00 · 1 scored · range 90.00\u201390.00 · SD 0.00" in text
    assert html.count("<details>") == 3  # Acute, Family Care, Mental Health have sub-branches
