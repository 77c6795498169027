"""Reading judging data: a judge's entries, the review page, progress, rankings, exports.

Every query that returns entries to a judge filters through `scope_condition`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.domain import criteria_of, own_score
from catalogue.judging.models import Score, ScoreStatus
from catalogue.judging.schemas import PAGE_SIZE, DashboardParams, JudgeSort
from catalogue.judging.scopes import JUDGEABLE_STATUSES, in_branch, judge_scopes, scope_condition, search_scopes
from catalogue.nominations.models import (
    Attachment,
    Award,
    AwardCriterion,
    Cycle,
    Nomination,
    NominationCategory,
)
from catalogue.taxonomy.models import Category
from catalogue.taxonomy.queries import category_paths_of
from search.errors import SearchUnavailable
from search.query import MAX_PAGE_SIZE, PRIVATE_INDEX, CategoryNode, FacetValue, Hit, SearchQuery, Sort

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


def review_for_judge(session: Session, *, judge_id: int, nomination_id: int) -> ReviewView | None:
    """The review page's data, or None if the entry is not open to this judge."""
    scopes = judge_scopes(session, judge_id=judge_id)
    nomination = session.exec(select(Nomination).where(Nomination.id == nomination_id, scope_condition(scopes))).first()
    if nomination is None:
        return None
    score = own_score(session, judge_id=judge_id, nomination_id=row_id(nomination))
    may_see_others = score is not None and score.status == ScoreStatus.submitted and not score.conflict_declared
    others: list[OtherScore] = []
    if may_see_others:
        rows = session.exec(
            select(Score, User)
            .join(User, col(User.id) == Score.judge_id)
            .where(
                Score.nomination_id == nomination.id, Score.judge_id != judge_id, Score.status == ScoreStatus.submitted
            )
            .order_by(col(User.display_name), col(User.id))
        ).all()
        others = [
            OtherScore(
                judge_name=user.display_name or user.email,
                weighted_score=s.weighted_score,
                criterion_scores=dict(s.criterion_scores),
                comment=s.comment,
                conflict_declared=s.conflict_declared,
            )
            for s, user in rows
        ]
    return ReviewView(
        entry=_entry_for_judge(session, nomination),
        criteria=criteria_of(session, award_id=nomination.award_id),
        score=score,
        others=others,
        others_hidden=not may_see_others,
    )


@dataclass(frozen=True, kw_only=True)
class Progress:
    total: int
    to_score: int
    scored: int
    recused: int


def progress(session: Session, *, judge_id: int) -> Progress:
    """Entries in scope: submitted (scored), conflict declared (recused), the rest to score."""
    scopes = judge_scopes(session, judge_id=judge_id)
    rows = session.exec(
        select(Nomination.id, Score.status, Score.conflict_declared)
        .outerjoin(Score, (col(Score.nomination_id) == Nomination.id) & (col(Score.judge_id) == judge_id))
        .where(scope_condition(scopes))
    ).all()
    recused = sum(1 for _, _, conflict in rows if conflict)
    scored = sum(1 for _, status, conflict in rows if status == ScoreStatus.submitted and not conflict)
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


def judge_rows(session: Session, *, judge_id: int, nomination_ids: list[int] | None = None) -> dict[int, JudgeRow]:
    """Entries in the judge's scopes (optionally only these ids), keyed by id.

    Search hits are passed through here too, so a hit outside the scopes is dropped even if
    an index were stale."""
    scopes = judge_scopes(session, judge_id=judge_id)
    statement = (
        select(Nomination, Award, Score)
        .join(Award, col(Award.id) == Nomination.award_id)
        .outerjoin(Score, (col(Score.nomination_id) == Nomination.id) & (col(Score.judge_id) == judge_id))
        .where(scope_condition(scopes))
        .order_by(col(Nomination.title), col(Nomination.id))
    )
    if nomination_ids is not None:
        if not nomination_ids:
            return {}
        statement = statement.where(col(Nomination.id).in_(nomination_ids))
    rows: dict[int, JudgeRow] = {}
    paths: dict[int, list[str]] = {}
    found: Sequence[tuple[Nomination, Award, Score | None]] = session.exec(statement).all()  # outer join
    if found:
        for nid, path in session.exec(
            select(NominationCategory.nomination_id, Category.path)
            .join(Category, col(Category.id) == NominationCategory.category_id)
            .where(col(NominationCategory.nomination_id).in_([n.id for n, _, _ in found]))
            .order_by(Category.path)
        ):
            paths.setdefault(nid, []).append(path)
    for nomination, award, score in found:
        if score is None:
            mine = "to score"
        elif score.conflict_declared:
            mine = "recused"
        elif score.status == ScoreStatus.submitted:
            mine = "scored"
        else:
            mine = "draft"
        nomination_id = row_id(nomination)
        rows[nomination_id] = JudgeRow(
            id=nomination_id,
            title=nomination.title,
            organisation=None if award.blind_judging else nomination.organisation,
            award=award.name,
            status=str(nomination.status),
            category_paths=paths.get(nomination_id, []),
            my_status=mine,
            my_score=score.weighted_score if score is not None else None,
        )
    return rows


