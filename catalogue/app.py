"""The one assembly point: settings, database, templates, middleware, routes, search."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Annotated, Any

from litestar import HttpMethod, Litestar, Request, Response, get, route
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.file_system import BaseLocalFileSystem
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.params import PathParameter
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import File, Redirect
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler

from catalogue.accounts.csrf import SessionCSRFMiddleware
from catalogue.accounts.sessions import SessionConfig
from catalogue.apidocs import ApiDocsPlugin
from catalogue.assets import STATIC_DIR, TEMPLATES_DIR, plain_asset_url, static_digest
from catalogue.context import AppContext, provide_context, provide_db_session, provide_settings
from catalogue.db import make_engine
from catalogue.errors import ServiceUnavailable, handle_exception
from catalogue.forms import LenientFormRequest
from catalogue.navigation import remember_visitor
from catalogue.openapi import document_responses
from catalogue.outbox.mail_worker import MailWorker
from catalogue.security import add_security_headers, hsts_hook
from catalogue.settings import Settings, load_settings
from catalogue.stores import StoreUnavailable, build_shared_state
from catalogue.templating import configure_template_engine
from search.engines import SearchUnavailable, create_engine
from search.service import SearchService

logger = logging.getLogger("catalogue.app")

#: JSON endpoints open to non-browser clients that carry no cookie authentication.
CSRF_EXEMPT = [r"^/api/nominations$"]


def _route_handlers() -> list[ControllerRouterHandler]:
    from catalogue.accounts.controllers import ROUTES as ACCOUNT_ROUTES
    from catalogue.admin.controllers import ROUTES as ADMIN_ROUTES
    from catalogue.embed.controllers import ROUTES as EMBED_ROUTES
    from catalogue.judging.controllers import ROUTES as JUDGING_ROUTES
    from catalogue.nominations.controllers import ROUTES as NOMINATION_ROUTES
    from catalogue.public.controllers import ROUTES as PUBLIC_ROUTES

    return [*PUBLIC_ROUTES, *EMBED_ROUTES, *ACCOUNT_ROUTES, *JUDGING_ROUTES, *ADMIN_ROUTES, *NOMINATION_ROUTES]


def cors_config(settings: Settings) -> CORSConfig | None:
    """Pages on the embed origins may read what anyone may read (the embed's config and
    script, the public pages and API) — GET and HEAD only, never with cookies, so a write
    from another site still needs the CSRF token, which it cannot get. None: no CORS."""
    if not settings.embed_origins:
        return None
    return CORSConfig(
        allow_origins=list(settings.embed_origins),
        allow_methods=["GET", "HEAD"],
        allow_headers=[],
        allow_credentials=False,
        max_age=3600,
    )


def handle_search_unavailable(request: Request[Any, Any, Any], exc: SearchUnavailable) -> Response[Any]:
    """An engine outage is a 503 with a friendly message; the cause goes to the log only."""
    logger.warning("search unavailable on %s: %s", request.url.path, exc)
    return handle_exception(request, ServiceUnavailable())


class StaticFileSystem(BaseLocalFileSystem):
    """The local file system, where a path with a NUL byte (`/static/a%00.css`) is simply not
    found: the OS refuses such a name with ValueError, which would otherwise be a 500."""

    async def info(self, path: Any, **kwargs: Any) -> Any:
        if "\x00" in str(path):
            raise FileNotFoundError(path)
        return await super().info(path, **kwargs)


@get(
    "/assets/{digest:str}/{path:path}", name="asset_from_another_release", include_in_schema=False, sync_to_thread=False
)
def asset_from_another_release(path: Annotated[str, PathParameter()]) -> Redirect:
    """A page from another release (a replica not yet upgraded, a cached page) names another
    digest: send it to the plain, briefly cached URL rather than a 404 and an unstyled page."""
    return Redirect(plain_asset_url(path), status_code=307)


@route(
    "/favicon.ico",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    name="favicon",
    include_in_schema=False,
    sync_to_thread=False,
    cache_control=CacheControlHeader(max_age=86400),
)
def favicon() -> File:
    """Browsers ask for /favicon.ico whatever a page links (a JSON document has no <link>):
    the site's SVG icon, not a 404 in their console."""
    return File(
        path=STATIC_DIR / "favicon.svg",
        filename="favicon.svg",
        media_type="image/svg+xml",
        content_disposition_type="inline",
    )


