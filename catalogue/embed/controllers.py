"""The embeddable search: the /embed page (live widget and the snippet) and its JSON config."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from catalogue.context import Ctx
from catalogue.embed.domain import (
    CONFIG_MAX_AGE,
    CONFIG_PATH,
    SCRIPT_PATH,
    TARGET_ID,
    EmbedConfig,
    EmbedSetup,
    EmbedState,
    connect_source,
    embed_setup,
    embed_snippet,
)
from catalogue.errors import ServiceUnavailable
from catalogue.security import content_security_policy


def _setup(request: Request[Any, Any, Any], ctx: Ctx) -> EmbedSetup:
    engine = ctx.search.engine if ctx.search is not None else None
    return embed_setup(
        settings=ctx.settings, engine=engine, case_study_url=request.app.route_reverse("case_study", slug="{slug}")
    )


@get("/embed", name="embed", sync_to_thread=True)
def embed_page(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    setup = _setup(request, ctx)
    headers: dict[str, str] = {}
    if setup.config is not None:
        # the widget queries Meilisearch from the browser
        headers["content-security-policy"] = content_security_policy(
            connect_src=[connect_source(setup.config.meilisearch_url)]
        )
    base_url = ctx.settings.base_url
    return Template(
        template_name="embed/embed.html",
        context={
            "setup": setup,
            "ready": setup.state is EmbedState.ready,
            "snippet": embed_snippet(base_url=base_url),
            "base_url": base_url,
            "meilisearch_url": ctx.settings.meilisearch_browser_url,
            "origins": ctx.settings.embed_origins,
            "target_id": TARGET_ID,
            "script_path": SCRIPT_PATH,
            "config_path": CONFIG_PATH,
        },
        headers=headers,
    )


@get(
    CONFIG_PATH,
    name="embed_config",
    sync_to_thread=True,
    tags=["embed"],
    summary="What the embeddable search widget needs: the public Meilisearch URL, index and search-only key",
    description="Fetched by /static/js/embed.js, also from other sites: the origins in "
    "CATALOGUE_EMBED_ORIGINS may read it with CORS. 404 when this site does not "
    "offer embeddable search (it needs the Meilisearch engine and a search-only key); "
    "503 when Meilisearch cannot be asked right now.",
)
def embed_config(request: Request[Any, Any, Any], ctx: Ctx) -> Response[EmbedConfig]:
    setup = _setup(request, ctx)
    if setup.state is EmbedState.unavailable:
        raise ServiceUnavailable(detail=setup.problem)
    if setup.config is None:
        raise NotFoundException(setup.problem)
    return Response(setup.config, headers={"cache-control": f"max-age={CONFIG_MAX_AGE}", "vary": "Origin"})


ROUTES = [embed_page, embed_config]
