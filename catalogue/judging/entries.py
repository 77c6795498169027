"""A judge's judgeable entries with their own score on each, and the progress counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.scopes import AssignedScope, scope_condition
from catalogue.nominations.models import Award, Nomination, NominationCategory
from catalogue.taxonomy.models import Category

TO_SCORE, DRAFT, SCORED, RECUSED = "to score", "draft", "scored", "recused"


def my_status(score: Score | None) -> str:
    """Where a judge stands on one entry: to score, draft, scored or recused."""
    if score is None:
        return TO_SCORE
    if score.conflict_declared:
        return RECUSED
    return SCORED if score.status == ScoreStatus.submitted else DRAFT


@dataclass(frozen=True, kw_only=True)
class Progress:
    total: int
    to_score: int
    scored: int
    recused: int


def progress(session: Session, *, judge_id: int, scopes: tuple[AssignedScope, ...], now: datetime) -> Progress:
    """Judgeable entries in scope: submitted (scored), conflict declared (recused), the rest
    (drafts included) to score."""
    rows = session.exec(
        select(Nomination.id, Score)
        .outerjoin(Score, (col(Score.nomination_id) == Nomination.id) & (col(Score.judge_id) == judge_id))
        .where(scope_condition(scopes, now=now))
    ).all()
    statuses = [my_status(score) for _, score in rows]
    scored, recused = statuses.count(SCORED), statuses.count(RECUSED)
    return Progress(total=len(rows), to_score=len(rows) - recused - scored, scored=scored, recused=recused)


@dataclass(kw_only=True)
class JudgeRow:
    """One entry in a judge's list: what the list may show, plus this judge's own score."""

    id: int
    title: str
    organisation: str | None
    award: str
    status: str
    category_paths: list[str]
    my_status: str  # to score | draft | scored | recused
    my_score: float | None
    title_html: str = ""
    snippet_html: str = ""


def judge_rows(
    session: Session,
    *,
    judge_id: int,
    scopes: tuple[AssignedScope, ...],
    now: datetime,
    nomination_ids: list[int] | None = None,
) -> dict[int, JudgeRow]:
    """Judgeable entries in the scopes (optionally only these ids), keyed by id, by title.

    Search hits are passed through here too, so a hit outside the scopes is dropped even if
    an index were stale."""
    statement = (
        select(Nomination, Award, Score)
        .join(Award, col(Award.id) == Nomination.award_id)
        .outerjoin(Score, (col(Score.nomination_id) == Nomination.id) & (col(Score.judge_id) == judge_id))
        .where(scope_condition(scopes, now=now))
        .order_by(col(Nomination.title), col(Nomination.id))
    )
    if nomination_ids is not None:
        if not nomination_ids:
            return {}
        statement = statement.where(col(Nomination.id).in_(nomination_ids))
    found: Sequence[tuple[Nomination, Award, Score | None]] = session.exec(statement).all()  # outer join
    paths: dict[int, list[str]] = {}
    if found:
        for nid, path in session.exec(
            select(NominationCategory.nomination_id, Category.path)
            .join(Category, col(Category.id) == NominationCategory.category_id)
            .where(col(NominationCategory.nomination_id).in_([n.id for n, _, _ in found]))
            .order_by(Category.path)
        ):
            paths.setdefault(nid, []).append(path)
    rows: dict[int, JudgeRow] = {}
    for nomination, award, score in found:
        nomination_id = row_id(nomination)
        rows[nomination_id] = JudgeRow(
            id=nomination_id,
            title=nomination.title,
            organisation=None if award.blind_judging else nomination.organisation,
            award=award.name,
            status=str(nomination.status),
            category_paths=paths.get(nomination_id, []),
            my_status=my_status(score),
            my_score=score.weighted_score if score is not None else None,
        )
    return rows


def outstanding(session: Session, *, judge_id: int, scopes: tuple[AssignedScope, ...], now: datetime) -> list[JudgeRow]:
    """What the judge has still to do: entries to score and drafts not yet submitted."""
    rows = judge_rows(session, judge_id=judge_id, scopes=scopes, now=now).values()
    return [r for r in rows if r.my_status in (TO_SCORE, DRAFT)]


def sort_by_score(rows: list[JudgeRow]) -> list[JudgeRow]:
    """Highest own weighted score first; unscored entries last, by title."""
    return sorted(rows, key=lambda r: (r.my_score is None, -(r.my_score or 0.0), r.title.lower(), r.id))
