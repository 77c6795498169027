"""Scoring rules: the weighted score (computed here and nowhere else), drafts, submission,
conflict-of-interest recusal, and the checks that keep a judge inside their scopes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.judgeable import judgeable
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.scopes import in_scopes, judge_scopes
from catalogue.nominations.models import AwardCriterion, Nomination, NominationStatus
from catalogue.templating import STATUS_LABELS
from catalogue.timeutil import utcnow

MAX_COMMENT_LENGTH = 5000
MAX_REASON_LENGTH = 1000


class ScoringError(Exception):
    """A score could not be saved; nothing was changed. `status_code` is the HTTP answer."""

    status_code = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAssigned(ScoringError):
    status_code = 404


class Recused(ScoringError):
    status_code = 409


class EntryNotJudgeable(ScoringError):
    """The entry left judging (withdrawn, or back to draft) after the form was opened."""

    status_code = 409


class InvalidScore(ScoringError):
    status_code = 400

    def __init__(self, message: str, *, field_errors: dict[str, str]) -> None:
        super().__init__(message)
        self.field_errors = field_errors


@dataclass(kw_only=True)
class ScoreInput:
    """What a judge typed: raw criterion values keyed by criterion id, as strings."""

    values: Mapping[str, str] = field(default_factory=dict)
    comment: str = ""
    conflict_declared: bool = False
    conflict_reason: str = ""
    submit: bool = False


def weighted_score(*, criteria: Sequence[AwardCriterion], criterion_scores: Mapping[str, int]) -> float | None:
    """The one weighted score: each criterion's score as a fraction of its maximum, weighted,
    on a 0-100 scale, rounded to 2 places. None until every criterion has a score."""
    total_weight = sum(c.weight for c in criteria)
    if not criteria or total_weight <= 0:
        return None
    if any(str(c.id) not in criterion_scores for c in criteria):
        return None
    weighted = sum(c.weight * criterion_scores[str(c.id)] / c.max_score for c in criteria)
    return round(100 * weighted / total_weight, 2)


def criteria_of(session: Session, *, award_id: int) -> list[AwardCriterion]:
    return list(
        session.exec(
            select(AwardCriterion)
            .where(AwardCriterion.award_id == award_id)
            .order_by(col(AwardCriterion.position), col(AwardCriterion.id))
        )
    )


def parse_criterion_scores(
    *, criteria: Sequence[AwardCriterion], values: Mapping[str, str], require_all: bool
) -> dict[str, int]:
    """Whole numbers from 0 to each criterion's maximum; blanks allowed in drafts only."""
    scores: dict[str, int] = {}
    errors: dict[str, str] = {}
    for criterion in criteria:
        key = str(criterion.id)
        raw = (values.get(key) or "").strip()
        if not raw:
            if require_all:
                errors[key] = f"Give {criterion.name} a score from 0 to {criterion.max_score}."
            continue
        try:
            value = int(raw)
        except ValueError:
            errors[key] = f"{criterion.name}: enter a whole number from 0 to {criterion.max_score}."
            continue
        if not 0 <= value <= criterion.max_score:
            errors[key] = f"{criterion.name}: {value} is out of range; enter 0 to {criterion.max_score}."
            continue
        scores[key] = value
    if errors:
        count = len(errors)
        raise InvalidScore(
            f"Your score was not saved: {count} {'field needs' if count == 1 else 'fields need'} correcting.",
            field_errors=errors,
        )
    return scores


def nomination_for_judge(session: Session, *, judge: User, nomination_id: int) -> Nomination:
    """The entry if it is inside the judge's scopes and judgeable; raises otherwise."""
    scopes = judge_scopes(session, judge_id=row_id(judge))
    nomination = session.exec(select(Nomination).where(Nomination.id == nomination_id, in_scopes(scopes))).first()
    if nomination is None:
        raise NotAssigned("No entry with this number is assigned to you.")
    still_open = session.exec(select(Nomination.id).where(Nomination.id == nomination_id, judgeable(utcnow()))).first()
    if still_open is None:
        if nomination.status != NominationStatus.submitted:
            label = STATUS_LABELS.get(str(nomination.status), str(nomination.status)).lower()
            what = f"This entry is now {label}"
        elif nomination.published_at is not None:
            what = "This entry is now published"
        else:
            what = "This entry's cycle is no longer being judged"
        raise EntryNotJudgeable(f"{what} and is no longer open for judging; your score was not saved.")
    return nomination


def own_score(session: Session, *, judge_id: int, nomination_id: int) -> Score | None:
    return session.exec(select(Score).where(Score.judge_id == judge_id, Score.nomination_id == nomination_id)).first()


def save_score(session: Session, *, judge: User, nomination_id: int, data: ScoreInput) -> Score:
    """Save a draft, submit, or declare a conflict (which recuses the judge for good).

    Raises a ScoringError subclass, having changed nothing, when the entry is outside the
    judge's scopes, no longer judgeable, the judge is recused, or a value is invalid.
    """
    nomination = nomination_for_judge(session, judge=judge, nomination_id=nomination_id)
    score = own_score(session, judge_id=row_id(judge), nomination_id=row_id(nomination))
    if score is not None and score.conflict_declared:
        raise Recused("You declared a conflict of interest for this entry, so you cannot score it.")
    comment = data.comment.strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise InvalidScore(
            "Your score was not saved: 1 field needs correcting.",
            field_errors={"comment": f"Keep the comment under {MAX_COMMENT_LENGTH} characters."},
        )
    if score is None:
        score = Score(judge_id=row_id(judge), nomination_id=row_id(nomination))
    if data.conflict_declared:
        reason = " ".join(data.conflict_reason.split())
        if len(reason) > MAX_REASON_LENGTH:
            raise InvalidScore(
                "Your declaration was not saved: 1 field needs correcting.",
                field_errors={"conflict_reason": f"Keep the reason under {MAX_REASON_LENGTH} characters."},
            )
        score.conflict_declared = True
        score.conflict_reason = reason
        score.criterion_scores = {}
        score.weighted_score = None
        score.status = ScoreStatus.submitted
        score.comment = comment
    else:
        if score.status == ScoreStatus.submitted and not data.submit:
            raise ScoringError("You have already submitted this score; change it and submit it again.")
        criteria = criteria_of(session, award_id=nomination.award_id)
        if data.submit and not criteria:
            raise ScoringError(
                "This award has no scoring criteria yet, so scores cannot be submitted. "
                "Ask an administrator to add them."
            )
        values = parse_criterion_scores(criteria=criteria, values=data.values, require_all=data.submit)
        score.criterion_scores = values
        score.weighted_score = weighted_score(criteria=criteria, criterion_scores=values)
        score.comment = comment
        score.status = ScoreStatus.submitted if data.submit else ScoreStatus.draft
    score.updated_at = utcnow()
    session.add(score)
    session.flush()
    return score
