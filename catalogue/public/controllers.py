"""Public pages and read-only JSON: home, case-study pages, categories, health."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromQuery, Parameter
from litestar.response import Stream, Template
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text

from catalogue.assets import missing_files
from catalogue.context import AppContext, Ctx, DbSession
from catalogue.errors import ServiceUnavailable
from catalogue.public import queries
from catalogue.public.domain import (
    MAX_PAGE,
    SEARCH_TEMPLATE_CONSTANTS,
    SearchParams,
    published_category_tree,
    search_case_studies,
)
from catalogue.public.domain import case_study_page as case_study_details
from catalogue.public.opendata import EXPORT_FORMATS, FEED_SIZE, export_stream, latest_feed
from catalogue.public.schemas import (
    SEARCH_RESPONSE_EXAMPLE,
    CaseStudyOut,
    CategoryOut,
    HealthOut,
    SearchResponseOut,
)
from catalogue.rendering import render_markdown
from catalogue.timeutil import utcnow
from search.query import MAX_QUERY_LENGTH

NOT_FOUND = "No published case study has this address."

SlugParam = Annotated[str, Parameter(max_length=220, description="The case study's slug")]


@get("/", name="home", sync_to_thread=True)
def home(db_session: DbSession) -> Template:
    return Template(
        template_name="public/home.html",
        context={
            "open_awards": queries.open_awards(db_session, now=utcnow()),
            "recent": queries.recent_case_studies(db_session, limit=6),
        },
    )


def _case_study_or_404(db_session: DbSession, slug: str) -> queries.CaseStudyView:
    view = queries.published_case_study(db_session, slug=slug)
    if view is None:
        raise NotFoundException(NOT_FOUND)
    return view


@get("/case-studies/{slug:str}", name="case_study", sync_to_thread=True)
def case_study_page(db_session: DbSession, ctx: Ctx, slug: SlugParam) -> Template:
    page = case_study_details(session=db_session, search=ctx.search, slug=slug, base_url=ctx.settings.base_url)
    if page is None:
        raise NotFoundException(NOT_FOUND)
    return Template(template_name="public/case_study.html", context={"page": page})


@get(
    "/api/case-studies/{slug:str}",
    name="api_case_study",
    sync_to_thread=True,
    tags=["case studies"],
    summary="One published case study",
)
def api_case_study(db_session: DbSession, slug: SlugParam) -> CaseStudyOut:
    view = _case_study_or_404(db_session, slug)
    return CaseStudyOut.from_view(view, body_html=str(render_markdown(view.nomination.body)))


@get(
    "/api/categories",
    name="api_categories",
    sync_to_thread=True,
    tags=["taxonomy"],
    summary="The category tree with published case-study counts (descendants included)",
)
def api_categories(db_session: DbSession, ctx: Ctx) -> list[CategoryOut]:
    return [CategoryOut.from_node(node) for node in published_category_tree(session=db_session, search=ctx.search)]


@get("/healthz", name="healthz", sync_to_thread=True, tags=["operations"], summary="Database and search engine health")
def healthz(db_session: DbSession, ctx: Ctx) -> Response[HealthOut]:
    try:
        db_session.scalar(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - health reports, never raises
        database = f"error: {type(exc).__name__}"
    search_state, search_ok = "not configured", True
    backlog = None
    if ctx.search is not None:
        report = ctx.search.health_report(db_session=db_session)
        search_state, search_ok, backlog = report.state, report.ok, report.outbox_backlog
    missing = missing_files()
    install = f"missing: {', '.join(missing)}" if missing else "ok"
    healthy = database == "ok" and install == "ok" and search_ok
    return Response(
        HealthOut(
            status="ok" if healthy else "degraded",
            database=database,
            search=search_state,
            install=install,
            outbox_backlog=backlog,
        ),
        status_code=200 if healthy else 503,
    )


def provide_search_params(
    q: FromQuery[
        Annotated[
            str | None,
            Parameter(
                description="Words to search for; spelling mistakes are tolerated. At most "
                f"{MAX_QUERY_LENGTH} characters are used.",
                examples=[Example(summary="A typo still finds Twitter", value="twiter peer support")],
            ),
        ]
    ] = None,
    category: FromQuery[
        Annotated[
            list[str] | None,
            Parameter(
                description="A category label path (levels joined by ' > '); repeat for several. "
                "An entry matches if it sits in any of them or below.",
                examples=[Example(summary="A branch", value=["Mental Health > Digital technology"])],
            ),
        ]
    ] = None,
    award: FromQuery[
        Annotated[list[str] | None, Parameter(description="Award name; repeat for several (any of them).")]
    ] = None,
    cycle: FromQuery[
        Annotated[
            list[str] | None,
            Parameter(
                description="Award year; repeat for several.", examples=[Example(summary="2015 awards", value=["2015"])]
            ),
        ]
    ] = None,
    status: FromQuery[
        Annotated[
            list[str] | None,
            Parameter(
                description="Outcome: winner, highly_commended or shortlisted; repeat for several.",
                examples=[Example(summary="Winners", value=["winner"])],
            ),
        ]
    ] = None,
    organisation_type: FromQuery[
        Annotated[list[str] | None, Parameter(description="Organisation type, e.g. 'NHS trust'; repeat for several.")]
    ] = None,
    region: FromQuery[Annotated[list[str] | None, Parameter(description="Region; repeat for several.")]] = None,
    sort: FromQuery[
        Annotated[
            str | None,
            Parameter(
                description="relevance (default), newest or title.",
                examples=[Example(summary="Newest first", value="newest")],
            ),
        ]
    ] = None,
    page: FromQuery[
        Annotated[
            str | None,
            Parameter(
                description=f"Page number, from 1 (20 results a page, at most {MAX_PAGE} pages); "
                "out-of-range values are clamped.",
                examples=[Example(summary="Second page", value="2")],
            ),
        ]
    ] = None,
) -> SearchParams:
    """Everything arrives as text; `parse_search_params` checks it (never a 400 or 500)."""
    return SearchParams(
        q=q,
        category=tuple(category or ()),
        award=tuple(award or ()),
        cycle=tuple(cycle or ()),
        status=tuple(status or ()),
        organisation_type=tuple(organisation_type or ()),
        region=tuple(region or ()),
        sort=sort,
        page=page,
    )


SEARCH_DEPENDENCIES = {"params": Provide(provide_search_params, sync_to_thread=False)}


def is_htmx_update(request: Request[Any, Any, Any]) -> bool:
    """An htmx request that swaps the results in place (not a history restore)."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


