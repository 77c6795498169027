"""The review page's data: one judgeable entry as its viewer may see it, and the other scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.domain import criteria_of, own_score
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.scopes import JudgingAccess, scope_condition
from catalogue.nominations.models import Attachment, Award, AwardCriterion, Cycle, Nomination
from catalogue.taxonomy.queries import category_paths_of

_T = TypeVar("_T")


@dataclass(kw_only=True)
class EntryForJudge:
    """An entry as a judge may see it: identifying fields are None when the award is blind."""

    id: int
    title: str
    summary: str
    body: str
    status: str
    award: Award
    cycle: Cycle
    category_paths: list[str]
    blind: bool
    organisation: str | None
    organisation_type: str | None
    region: str | None
    website: str | None
    links: list[str] | None
    social_handles: list[str] | None
    contact_name: str | None
    contact_email: str | None
    #: (filename, content type, size) of each attachment; None when blind
    attachments: list[tuple[str, str, int]] | None


@dataclass(kw_only=True)
class OtherScore:
    judge_name: str
    weighted_score: float | None
    criterion_scores: dict[str, int]
    comment: str
    conflict_declared: bool


@dataclass(kw_only=True)
class ReviewView:
    entry: EntryForJudge
    criteria: list[AwardCriterion]
    score: Score | None
    #: other judges' submitted scores: empty until this judge has submitted (and never if recused)
    others: list[OtherScore]
    others_hidden: bool
    #: an administrator looking on: no score form
    read_only: bool


def _entry_for_judge(session: Session, nomination: Nomination) -> EntryForJudge:
    award = session.get_one(Award, nomination.award_id)
    cycle = session.get_one(Cycle, award.cycle_id)
    blind = award.blind_judging
    attachments = None
    if not blind:
        attachments = [
            (a.filename, a.content_type, a.size_bytes)
            for a in session.exec(
                select(Attachment).where(Attachment.nomination_id == nomination.id).order_by(col(Attachment.id))
            )
        ]

    def shown(value: _T) -> _T | None:
        return None if blind else value

    return EntryForJudge(
        id=row_id(nomination),
        title=nomination.title,
        summary=nomination.summary,
        body=nomination.body,
        status=str(nomination.status),
        award=award,
        cycle=cycle,
        category_paths=category_paths_of(session, nomination_id=row_id(nomination)),
        blind=blind,
        organisation=shown(nomination.organisation),
        organisation_type=shown(nomination.organisation_type),
        region=shown(nomination.region),
        website=shown(nomination.website),
        links=shown(list(nomination.links)),
        social_handles=shown(list(nomination.social_handles)),
        contact_name=shown(nomination.contact_name),
        contact_email=shown(nomination.contact_email),
        attachments=attachments,
    )


def _other_scores(session: Session, *, nomination_id: int, judge_id: int) -> list[OtherScore]:
    rows = session.exec(
        select(Score, User)
        .join(User, col(User.id) == Score.judge_id)
        .where(Score.nomination_id == nomination_id, Score.judge_id != judge_id, Score.status == ScoreStatus.submitted)
        .order_by(col(User.display_name), col(User.id))
    ).all()
    return [
        OtherScore(
            judge_name=user.display_name or user.email,
            weighted_score=s.weighted_score,
            criterion_scores=dict(s.criterion_scores),
            comment=s.comment,
            conflict_declared=s.conflict_declared,
        )
        for s, user in rows
    ]


def review_for_judge(
    session: Session, *, access: JudgingAccess, nomination_id: int, now: datetime
) -> ReviewView | None:
    """The review page's data, or None if the entry is not judgeable within the viewer's scopes.

    A judge sees the others' scores once they have submitted their own (never if recused); an
    onlooking administrator sees them all, and has no score of their own."""
    nomination = session.exec(
        select(Nomination).where(Nomination.id == nomination_id, scope_condition(access.scopes, now=now))
    ).first()
    if nomination is None:
        return None
    nid = row_id(nomination)
    score = None if access.read_only else own_score(session, judge_id=access.user_id, nomination_id=nid)
    may_see_others = access.read_only or (
        score is not None and score.status == ScoreStatus.submitted and not score.conflict_declared
    )
    return ReviewView(
        entry=_entry_for_judge(session, nomination),
        criteria=criteria_of(session, award_id=nomination.award_id),
        score=score,
        others=_other_scores(session, nomination_id=nid, judge_id=access.user_id) if may_see_others else [],
        others_hidden=not may_see_others,
        read_only=access.read_only,
    )
