"""The judging dashboard: a scoped search of judgeable entries, re-checked against the database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from catalogue.judging.entries import JudgeRow, Progress, judge_rows, progress, sort_by_score
from catalogue.judging.schemas import PAGE_SIZE, DashboardParams, JudgeSort
from catalogue.judging.scopes import JudgingAccess, search_scopes
from catalogue.nominations.models import NominationStatus
from search.errors import SearchUnavailable
from search.query import MAX_PAGE_SIZE, PRIVATE_INDEX, CategoryNode, FacetValue, Hit, SearchQuery, Sort


@dataclass(kw_only=True)
class DashboardView:
    rows: list[JudgeRow]
    total: int
    page: int
    page_count: int
    progress: Progress
    has_scopes: bool
    read_only: bool = False
    #: None when search is unavailable (the list then shows every entry in scope, unfiltered)
    category_tree: list[CategoryNode] | None = None
    facets: dict[str, list[FacetValue]] | None = None
    notice: str = ""


#: a status value no document has (see `dashboard`)
NO_SUCH_STATUS = "-"
#: the one status a judgeable entry has (catalogue/judging/judgeable.py)
JUDGEABLE_STATUS = str(NominationStatus.submitted)
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


def _query(params: DashboardParams, scopes: tuple[Any, ...]) -> SearchQuery:
    # judges search judgeable entries only; asking only for other statuses (draft, withdrawn,
    # an outcome) matches nothing, so it filters on a status no document has
    if params.statuses:
        statuses = (JUDGEABLE_STATUS,) if JUDGEABLE_STATUS in params.statuses else (NO_SUCH_STATUS,)
    else:
        statuses = (JUDGEABLE_STATUS,)
    return SearchQuery(
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


def dashboard(
    session: Session, search: Any, *, access: JudgingAccess, params: DashboardParams, now: datetime
) -> DashboardView:
    """The viewer's list: a scoped search (full text, category tree, award and status facets),
    every hit re-checked against the database scopes; without search, the scoped list alone."""
    prog = progress(session, judge_id=access.user_id, scopes=access.scopes, now=now)
    empty = DashboardView(
        rows=[],
        total=0,
        page=1,
        page_count=1,
        progress=prog,
        has_scopes=bool(access.scopes),
        read_only=access.read_only,
    )
    if not access.scopes:
        return empty
    scopes = search_scopes(session, scopes=access.scopes, now=now)
    notice = ""
    if not scopes:  # assigned, but no cycle is being judged
        return replace(empty, category_tree=[], facets={"award": [], "status": []})
    if search is not None:
        query = _query(params, scopes)
        try:
            if params.sort == JudgeSort.score:
                hits = _search_all(search, query)
                facet_result = search.search(query, index=PRIVATE_INDEX)
            else:
                facet_result = search.search(query, index=PRIVATE_INDEX)
                hits = facet_result.hits
        except SearchUnavailable:
            notice = "Search is unavailable at the moment, so filters are off: this is every entry to judge."
        else:
            known = judge_rows(
                session,
                judge_id=access.user_id,
                scopes=access.scopes,
                now=now,
                nomination_ids=[int(h.id) for h in hits],
            )
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
                # judges never see other statuses, nor their counts
                "status": [
                    f
                    for f in facet_result.facets.get("status", [])
                    if f.value == JUDGEABLE_STATUS and (f.count or f.value in params.statuses)
                ],
            }
            return replace(
                empty,
                rows=rows,
                total=total,
                page=params.page,
                page_count=max(1, -(-total // PAGE_SIZE)),
                category_tree=facet_result.category_tree,
                facets=facets,
            )
    else:
        notice = "Search is not configured, so filters are off: this is every entry to judge."
    rows = list(judge_rows(session, judge_id=access.user_id, scopes=access.scopes, now=now).values())
    if params.sort == JudgeSort.score:
        rows = sort_by_score(rows)
    return replace(empty, rows=rows, total=len(rows), notice=notice)
