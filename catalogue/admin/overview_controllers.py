"""/admin home, re-indexing and the audit log."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import audit_labels, audit_queries, queries, rules
from catalogue.admin.audit_labels import ACTIONS
from catalogue.admin.pages import PageParam, render
from catalogue.admin.reindex import ReindexTracker
from catalogue.context import Ctx, DbSession
from catalogue.errors import wants_json
from catalogue.flash import flash

_tracker_lock = threading.Lock()


def reindex_tracker(request: Request[Any, Any, Any]) -> ReindexTracker:
    state = request.app.state
    with _tracker_lock:
        if "reindex_tracker" not in state:
            state["reindex_tracker"] = ReindexTracker(state.ctx.db_engine)
        tracker: ReindexTracker = state["reindex_tracker"]
        return tracker


@get("/", name="admin_home", sync_to_thread=True)
def admin_home(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    return render("home.html", {"overview": queries.overview(db_session)}, user=user, request=request)


@get("/reindex", name="admin_reindex", sync_to_thread=True)
def reindex_page(request: Request[Any, Any, Any], user: CurrentUser, ctx: Ctx) -> Template:
    return render(
        "reindex.html",
        {"status": reindex_tracker(request).status(), "configured": ctx.search is not None},
        user=user,
        request=request,
    )


@post("/reindex", name="admin_reindex_start", sync_to_thread=True, status_code=303)
def reindex_start(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, ctx: Ctx) -> Redirect:
    if ctx.search is None:
        flash(request, "Search is not configured, so there is nothing to re-index.", kind="error")
        return Redirect("/admin/reindex", status_code=303)
    total = queries.nomination_count(db_session)
    if reindex_tracker(request).start(ctx.search, to_index=total):
        rules.record_audit(
            db_session, actor=user, action="search.reindex", target="all indexes", details={"entries": total}
        )
        flash(request, f"Re-index started: {total} entries.")
    else:
        flash(request, "A re-index is already running.", kind="error")
    return Redirect("/admin/reindex", status_code=303)


@get("/audit", name="admin_audit", sync_to_thread=True)
def audit_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    action: Annotated[str | None, QueryParameter(required=False, max_length=100)] = None,
    actor: Annotated[str | None, QueryParameter(required=False, max_length=40)] = None,
    page: PageParam = 1,
) -> Template:
    """The audit log in words, filtered by action and by who did it; a bad filter is a 400
    naming it, with the page shown again."""
    actors = audit_queries.actors(db_session)
    errors = {}
    if action and action not in ACTIONS:
        errors["action"] = "action must be one of the actions listed."
    if actor and actor not in {value for value, _ in actors}:
        errors["actor"] = "actor must be someone who appears in the audit log."
    if errors and wants_json(request):
        raise ValidationException(
            "The filters are not valid.",
            extra=[{"key": k, "message": m, "source": "query"} for k, m in errors.items()],
        )
    rows, total = ([], 0) if errors else audit_queries.audit_log(db_session, action=action, actor=actor, page=page)
    return render(
        "audit.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "page_count": max(1, -(-total // audit_queries.AUDIT_PAGE_SIZE)),
            "action": action or "",
            "actor": actor or "",
            "errors": errors,
            "action_choices": sorted(((code, audit_labels.name(code)) for code in ACTIONS), key=lambda c: c[1]),
            "actor_choices": actors,
        },
        user=user,
        request=request,
        status_code=400 if errors else 200,
    )


HANDLERS = [admin_home, reindex_page, reindex_start, audit_page]
