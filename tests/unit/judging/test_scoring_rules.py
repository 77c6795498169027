import pytest

from catalogue.judging.domain import InvalidScore, parse_criterion_scores, weighted_score
from catalogue.nominations.models import AwardCriterion

IMPACT = AwardCriterion(id=1, award_id=1, name="Impact", weight=2.0, max_score=10)
REACH = AwardCriterion(id=2, award_id=1, name="Reach", weight=1.0, max_score=5)


def test_weighted_score_normalises_each_criterion_to_its_maximum():
    # (2 * 8/10 + 1 * 5/5) / 3 * 100 = 86.666...
    assert weighted_score(criteria=[IMPACT, REACH], criterion_scores={"1": 8, "2": 5}) == 86.67
    assert weighted_score(criteria=[IMPACT, REACH], criterion_scores={"1": 0, "2": 0}) == 0.0
    assert weighted_score(criteria=[IMPACT, REACH], criterion_scores={"1": 10, "2": 5}) == 100.0


def test_weighted_score_is_none_until_complete_or_without_criteria():
    assert weighted_score(criteria=[IMPACT, REACH], criterion_scores={"1": 8}) is None
    assert weighted_score(criteria=[], criterion_scores={}) is None


def test_parse_accepts_whole_numbers_in_range_and_blanks_in_drafts():
    assert parse_criterion_scores(criteria=[IMPACT, REACH], values={"1": " 7 ", "2": ""}, require_all=False) == {"1": 7}


def test_parse_reports_every_bad_field_beside_it():
    with pytest.raises(InvalidScore) as caught:
        parse_criterion_scores(criteria=[IMPACT, REACH], values={"1": "11", "2": "2.5"}, require_all=True)
    assert caught.value.message == "Your score was not saved: 2 fields need correcting."
    assert caught.value.field_errors == {
        "1": "Impact: 11 is out of range; enter 0 to 10.",
        "2": "Reach: enter a whole number from 0 to 5.",
    }


def test_parse_requires_every_criterion_on_submit():
    with pytest.raises(InvalidScore) as caught:
        parse_criterion_scores(criteria=[IMPACT, REACH], values={"1": "-1"}, require_all=True)
    assert caught.value.field_errors == {
        "1": "Impact: -1 is out of range; enter 0 to 10.",
        "2": "Give Reach a score from 0 to 5.",
    }