def sort_by_score(rows: list[JudgeRow]) -> list[JudgeRow]:
    """Highest own weighted score first; unscored entries last, by title."""
    return sorted(rows, key=lambda r: (r.my_score is None, -(r.my_score or 0.0), r.title.lower(), r.id))


# ---------------------------------------------------------------- results (administrators)


@dataclass(kw_only=True)
class RankRow:
    rank: int | None
    nomination_id: int
    title: str
    organisation: str
    award: str
    status: str
    published: bool
    weighted_mean: float | None
    score_count: int
    recusals: int


def ranking(session: Session, *, award_id: int | None = None, category_path: str | None = None) -> list[RankRow]:
    """Judgeable entries of an award and/or taxonomy branch (descendants included), ranked by
    the mean of their submitted weighted scores; entries without scores come last, unranked."""
    counted = (
        (col(Score.status) == ScoreStatus.submitted)
        & (col(Score.conflict_declared).is_(False))
        & (col(Score.weighted_score).is_not(None))
    )
    mean = func.avg(Score.weighted_score).filter(counted)
    count = func.count(col(Score.id)).filter(counted)
    recusals = func.count(col(Score.id)).filter(col(Score.conflict_declared).is_(True))
    statement = (
        # sqlmodel's select() is typed for at most four columns
        select(Nomination, Award.name, mean, count, recusals)  # type: ignore[call-overload]
        .join(Award, col(Award.id) == Nomination.award_id)
        .outerjoin(Score, col(Score.nomination_id) == Nomination.id)
        .where(col(Nomination.status).in_(JUDGEABLE_STATUSES))
        .group_by(col(Nomination.id), col(Award.name))
    )
    if award_id is not None:
        statement = statement.where(Nomination.award_id == award_id)
    if category_path is not None:
        statement = statement.where(in_branch(category_path))
    rows = session.exec(statement).all()
    ordered = sorted(rows, key=lambda r: (r[2] is None, -(r[2] or 0.0), -r[3], r[0].title.lower(), r[0].id))
    result = []
    rank = 0
    for nomination, award_name, avg, n, recused in ordered:
        if avg is not None:
            rank += 1
        result.append(
            RankRow(
                rank=rank if avg is not None else None,
                nomination_id=row_id(nomination),
                title=nomination.title,
                organisation=nomination.organisation,
                award=award_name,
                status=str(nomination.status),
                published=nomination.published_at is not None,
                weighted_mean=round(float(avg), 2) if avg is not None else None,
                score_count=n,
                recusals=recused,
            )
        )
    return result


@dataclass(kw_only=True)
class ScoreExportRow:
    nomination_id: int
    title: str
    award: str
    judge_email: str
    status: str
    conflict_declared: bool
    weighted_score: float | None
    criteria: str
    comment: str


def score_export(
    session: Session, *, award_id: int | None = None, category_path: str | None = None
) -> list[ScoreExportRow]:
    """Every score (drafts included, marked as such) for the selected entries."""
    statement = (
        select(Score, Nomination, Award, User)
        .join(Nomination, col(Nomination.id) == Score.nomination_id)
        .join(Award, col(Award.id) == Nomination.award_id)
        .join(User, col(User.id) == Score.judge_id)
        .order_by(col(Award.name), col(Nomination.title), col(Nomination.id), col(User.email))
    )
    if award_id is not None:
        statement = statement.where(Nomination.award_id == award_id)
    if category_path is not None:
        statement = statement.where(in_branch(category_path))
    names = {str(c.id): c.name for c in session.exec(select(AwardCriterion))}
    return [
        ScoreExportRow(
            nomination_id=row_id(nomination),
            title=nomination.title,
            award=award.name,
            judge_email=user.email,
            status=str(score.status),
            conflict_declared=score.conflict_declared,
            weighted_score=score.weighted_score,
            criteria="; ".join(
                f"{names.get(k, k)}={v}" for k, v in sorted(score.criterion_scores.items(), key=lambda kv: int(kv[0]))
            ),
            comment=score.comment,
        )
        for score, nomination, award, user in session.exec(statement)
    ]


