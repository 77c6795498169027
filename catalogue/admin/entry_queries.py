"""What /admin/entries and an entry's admin page show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.admin.audit_queries import AuditView, entry_history
from catalogue.admin.entry_filters import EntryFilters
from catalogue.admin.publication import PublishCheck, entry_deadline, publish_check
from catalogue.admin.results import ResultsView, Selection, entry_results
from catalogue.db import row_id
from catalogue.judging.domain import criteria_of
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.scopes import in_branch
from catalogue.nominations.models import (
    Attachment,
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
)
from catalogue.nominations.revision_models import NominationRevision
from catalogue.taxonomy.queries import category_paths_of
from catalogue.timeutil import uk_datetime

ENTRIES_PAGE_SIZE = 50


@dataclass(kw_only=True)
class EntryRow:
    nomination: Nomination
    award: Award
    cycle: Cycle
    check: PublishCheck


def _conditions(filters: EntryFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.status:
        conditions.append(col(Nomination.status) == filters.status)
    if filters.award_id:
        conditions.append(col(Nomination.award_id) == filters.award_id)
    if filters.cycle_id:
        conditions.append(col(Award.cycle_id) == filters.cycle_id)
    if filters.category:
        conditions.append(in_branch(filters.category))
    return conditions


def entries(session: Session, *, filters: EntryFilters, now: datetime) -> tuple[list[EntryRow], int]:
    """One page of entries, most recently changed first; a category includes its branch."""
    conditions = _conditions(filters)
    total = session.exec(
        select(func.count())
        .select_from(Nomination)
        .join(Award, col(Award.id) == Nomination.award_id)
        .where(*conditions)
    ).one()
    rows = session.exec(
        select(Nomination, Award, Cycle)
        .join(Award, col(Award.id) == Nomination.award_id)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .where(*conditions)
        .order_by(col(Nomination.updated_at).desc(), col(Nomination.id).desc())
        .offset((filters.page - 1) * ENTRIES_PAGE_SIZE)
        .limit(ENTRIES_PAGE_SIZE)
    )
    return [
        EntryRow(nomination=n, award=a, cycle=c, check=publish_check(session, nomination=n, now=now))
        for n, a, c in rows
    ], total


@dataclass(kw_only=True)
class ScoreRow:
    judge: str
    #: each criterion's score, in the award's criterion order (None: not given)
    values: list[int | None]
    weighted: float | None
    status: str
    comment: str
    updated: str


@dataclass(kw_only=True)
class Recusal:
    judge: str
    reason: str
    updated: str


@dataclass(kw_only=True)
class RevisionRow:
    revision: NominationRevision
    submitted: str
    decided: str
    decided_by: str


@dataclass(kw_only=True)
class EntryView:
    nomination: Nomination
    award: Award
    cycle: Cycle
    programme: AwardProgramme
    deadline: str
    category_paths: list[str]
    attachments: list[Attachment]
    criteria: list[AwardCriterion]
    scores: list[ScoreRow]
    recusals: list[Recusal]
    #: the mean of the submitted, unrecused weighted scores, as ranked on /admin/results
    weighted_mean: float | None
    counted_scores: int
    history: list[AuditView]
    revisions: list[RevisionRow]
    check: PublishCheck
    dates: list[tuple[str, str]]


def _scores(
    session: Session, *, nomination_id: int, criteria: list[AwardCriterion]
) -> tuple[list[ScoreRow], list[Recusal]]:
    scores: list[ScoreRow] = []
    recusals: list[Recusal] = []
    for score, judge in session.exec(
        select(Score, User)
        .join(User, col(User.id) == Score.judge_id)
        .where(Score.nomination_id == nomination_id)
        .order_by(col(User.display_name), col(User.email))
    ):
        name = f"{judge.display_name} ({judge.email})" if judge.display_name else judge.email
        if score.conflict_declared:
            recusals.append(Recusal(judge=name, reason=score.conflict_reason, updated=uk_datetime(score.updated_at)))
            continue
        scores.append(
            ScoreRow(
                judge=name,
                values=[score.criterion_scores.get(str(c.id)) for c in criteria],
                weighted=score.weighted_score,
                status="Submitted" if score.status == ScoreStatus.submitted else "Draft (not counted)",
                comment=score.comment,
                updated=uk_datetime(score.updated_at),
            )
        )
    return scores, recusals


def _revisions(session: Session, *, nomination_id: int) -> list[RevisionRow]:
    rows = session.exec(
        select(NominationRevision, User.email)
        .outerjoin(User, col(User.id) == NominationRevision.decided_by)
        .where(NominationRevision.nomination_id == nomination_id)
        .order_by(col(NominationRevision.submitted_at), col(NominationRevision.id))
    ).all()
    return [
        RevisionRow(
            revision=r, submitted=uk_datetime(r.submitted_at), decided=uk_datetime(r.decided_at), decided_by=email or ""
        )
        for r, email in rows
    ]


def _award_selection(session: Session, *, award: Award, cycle: Cycle) -> Selection:
    return Selection(
        cycle=cycle,
        programme=session.get(AwardProgramme, cycle.programme_id),
        awards=[award],
        award_id=row_id(award),
        category_path=None,
        view=ResultsView.rankings,
    )


def entry_view(session: Session, *, nomination_id: int, now: datetime) -> EntryView | None:
    nomination = session.get(Nomination, nomination_id)
    if nomination is None:
        return None
    award = session.get_one(Award, nomination.award_id)
    cycle = session.get_one(Cycle, award.cycle_id)
    criteria = criteria_of(session, award_id=row_id(award))
    scores, recusals = _scores(session, nomination_id=nomination_id, criteria=criteria)
    ranked = next(
        (
            r
            for r in entry_results(session, selection=_award_selection(session, award=award, cycle=cycle))
            if r.nomination_id == nomination_id
        ),
        None,
    )
    dates = [
        ("Started", uk_datetime(nomination.created_at)),
        ("Submitted", uk_datetime(nomination.submitted_at)),
        ("Last changed", uk_datetime(nomination.updated_at)),
        ("Published", uk_datetime(nomination.published_at)),
    ]
    return EntryView(
        nomination=nomination,
        award=award,
        cycle=cycle,
        programme=session.get_one(AwardProgramme, cycle.programme_id),
        deadline=uk_datetime(entry_deadline(session, award=award)),
        category_paths=category_paths_of(session, nomination_id=nomination_id),
        attachments=list(
            session.exec(
                select(Attachment).where(Attachment.nomination_id == nomination_id).order_by(col(Attachment.id))
            )
        ),
        criteria=criteria,
        scores=scores,
        recusals=recusals,
        weighted_mean=ranked.weighted_mean if ranked else None,
        counted_scores=ranked.score_count if ranked else 0,
        history=entry_history(session, nomination_id=nomination_id),
        revisions=_revisions(session, nomination_id=nomination_id),
        check=publish_check(session, nomination=nomination, now=now),
        dates=[(label, value) for label, value in dates if value],
    )


def attachment_of(session: Session, *, nomination_id: int, attachment_id: int) -> Attachment | None:
    attachment = session.get(Attachment, attachment_id)
    return attachment if attachment is not None and attachment.nomination_id == nomination_id else None
