"""/admin/results: rankings per award and cycle, the roll-up down the taxonomy, the CSV exports
(and, from results_judges_controllers, the judges' progress)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import MediaType, Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from litestar.response import Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import queries, results, results_judges_controllers, results_rollup, rules
from catalogue.admin.pages import render
from catalogue.admin.schemas import to_csv
from catalogue.context import DbSession
from catalogue.params import QueryId
from catalogue.taxonomy.queries import category_tree

CategoryFilter = Annotated[str | None, QueryParameter(name="category", required=False, max_length=1000)]
ViewParam = Annotated[str | None, QueryParameter(name="view", required=False, max_length=40)]
PATHS_HEADER = "category_paths_joined_by_pipe"


def _query_string(selection: results.Selection, **changes: str) -> str:
    pairs = {
        "cycle": str(selection.cycle.id) if selection.cycle is not None else "",
        "award": str(selection.award_id or ""),
        "category": selection.category_path or "",
        "view": selection.view.value,
        **changes,
    }
    return urlencode({k: v for k, v in pairs.items() if v})


@get("/results", name="admin_results", sync_to_thread=True)
def results_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    cycle: QueryId = None,
    award: QueryId = None,
    category: CategoryFilter = None,
    view: ViewParam = None,
) -> Template:
    context: dict[str, Any] = {
        "cycle_choices": results.cycle_choices(db_session),
        "award_choices": queries.award_choices(db_session),
        "nodes": queries.flat_tree(db_session),
        "outcomes": [s.value for s in rules.SETTABLE_OUTCOMES],
        "return_to": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        "typed": {"cycle": cycle, "award": award, "category": category or "", "view": view or "rankings"},
    }
    try:
        selection = results.select_results(db_session, cycle_id=cycle, award_id=award, category=category, view=view)
    except results.ResultsParamError as exc:
        return render(
            "results.html",
            {**context, "error": exc.message, "error_field": exc.field, "selection": None},
            user=user,
            request=request,
            status_code=400,
        )
    entries = results.entry_results(db_session, selection=selection)
    context.update(
        selection=selection,
        error="",
        by_award=[(a, [e for e in entries if e.award_id == a.id]) for a in selection.awards],
        branches=results_rollup.roll_up(category_tree(db_session, published_only=False), entries)
        if selection.view == results.ResultsView.tree
        else [],
        overall=results_rollup.summarise([e.weighted_mean for e in entries]),
        query=_query_string(selection),
        rankings_query=_query_string(selection, view="rankings"),
        tree_query=_query_string(selection, view="tree"),
    )
    return render("results.html", context, user=user, request=request)


def _csv(body: str, filename: str) -> Response[str]:
    return Response(body, media_type="text/csv", headers={"content-disposition": f'attachment; filename="{filename}"'})


def _selection(db_session: Session, cycle: int | None, award: int | None, category: str | None) -> results.Selection:
    """The export's selection; a bad parameter is a 400 naming it (an error page, or JSON)."""
    try:
        return results.select_results(db_session, cycle_id=cycle, award_id=award, category=category, view=None)
    except results.ResultsParamError as exc:
        raise ValidationException(
            exc.message, extra=[{"key": exc.field, "message": exc.message, "source": "query"}]
        ) from None


@get("/results/rankings.csv", name="admin_rankings_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def rankings_csv(
    db_session: DbSession, cycle: QueryId = None, award: QueryId = None, category: CategoryFilter = None
) -> Response[str]:
    selection = _selection(db_session, cycle, award, category)
    header = ["rank", "entry_id", "title", "organisation", "award", "cycle", PATHS_HEADER, "status", "published"]
    header += ["weighted_mean", "scores", "recusals"]
    rows = (
        [
            r.rank,
            r.nomination_id,
            r.title,
            r.organisation,
            r.award,
            r.cycle,
            results.PATH_JOINER.join(r.category_paths),
            r.status,
            "yes" if r.published else "no",
            r.weighted_mean,
            r.score_count,
            r.recusals,
        ]
        for r in results.entry_results(db_session, selection=selection)
    )
    return _csv(to_csv(header, rows), "rankings.csv")


@get("/results/scores.csv", name="admin_scores_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def scores_csv(
    db_session: DbSession, cycle: QueryId = None, award: QueryId = None, category: CategoryFilter = None
) -> Response[str]:
    selection = _selection(db_session, cycle, award, category)
    header = ["entry_id", "title", "award", "cycle", PATHS_HEADER, "judge", "score_status", "conflict_declared"]
    header += ["weighted_score", "criteria", "comment"]
    rows = (
        [
            r.nomination_id,
            r.title,
            r.award,
            r.cycle,
            results.PATH_JOINER.join(r.category_paths),
            r.judge_email,
            r.status,
            "yes" if r.conflict_declared else "no",
            r.weighted_score,
            r.criteria,
            r.comment,
        ]
        for r in results.score_export(db_session, selection=selection)
    )
    return _csv(to_csv(header, rows), "scores.csv")


HANDLERS = [results_page, rankings_csv, scores_csv, *results_judges_controllers.HANDLERS]