def handle_store_unavailable(request: Request[Any, Any, Any], exc: StoreUnavailable) -> Response[Any]:
    """The shared store is down: 503 with a friendly message; the cause goes to the log only."""
    logger.warning("store unavailable on %s: %r", request.url.path, exc.__cause__)
    return handle_exception(request, exc)


def create_app(settings: Settings | None = None, *, search_engine: Any = None) -> Litestar:
    """Build the app; `search_engine` (an engine or a SearchService) lets tests hand in one
    they control, otherwise one is built from settings."""
    settings = settings or load_settings()
    db_engine = make_engine(settings.database_url)
    if isinstance(search_engine, SearchService):
        search = search_engine
    else:
        search = SearchService(engine=search_engine or create_engine(settings), db_engine=db_engine)
    ctx = AppContext(settings=settings, db_engine=db_engine, search=search)
    shared = build_shared_state(settings)  # sessions, throttling, rate limits (stores.py)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.ctx = ctx
        await search.startup(start_worker=settings.start_outbox_worker)
        mail_worker = MailWorker(db_engine=db_engine, settings=settings)
        if settings.start_outbox_worker:
            mail_worker.start()  # beside the search outbox worker
        try:
            yield
        finally:
            await mail_worker.stop()
            await search.shutdown()
            db_engine.dispose()
            await shared.close()

    # server-side: the cookie is a random id; the data sits in the "sessions" store, shared by
    # every replica when the store registry is Redis-backed, so ending a session is immediate
    session_config = SessionConfig(
        store="sessions",
        key="catalogue_session",
        httponly=True,
        samesite="lax",
        secure=not settings.is_development,
        max_age=8 * 3600,
        renew_on_access=True,
        exclude=["^/static/", "^/assets/", "^/favicon\\.ico$"],
    )
    app = Litestar(
        route_handlers=[
            *_route_handlers(),
            favicon,
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                name="static",
                include_in_schema=False,
                cache_control=CacheControlHeader(max_age=3600),
                file_system=StaticFileSystem(),
            ),
            # what pages link to: the URL changes whenever any file does (assets.static_digest)
            create_static_files_router(
                path=f"/assets/{static_digest()}",
                directories=[STATIC_DIR],
                name="assets",
                include_in_schema=False,
                cache_control=CacheControlHeader(max_age=31_536_000, public=True, immutable=True),
                file_system=StaticFileSystem(),
            ),
            asset_from_another_release,
        ],
        lifespan=[lifespan],
        stores=shared.registry,
        dependencies={
            "db_session": Provide(provide_db_session),
            "settings": Provide(provide_settings),
            "ctx": Provide(provide_context),
        },
        template_config=TemplateConfig(
            directory=TEMPLATES_DIR,
            engine=JinjaTemplateEngine,
            engine_callback=partial(
                configure_template_engine,
                reload_templates=settings.is_development,
                plain_asset_urls=settings.env == "development",
            ),
        ),
        middleware=[session_config.middleware, SessionCSRFMiddleware(exclude=tuple(CSRF_EXEMPT))],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="csrftoken",
            cookie_secure=not settings.is_development,
            cookie_samesite="lax",
            exclude=CSRF_EXEMPT,
        ),
        cors_config=cors_config(settings),
        compression_config=CompressionConfig(backend="gzip", minimum_size=500, gzip_compress_level=6),
        openapi_config=OpenAPIConfig(
            title="Catalogue",
            version="0.1.0",
            path="/schema",
            description="Awards nominations and a searchable library of case studies.",
            render_plugins=[ApiDocsPlugin()],
        ),
        exception_handlers={
            Exception: handle_exception,
            SearchUnavailable: handle_search_unavailable,
            StoreUnavailable: handle_store_unavailable,
        },
        before_request=remember_visitor,
        before_send=[add_security_headers, hsts_hook(settings)],
        request_class=LenientFormRequest,
        debug=False,
        # our handler logs unexpected errors itself; logging is the host's to set up
        # (`catalogue run` configures it through uvicorn; pytest through caplog)
        logging_config=LoggingConfig(configure_root_logger=False, log_exceptions="never"),
    )
    app.state.ctx = ctx
    document_responses(app)
    app.state.shared = shared
    return app
