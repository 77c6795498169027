"""The API documentation page (/schema): Swagger UI from our own static files.

Litestar's render plugins write their start-up code as an inline `<script>` (and an inline
`<style>`), which our CSP (`script-src 'self'`) blocks, and fetch the viewer from a CDN an
intranet cannot reach. This plugin renders a site page instead: the viewer vendored from
npm (scripts/vendor-assets.mjs) and started by static/js/api-docs.js, which reads the
document's address from a data attribute.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin

TEMPLATE = "public/api_docs.html"


class ApiDocsPlugin(OpenAPIRenderPlugin):
    """Serves the documentation page at the OpenAPI root (`/schema`)."""

    def __init__(self) -> None:
        super().__init__(path="/")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        engine = request.app.template_engine
        if engine is None:  # pragma: no cover - the app always configures templates
            raise RuntimeError("the API documentation page needs the template engine")
        page: str = engine.get_template(TEMPLATE).render(
            request=request,
            title=openapi_schema["info"]["title"],
            version=openapi_schema["info"]["version"],
            spec_url=self.get_openapi_json_route(request),
        )
        return page.encode()