@get("/case-studies", name="case_studies", sync_to_thread=True, dependencies=SEARCH_DEPENDENCIES)
def search_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    ctx: Ctx,
    params: NamedDependency[SearchParams],
) -> Template:
    page = search_case_studies(session=db_session, search=ctx.search, params=params)
    return Template(
        template_name="public/_search_update.html" if is_htmx_update(request) else "public/search.html",
        context={"page": page, "nav": "case-studies", **SEARCH_TEMPLATE_CONSTANTS},
        status_code=HTTP_503_SERVICE_UNAVAILABLE if page.unavailable else HTTP_200_OK,
        headers={"vary": "HX-Request"},
    )


@get(
    "/api/case-studies",
    name="api_case_studies",
    sync_to_thread=True,
    dependencies=SEARCH_DEPENDENCIES,
    tags=["case studies"],
    summary="Search published case studies",
    description="The same parameters as the /case-studies page. Returns the hits (with "
    "highlighted, HTML-escaped title and snippet), the total, flat facet counts "
    "and the hierarchical category facet tree. Invalid values never fail the "
    "request: they are ignored or clamped and explained in `messages`. "
    "503 when the search engine is unavailable.",
    responses={
        200: ResponseSpec(
            data_container=SearchResponseOut,
            examples=[Example(summary="Winners in a branch", value=SEARCH_RESPONSE_EXAMPLE)],
        )
    },
)
def api_search(db_session: DbSession, ctx: Ctx, params: NamedDependency[SearchParams]) -> SearchResponseOut:
    page = search_case_studies(session=db_session, search=ctx.search, params=params)
    if page.unavailable:
        raise ServiceUnavailable()
    return SearchResponseOut.from_page(page)


@get(
    "/case-studies/feed.atom",
    name="case_studies_feed",
    sync_to_thread=True,
    tags=["open data"],
    summary=f"Atom feed of the {FEED_SIZE} most recently published case studies",
    media_type="application/atom+xml; charset=utf-8",
)
def case_studies_feed(db_session: DbSession, ctx: Ctx) -> bytes:
    return latest_feed(session=db_session, base_url=ctx.settings.base_url, now=utcnow())


def _export(ctx: AppContext, fmt: str) -> Stream:
    media_type, _ = EXPORT_FORMATS[fmt]
    return Stream(
        export_stream(db_engine=ctx.db_engine, fmt=fmt),
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="case-studies.{fmt}"'},
    )


@get(
    "/case-studies/export.csv",
    name="export_csv",
    tags=["open data"],
    summary="Every published case study as CSV (streamed); categories joined by ' | '",
)
async def export_csv(ctx: Ctx) -> Stream:
    return _export(ctx, "csv")


@get(
    "/case-studies/export.jsonl",
    name="export_jsonl",
    tags=["open data"],
    summary="Every published case study as JSON Lines in the import format (streamed)",
)
async def export_jsonl(ctx: Ctx) -> Stream:
    return _export(ctx, "jsonl")


ROUTES = [
    home,
    search_page,
    api_search,
    case_studies_feed,
    export_csv,
    export_jsonl,
    case_study_page,
    api_case_study,
    api_categories,
    healthz,
]
