"""Public pages and read-only JSON: home, case-study pages, categories, health."""

from __future__ import annotations

from typing import Annotated

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from litestar.response import Template
from sqlalchemy import text

from catalogue.context import Ctx, DbSession
from catalogue.public import queries
from catalogue.public.schemas import CaseStudyOut, CategoryOut, HealthOut
from catalogue.rendering import render_markdown
from catalogue.taxonomy.queries import category_tree
from catalogue.timeutil import utcnow

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
def case_study_page(db_session: DbSession, slug: SlugParam) -> Template:
    view = _case_study_or_404(db_session, slug)
    return Template(
        template_name="public/case_study.html",
        context={"cs": view, "body_html": render_markdown(view.nomination.body)},
    )


@get("/api/case-studies/{slug:str}", name="api_case_study", sync_to_thread=True,
     tags=["case studies"], summary="One published case study")
def api_case_study(db_session: DbSession, slug: SlugParam) -> CaseStudyOut:
    view = _case_study_or_404(db_session, slug)
    return CaseStudyOut.from_view(view, body_html=str(render_markdown(view.nomination.body)))


@get("/api/categories", name="api_categories", sync_to_thread=True, tags=["taxonomy"],
     summary="The category tree with published case-study counts (descendants included)")
def api_categories(db_session: DbSession) -> list[CategoryOut]:
    return [CategoryOut.from_node(node) for node in category_tree(db_session, published_only=True)]


@get("/healthz", name="healthz", sync_to_thread=True, tags=["operations"],
     summary="Database and search engine health")
def healthz(db_session: DbSession, ctx: Ctx) -> Response[HealthOut]:
    try:
        db_session.exec(text("SELECT 1")).one()
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - health reports, never raises
        database = f"error: {type(exc).__name__}"
    search_state = "not configured"
    backlog = None
    if ctx.search is not None:
        report = ctx.search.health_report(db_session=db_session)
        search_state, backlog = report.state, report.outbox_backlog
    healthy = database == "ok" and search_state in ("ok", "not configured")
    return Response(
        HealthOut(status="ok" if healthy else "degraded", database=database, search=search_state,
                  outbox_backlog=backlog),
        status_code=200 if healthy else 503,
    )


ROUTES = [home, case_study_page, api_case_study, api_categories, healthz]
