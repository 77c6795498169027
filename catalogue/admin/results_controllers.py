"""/admin/results: rankings and the CSV exports."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import MediaType, Request, Response, get
from litestar.params import QueryParameter
from litestar.response import Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import queries, rules
from catalogue.admin.pages import render
from catalogue.admin.schemas import to_csv
from catalogue.context import DbSession
from catalogue.judging import queries as judging_queries
from catalogue.params import QueryId
from catalogue.taxonomy.domain import TaxonomyError, normalise_path

AwardFilter = QueryId
CategoryFilter = Annotated[str | None, QueryParameter(name="category", required=False, max_length=1000)]


def _result_filters(db_session: Session, award: int | None, category: str | None) -> tuple[int | None, str | None, str]:
    """Validated filters and an error message for a bad branch (results then show nothing)."""
    path = None
    if category:
        try:
            path = normalise_path(category)
        except TaxonomyError:
            return award, None, f"{category!r} is not a category path."
        if not judging_queries.branch_exists(db_session, path=path):
            return award, None, f"There is no category {path!r}."
    return award, path, ""


@get("/results", name="admin_results", sync_to_thread=True)
def results_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    award: AwardFilter = None,
    category: CategoryFilter = None,
) -> Template:
    award_id, path, error = _result_filters(db_session, award, category)
    ranking = [] if error else judging_queries.ranking(db_session, award_id=award_id, category_path=path)
    return render(
        "results.html",
        {
            "ranking": ranking,
            "award_id": award_id,
            "category": path or (category or ""),
            "error": error,
            "award_choices": queries.award_choices(db_session),
            "nodes": queries.flat_tree(db_session),
            "outcomes": [s.value for s in rules.SETTABLE_OUTCOMES],
            "return_to": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        },
        user=user,
        request=request,
        status_code=400 if error else 200,
    )


def _csv(body: str, filename: str) -> Response[str]:
    return Response(body, media_type="text/csv", headers={"content-disposition": f'attachment; filename="{filename}"'})


@get("/results/rankings.csv", name="admin_rankings_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def rankings_csv(db_session: DbSession, award: AwardFilter = None, category: CategoryFilter = None) -> Response[str]:
    award_id, path, error = _result_filters(db_session, award, category)
    rows = [] if error else judging_queries.ranking(db_session, award_id=award_id, category_path=path)
    return _csv(
        to_csv(
            [
                "rank",
                "entry_id",
                "title",
                "organisation",
                "award",
                "status",
                "published",
                "weighted_mean",
                "scores",
                "recusals",
            ],
            (
                [
                    r.rank,
                    r.nomination_id,
                    r.title,
                    r.organisation,
                    r.award,
                    r.status,
                    "yes" if r.published else "no",
                    r.weighted_mean,
                    r.score_count,
                    r.recusals,
                ]
                for r in rows
            ),
        ),
        "rankings.csv",
    )


@get("/results/scores.csv", name="admin_scores_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def scores_csv(db_session: DbSession, award: AwardFilter = None, category: CategoryFilter = None) -> Response[str]:
    award_id, path, error = _result_filters(db_session, award, category)
    rows = [] if error else judging_queries.score_export(db_session, award_id=award_id, category_path=path)
    return _csv(
        to_csv(
            [
                "entry_id",
                "title",
                "award",
                "judge",
                "score_status",
                "conflict_declared",
                "weighted_score",
                "criteria",
                "comment",
            ],
            (
                [
                    r.nomination_id,
                    r.title,
                    r.award,
                    r.judge_email,
                    r.status,
                    "yes" if r.conflict_declared else "no",
                    r.weighted_score,
                    r.criteria,
                    r.comment,
                ]
                for r in rows
            ),
        ),
        "scores.csv",
    )


HANDLERS = [results_page, rankings_csv, scores_csv]
