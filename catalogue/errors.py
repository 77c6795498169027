"""Exception handlers: an HTML page for browsers, JSON for the API; never a stack trace."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

logger = logging.getLogger("catalogue.errors")


class ServiceUnavailable(HTTPException):
    status_code = 503
    detail = "Search is temporarily unavailable. Please try again in a moment."


#: what to say when an exception carries only its status phrase ("Not Found")
_PLAIN_MESSAGES = {
    403: "You cannot open this page.",
    404: "There is no page at this address. The link may be mistyped, or the page may have moved.",
    405: "This page cannot be used that way.",
}


def wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/schema")) or path == "/healthz" or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _field_errors(exc: HTTPException) -> list[dict[str, str]]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = []
    for item in extra:
        if isinstance(item, dict):
            errors.append(
                {"field": str(item.get("key") or item.get("field") or ""), "message": str(item.get("message", ""))}
            )
    return errors


def _bad_path(exc: HTTPException) -> bool:
    """A path that failed validation (an id out of range) names no page: 404, not 400."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    return bool(extra) and all(isinstance(item, dict) and item.get("source") == "path" for item in extra)


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, ValidationException) and _bad_path(exc):
        exc = NotFoundException()
    if isinstance(exc, HTTPException):
        status = exc.status_code
        message = exc.detail or HTTPStatus(status).phrase
        errors = _field_errors(exc)
        if isinstance(exc, ValidationException) and not errors:
            message = "The request was not valid."
    else:
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        status = HTTP_500_INTERNAL_SERVER_ERROR
        message = "Something went wrong on our side. It has been logged."
        errors = []
    headers = dict(getattr(exc, "headers", None) or {})
    if wants_json(request):
        body = {"status": status, "error": message}
        if errors:
            body["errors"] = errors
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)
    title = HTTPStatus(status).phrase
    if message == title:  # the page says more than its heading
        message = _PLAIN_MESSAGES.get(status, message)
    return Template(
        template_name="errors/error.html",
        context={"status": status, "title": title, "message": message, "errors": errors},
        status_code=status,
        headers=headers,
        media_type=MediaType.HTML,
    )
