"""Results for administrators: which cycle and award are shown, each entry's mean weighted
score (the one place that rule lives), the rankings and the score export."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.judgeable import RANKED_STATUSES
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.scopes import in_branch
from catalogue.nominations.models import Award, AwardCriterion, AwardProgramme, Cycle, Nomination, NominationCategory
from catalogue.taxonomy.domain import TaxonomyError, normalise_path
from catalogue.taxonomy.models import Category

#: how the category paths of an entry share one CSV cell (the header says so too)
PATH_JOINER = " | "


class ResultsView(StrEnum):
    rankings = "rankings"
    tree = "tree"


class ResultsParamError(ValueError):
    """A query parameter of the results pages is wrong; `field` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def cycle_label(cycle: Cycle) -> str:
    """`2015 awards`, or `Spring round 2015` when the name does not carry the year."""
    return cycle.name if str(cycle.year) in cycle.name else f"{cycle.name} {cycle.year}"


@dataclass(frozen=True, kw_only=True)
class Selection:
    """What the results show: one cycle (None when there is none yet), its awards or one of
    them, and optionally a taxonomy branch."""

    cycle: Cycle | None
    programme: AwardProgramme | None
    awards: list[Award]
    award_id: int | None
    category_path: str | None
    view: ResultsView

    @property
    def cycle_label(self) -> str:
        return cycle_label(self.cycle) if self.cycle is not None else ""


def latest_cycle(session: Session) -> Cycle | None:
    return session.exec(select(Cycle).order_by(col(Cycle.opens_at).desc(), col(Cycle.id).desc())).first()


def select_results(
    session: Session, *, cycle_id: int | None, award_id: int | None, category: str | None, view: str | None
) -> Selection:
    """Validate the query string; raises ResultsParamError naming the bad field.

    No cycle means the award's cycle, or else the latest to open; no award means all of the
    cycle's awards, each ranked on its own."""
    try:
        chosen_view = ResultsView(view or ResultsView.rankings)
    except ValueError:
        raise ResultsParamError(f"view: choose {' or '.join(v.value for v in ResultsView)}.", field="view") from None
    award = None
    if award_id is not None:
        award = session.get(Award, award_id)
        if award is None:
            raise ResultsParamError(f"award: there is no award with the number {award_id}.", field="award")
    if cycle_id is not None:
        cycle = session.get(Cycle, cycle_id)
        if cycle is None:
            raise ResultsParamError(f"cycle: there is no cycle with the number {cycle_id}.", field="cycle")
        if award is not None and award.cycle_id != cycle.id:
            raise ResultsParamError(f"award: {award.name} is not an award of {cycle_label(cycle)}.", field="award")
    elif award is not None:
        cycle = session.get_one(Cycle, award.cycle_id)
    else:
        cycle = latest_cycle(session)
    path = None
    if category:
        try:
            path = normalise_path(category)
        except TaxonomyError:
            raise ResultsParamError(f"category: {category!r} is not a category path.", field="category") from None
        if session.exec(select(Category.id).where(Category.path == path)).first() is None:
            raise ResultsParamError(f"category: there is no category {path!r}.", field="category")
    awards: list[Award] = []
    if award is not None:
        awards = [award]
    elif cycle is not None:
        awards = list(
            session.exec(select(Award).where(Award.cycle_id == cycle.id).order_by(col(Award.position), col(Award.name)))
        )
    return Selection(
        cycle=cycle,
        programme=session.get(AwardProgramme, cycle.programme_id) if cycle is not None else None,
        awards=awards,
        award_id=award_id,
        category_path=path,
        view=chosen_view,
    )


def cycle_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "Programme — cycle") for every cycle, the newest first."""
    rows = session.exec(
        select(Cycle, AwardProgramme)
        .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
        .order_by(col(Cycle.opens_at).desc(), col(Cycle.id).desc())
    )
    return [(row_id(c), f"{p.name} — {cycle_label(c)}") for c, p in rows]


@dataclass(kw_only=True)
class EntryResult:
    """One ranked entry: its mean weighted score over the judges' submitted, unrecused scores."""

    rank: int | None
    nomination_id: int
    title: str
    organisation: str
    award_id: int
    award: str
    cycle: str
    category_paths: list[str]
    status: str
    published: bool
    weighted_mean: float | None
    score_count: int
    recusals: int