def branch_exists(session: Session, *, path: str) -> bool:
    return session.exec(select(Category.id).where(Category.path == path)).first() is not None


# ---------------------------------------------------------------- the judge's dashboard


@dataclass(kw_only=True)
class DashboardView:
    rows: list[JudgeRow]
    total: int
    page: int
    page_count: int
    progress: Progress
    has_scopes: bool
    #: None when search is unavailable (the list then shows every entry in scope, unfiltered)
    category_tree: list[CategoryNode] | None = None
    facets: dict[str, list[FacetValue]] | None = None
    notice: str = ""


#: a status value no document has (see `dashboard`)
NO_SUCH_STATUS = "-"
#: most hits fetched to sort a judge's results by their own score (pages of the maximum size)
MAX_SCORE_SORT_HITS = 2000


def _search_all(search: Any, query: SearchQuery) -> list[Hit]:
    """Every hit of a query, page by page (for sorting by score, which the index cannot do)."""
    hits: list[Hit] = []
    page = 1
    while len(hits) < MAX_SCORE_SORT_HITS:
        result = search.search(
            replace(query, page=page, page_size=MAX_PAGE_SIZE, facets=(), category_tree=False), index=PRIVATE_INDEX
        )
        hits.extend(result.hits)
        if page >= result.page_count:
            break
        page += 1
    return hits


def dashboard(session: Session, search: Any, *, judge_id: int, params: DashboardParams) -> DashboardView:
    """The judge's list: a scoped search (full text, category tree, award and status facets),
    every hit re-checked against the database scopes; without search, the scoped list alone."""
    prog = progress(session, judge_id=judge_id)
    scopes = search_scopes(session, judge_id=judge_id)
    if not scopes:
        return DashboardView(rows=[], total=0, page=1, page_count=1, progress=prog, has_scopes=False)
    notice = ""
    if search is not None:
        judgeable = tuple(str(s) for s in JUDGEABLE_STATUSES)
        # judges search judgeable entries only; asking only for other statuses (draft,
        # withdrawn) matches nothing, so it filters on a status no document has
        statuses = tuple(s for s in params.statuses if s in judgeable)
        if not statuses:
            statuses = (NO_SUCH_STATUS,) if params.statuses else judgeable
        query = SearchQuery(
            text=params.q,
            categories=params.categories,
            awards=params.awards,
            statuses=statuses,
            sort=Sort(params.sort.value) if params.sort != JudgeSort.score else Sort.relevance,
            page=params.page,
            page_size=PAGE_SIZE,
            facets=("award", "status"),
            scopes=scopes,
            # blind judging: words never match who entered
            search_organisation=False,
        )
        try:
            if params.sort == JudgeSort.score:
                hits = _search_all(search, query)
                facet_result = search.search(query, index=PRIVATE_INDEX)
            else:
                facet_result = search.search(query, index=PRIVATE_INDEX)
                hits = facet_result.hits
        except SearchUnavailable:
            notice = "Search is unavailable at the moment, so filters are off: this is every entry assigned to you."
        else:
            known = judge_rows(session, judge_id=judge_id, nomination_ids=[int(h.id) for h in hits])
            rows = []
            for hit in hits:
                row = known.get(int(hit.id))
                if row is not None:
                    row.title_html, row.snippet_html = hit.title_html, hit.snippet_html
                    rows.append(row)
            total = facet_result.total
            if params.sort == JudgeSort.score:
                rows = sort_by_score(rows)
                total = len(rows)
                start = (params.page - 1) * PAGE_SIZE
                rows = rows[start : start + PAGE_SIZE]
            facets = {
                "award": facet_result.facets.get("award", []),
                # judges never see drafts or withdrawn entries, nor their counts
                "status": [
                    f
                    for f in facet_result.facets.get("status", [])
                    if f.value in judgeable and (f.count or f.value in params.statuses)
                ],
            }
            return DashboardView(
                rows=rows,
                total=total,
                page=params.page,
                page_count=max(1, -(-total // PAGE_SIZE)),
                progress=prog,
                has_scopes=True,
                category_tree=facet_result.category_tree,
                facets=facets,
            )
    else:
        notice = "Search is not configured, so filters are off: this is every entry assigned to you."
    rows = list(judge_rows(session, judge_id=judge_id).values())
    if params.sort == JudgeSort.score:
        rows = sort_by_score(rows)
    return DashboardView(
        rows=rows, total=len(rows), page=1, page_count=1, progress=prog, has_scopes=True, notice=notice
    )
