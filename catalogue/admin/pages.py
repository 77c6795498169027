"""What every admin page shares: the page template with its context, and running one audited
action with the form shown again on a broken rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar import Request
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.models import User
from catalogue.admin import rules
from catalogue.admin.schemas import text
from catalogue.flash import flash, pop_flashes

Form = URLEncodedBody[dict[str, Any]]
PageParam = Annotated[int, QueryParameter(name="page", ge=1, le=100_000)]


def render(
    template: str,
    context: dict[str, Any],
    *,
    user: User,
    request: Request[Any, Any, Any],
    status_code: int = 200,
    form_error: dict[str, Any] | None = None,
) -> Template:
    return Template(
        template_name=f"admin/{template}",
        status_code=status_code,
        context={
            **context,
            "nav": "admin",
            "user": user,
            "messages": pop_flashes(request),
            "form_error": form_error,
            "form_values": (form_error or {}).get("values", {}),
        },
    )


def act(
    request: Request[Any, Any, Any],
    db_session: Session,
    user: User,
    *,
    form_key: str,
    form: dict[str, Any],
    action: Callable[[], str],
    redirect_to: str,
    page: Callable[[], tuple[str, dict[str, Any]]],
) -> Template | Redirect:
    """Run one domain action; on success flash its message and redirect, on a rule broken
    roll everything back and re-render the page with every message beside its field (and
    listed above the form) and what was typed kept."""
    try:
        message = action()
    except rules.AdminError as exc:
        db_session.rollback()
        template, context = page()
        return render(
            template,
            context,
            user=user,
            request=request,
            status_code=400,
            form_error={
                "form": form_key,
                "field": exc.field,
                "message": exc.message,
                "errors": [{"field": e.field, "message": e.message} for e in exc.errors],
                "values": {k: text(form, k) for k in form if "password" not in k and k != "_csrf_token"},
            },
        )
    flash(request, message)
    return Redirect(redirect_to, status_code=303)