def entry_results(session: Session, *, selection: Selection) -> list[EntryResult]:
    """Every ranked-status entry of the selected awards (and branch), with its mean weighted
    score, in ranking order per award; entries without scores come last, unranked."""
    if not selection.awards:
        return []
    counted = (
        (col(Score.status) == ScoreStatus.submitted)
        & (col(Score.conflict_declared).is_(False))
        & (col(Score.weighted_score).is_not(None))
    )
    mean = func.avg(Score.weighted_score).filter(counted)
    count = func.count(col(Score.id)).filter(counted)
    recusals = func.count(col(Score.id)).filter(col(Score.conflict_declared).is_(True))
    statement = (
        select(Nomination, mean, count, recusals)
        .outerjoin(Score, col(Score.nomination_id) == Nomination.id)
        .where(col(Nomination.status).in_(RANKED_STATUSES))
        .where(col(Nomination.award_id).in_([a.id for a in selection.awards]))
        .group_by(col(Nomination.id))
    )
    if selection.category_path is not None:
        statement = statement.where(in_branch(selection.category_path))
    rows = session.exec(statement).all()
    paths = _paths_of(session, nomination_ids=[row_id(n) for n, *_ in rows])
    position = {row_id(a): i for i, a in enumerate(selection.awards)}
    names = {row_id(a): a.name for a in selection.awards}
    ordered = sorted(
        rows,
        key=lambda r: (position[r[0].award_id], r[1] is None, -(r[1] or 0.0), -r[2], r[0].title.lower(), r[0].id),
    )
    result: list[EntryResult] = []
    rank, award_of_rank = 0, None
    for nomination, avg, n, recused in ordered:
        if nomination.award_id != award_of_rank:
            rank, award_of_rank = 0, nomination.award_id
        if avg is not None:
            rank += 1
        result.append(
            EntryResult(
                rank=rank if avg is not None else None,
                nomination_id=row_id(nomination),
                title=nomination.title,
                organisation=nomination.organisation,
                award_id=nomination.award_id,
                award=names[nomination.award_id],
                cycle=selection.cycle_label,
                category_paths=paths.get(row_id(nomination), []),
                status=str(nomination.status),
                published=nomination.published_at is not None,
                weighted_mean=round(float(avg), 2) if avg is not None else None,
                score_count=n,
                recusals=recused,
            )
        )
    return result


def _paths_of(session: Session, *, nomination_ids: list[int]) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = {}
    if nomination_ids:
        for nid, path in session.exec(
            select(NominationCategory.nomination_id, Category.path)
            .join(Category, col(Category.id) == NominationCategory.category_id)
            .where(col(NominationCategory.nomination_id).in_(nomination_ids))
            .order_by(Category.path)
        ):
            paths.setdefault(nid, []).append(path)
    return paths


@dataclass(kw_only=True)
class ScoreExportRow:
    nomination_id: int
    title: str
    award: str
    cycle: str
    category_paths: list[str]
    judge_email: str
    status: str
    conflict_declared: bool
    weighted_score: float | None
    criteria: str
    comment: str


def score_export(session: Session, *, selection: Selection) -> list[ScoreExportRow]:
    """Every score (drafts included, marked as such) for the selected entries."""
    if not selection.awards:
        return []
    statement = (
        select(Score, Nomination, Award, User)
        .join(Nomination, col(Nomination.id) == Score.nomination_id)
        .join(Award, col(Award.id) == Nomination.award_id)
        .join(User, col(User.id) == Score.judge_id)
        .where(col(Nomination.award_id).in_([a.id for a in selection.awards]))
        .order_by(col(Award.position), col(Award.name), col(Nomination.title), col(Nomination.id), col(User.email))
    )
    if selection.category_path is not None:
        statement = statement.where(in_branch(selection.category_path))
    found = session.exec(statement).all()
    paths = _paths_of(session, nomination_ids=[row_id(n) for _, n, _, _ in found])
    names = {
        str(c.id): c.name
        for c in session.exec(
            select(AwardCriterion).where(col(AwardCriterion.award_id).in_([a.id for a in selection.awards]))
        )
    }
    return [
        ScoreExportRow(
            nomination_id=row_id(nomination),
            title=nomination.title,
            award=award.name,
            cycle=selection.cycle_label,
            category_paths=paths.get(row_id(nomination), []),
            judge_email=user.email,
            status=str(score.status),
            conflict_declared=score.conflict_declared,
            weighted_score=score.weighted_score,
            criteria="; ".join(
                f"{names.get(k, k)}={v}" for k, v in sorted(score.criterion_scores.items(), key=lambda kv: int(kv[0]))
            ),
            comment=score.comment,
        )
        for score, nomination, award, user in found
    ]
