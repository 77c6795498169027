"""Make the generated OpenAPI document true to what the app sends (issue #11).

Litestar documents its own `{status_code, detail, extra}` error body and only the status
codes a handler declares. Our exception handler (catalogue/errors.py) sends
`{status, error, errors}` and guards, redirects, rate limits and the search engine add
codes of their own. This one post-processing step, run over the generated document, names
our error body as a component and documents every error a route can give, derived from the
route itself (guards, path parameters, redirects), so controllers need no `responses=`.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)
from litestar.routes import HTTPRoute

from catalogue.accounts.guards import require_admin, require_judge_or_admin, require_login
from catalogue.public.opendata import EXPORT_FORMATS

ERROR_SCHEMA = "Error"
FIELD_ERROR_SCHEMA = "FieldError"

#: guards that answer 401 to anyone not signed in (and send a browser's GET to /login)
_SIGN_IN_GUARDS = {require_login, require_admin, require_judge_or_admin}
#: guards that answer 403 to a signed-in user of the wrong role
_ROLE_GUARDS = {require_admin, require_judge_or_admin}
#: errors a handler raises itself, by route name: 429 from a rate limit checked inside the
#: handler, 503 while the search engine it asks is down, 404 for a feature switched off,
#: 303 for a page that sends a signed-in user on
_HANDLER_CODES = {
    "login": {303},
    "login_submit": {429},
    "case_studies": {503},
    "api_case_studies": {503},
    "case_study": {503},
    "api_categories": {503},
    "judging_dashboard": {503},
    "healthz": {503},
    "embed_config": {404, 503},
}
#: media types a handler sets on its response at run time (a `Stream`, a CSV download)
_MEDIA_TYPES = {
    "export_csv": EXPORT_FORMATS["csv"][0],
    "export_jsonl": EXPORT_FORMATS["jsonl"][0],
    "admin_rankings_csv": "text/csv",
    "admin_scores_csv": "text/csv",
}
#: form fields a request must carry (the form dataclasses default them so that a missing
#: one is answered beside the field on the re-rendered page, not with a bare 400)
_REQUIRED_FORM_FIELDS = {
    "LoginForm": ["email", "password"],
    "PasswordChangeForm": ["current_password", "new_password", "confirm_password"],
}


def _error_components() -> dict[str, Schema]:
    return {
        FIELD_ERROR_SCHEMA: Schema(
            type=OpenAPIType.OBJECT,
            required=["field", "message"],
            properties={
                "field": Schema(type=OpenAPIType.STRING, description="The input the message is about"),
                "message": Schema(type=OpenAPIType.STRING),
            },
        ),
        ERROR_SCHEMA: Schema(
            type=OpenAPIType.OBJECT,
            required=["status", "error"],
            description="Every error response of the API (catalogue/errors.py).",
            properties={
                "status": Schema(type=OpenAPIType.INTEGER, description="The HTTP status code"),
                "error": Schema(type=OpenAPIType.STRING, description="What went wrong, for people"),
                "errors": Schema(
                    type=OpenAPIType.ARRAY,
                    items=Reference(ref=f"#/components/schemas/{FIELD_ERROR_SCHEMA}"),
                    description="One entry per invalid field, when fields were at fault",
                ),
            },
        ),
    }


def _json_only(path: str) -> bool:
    """Mirrors `catalogue.errors.wants_json`: these paths always answer errors in JSON."""
    return path.startswith(("/api/", "/schema")) or path == "/healthz" or path.endswith(".json")


def _csrf_exempt(app: Litestar, path: str) -> bool:
    exclude = app.csrf_config.exclude if app.csrf_config else None
    patterns = [exclude] if isinstance(exclude, str) else list(exclude or [])
    return app.csrf_config is None or any(re.search(pattern, path) for pattern in patterns)


def _error_response(status: int, *, path: str) -> OpenAPIResponse:
    content = {"application/json": OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{ERROR_SCHEMA}"))}
    if not _json_only(path):  # browsers get the same error as an HTML page
        content["text/html"] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
    return OpenAPIResponse(description=HTTPStatus(status).phrase, content=content)


def _redirect_response() -> OpenAPIResponse:
    return OpenAPIResponse(
        description="See Other: the next page is in the Location header",
        headers={"location": OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING), required=True)},
    )


def _error_codes(app: Litestar, route: HTTPRoute, handler: HTTPRouteHandler, operation: Operation) -> set[int]:
    """The error statuses this route can answer with, beyond a 400 for bad input. A 500 is
    a bug, not part of the contract, so it is left undocumented."""
    guards = set(handler.resolve_guards())
    codes = {400}
    if "POST" in handler.http_methods and not _csrf_exempt(app, route.path):
        codes.add(403)  # a form post without the CSRF token
    if guards & _SIGN_IN_GUARDS:
        codes.add(401)
    if guards & _ROLE_GUARDS:
        codes.add(403)
    if route.path_parameters:
        codes.add(404)
    if any("rate_limit" in getattr(guard, "__name__", "") for guard in guards):
        codes.add(429)
    codes.update(_HANDLER_CODES.get(handler.name or "", set()))
    codes.update(int(code) for code in (operation.responses or {}) if str(code).isdigit() and int(code) >= 400)
    return codes


def _document_operation(app: Litestar, route: HTTPRoute, handler: HTTPRouteHandler, operation: Operation) -> None:
    path = route.path_format or "/"
    responses: dict[str, Any] = dict(operation.responses or {})
    guards = set(handler.resolve_guards())
    for code, response in list(responses.items()):
        if not isinstance(response, OpenAPIResponse) or code == "default":
            continue
        media = (response.content or {}).get("application/json")
        untyped = media is not None and (media.schema is None or media.schema == Schema())
        if code.startswith("2") and handler.name in _MEDIA_TYPES:
            media_type = _MEDIA_TYPES[handler.name or ""]
            responses[code] = OpenAPIResponse(
                description=response.description,
                headers=response.headers,
                content={media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))},
            )
        elif code == "303":
            responses[code] = _redirect_response()
        elif untyped and code.startswith("2") and not _json_only(path):
            # a page handler annotated with `Response`: it renders HTML
            responses[code] = OpenAPIResponse(
                description=response.description,
                headers=response.headers,
                content={"text/html": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))},
            )
    if "POST" in handler.http_methods and "303" in responses:
        responses["303"] = _redirect_response()
    if guards & _SIGN_IN_GUARDS and "GET" in handler.http_methods and not _json_only(path):
        responses["303"] = _redirect_response()  # a browser not signed in is sent to /login
    if 303 in _HANDLER_CODES.get(handler.name or "", set()):
        responses["303"] = _redirect_response()
    for status in sorted(_error_codes(app, route, handler, operation) - {303}):
        responses[str(status)] = _error_response(status, path=path)
    operation.responses = dict(sorted(responses.items()))


def _mark_required_fields(openapi: OpenAPI) -> None:
    schemas = (openapi.components.schemas or {}) if openapi.components else {}
    for name, fields in _REQUIRED_FORM_FIELDS.items():
        schema = schemas.get(name)
        if isinstance(schema, Schema):
            schema.required = sorted(set(schema.required or []) | set(fields))
            for field in fields:
                prop = (schema.properties or {}).get(field)
                if isinstance(prop, Schema) and prop.type == OpenAPIType.STRING:
                    prop.min_length = max(prop.min_length or 0, 1)


def document_responses(app: Litestar) -> OpenAPI:
    """Rewrite `app.openapi_schema` in place (idempotent) and return it."""
    openapi = app.openapi_schema
    components = openapi.components
    components.schemas = {**(components.schemas or {}), **_error_components()}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        path_item = (openapi.paths or {}).get(route.path_format or "/")
        if path_item is None:
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            for method in handler.http_methods:
                operation = getattr(path_item, method.lower(), None)
                if isinstance(operation, Operation):
                    _document_operation(app, route, handler, operation)
    _mark_required_fields(openapi)
    return openapi
