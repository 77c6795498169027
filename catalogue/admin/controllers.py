"""Administration: programmes, cycles, awards and criteria, taxonomy, judges, moderation,
results, re-indexing and the audit log. Administrators only; every POST is audited."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from litestar import MediaType, Request, Response, Router, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import EXCEPTION_HANDLERS, CurrentUser, provide_current_user, require_admin
from catalogue.accounts.models import User
from catalogue.admin import domain, queries
from catalogue.admin.mail_controllers import mail_router
from catalogue.admin.reindex import ReindexTracker
from catalogue.admin.revisions_controllers import revisions_router
from catalogue.admin.schemas import as_bool, as_date, as_float, as_id, as_int, text, to_csv
from catalogue.context import Ctx, DbSession
from catalogue.flash import flash, pop_flashes
from catalogue.judging import queries as judging_queries
from catalogue.params import PathId, QueryId
from catalogue.taxonomy.domain import TaxonomyError, normalise_path

Form = URLEncodedBody[dict[str, Any]]
PageParam = Annotated[int, QueryParameter(name="page", ge=1, le=100_000)]
_tracker_lock = threading.Lock()


def reindex_tracker(request: Request[Any, Any, Any]) -> ReindexTracker:
    state = request.app.state
    with _tracker_lock:
        if "reindex_tracker" not in state:
            state["reindex_tracker"] = ReindexTracker(state.ctx.db_engine)
        tracker: ReindexTracker = state["reindex_tracker"]
        return tracker


def _page(
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


def _act(
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
    roll everything back and re-render the page with the message beside the field."""
    try:
        message = action()
    except domain.AdminError as exc:
        db_session.rollback()
        template, context = page()
        return _page(
            template,
            context,
            user=user,
            request=request,
            status_code=400,
            form_error={
                "form": form_key,
                "field": exc.field,
                "message": exc.message,
                "values": {k: text(form, k) for k in form if "password" not in k and k != "_csrf_token"},
            },
        )
    flash(request, message)
    return Redirect(redirect_to, status_code=303)


# ---------------------------------------------------------------- overview


@get("/", name="admin_home", sync_to_thread=True)
def admin_home(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    return _page("home.html", {"overview": queries.overview(db_session)}, user=user, request=request)


# ---------------------------------------------------------------- programmes, cycles, awards


def _awards_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "awards.html", {
        "programmes": queries.programmes(db_session),
        "cycles": queries.cycles(db_session),
        "awards": queries.awards(db_session),
    }


@get("/awards", name="admin_awards", sync_to_thread=True)
def awards_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _awards_context(db_session)
    return _page(template, context, user=user, request=request)


@post("/programmes", name="admin_programme_create", sync_to_thread=True, status_code=303)
def programme_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        p = domain.create_programme(
            db_session, actor=user, name=text(data, "name"), description=text(data, "description")
        )
        return f"Programme {p.name} created."

    return _act(
        request,
        db_session,
        user,
        form_key="programme",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )


@post("/cycles", name="admin_cycle_create", sync_to_thread=True, status_code=303)
def cycle_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c = domain.create_cycle(
            db_session,
            actor=user,
            programme_id=as_id(data, "programme_id"),
            year=as_int(data, "year"),
            name=text(data, "name"),
            opens_at=as_date(data, "opens_at"),
            closes_at=as_date(data, "closes_at"),
        )
        return f"Cycle {c.name} created."

    return _act(
        request,
        db_session,
        user,
        form_key="cycle",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )


@post("/awards", name="admin_award_create", sync_to_thread=True, status_code=303)
def award_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    created: dict[str, Any] = {}

    def action() -> str:
        a = domain.create_award(
            db_session,
            actor=user,
            cycle_id=as_id(data, "cycle_id"),
            name=text(data, "name"),
            description=text(data, "description"),
            blind_judging=as_bool(data, "blind_judging"),
        )
        created["id"] = a.id
        return f"Award {a.name} created. Add its scoring criteria below."

    response = _act(
        request,
        db_session,
        user,
        form_key="award",
        form=data,
        action=action,
        redirect_to="/admin/awards",
        page=lambda: _awards_context(db_session),
    )
    return Redirect(f"/admin/awards/{created['id']}", status_code=303) if created else response


def _award_context(db_session: Session, award_id: PathId) -> tuple[str, dict[str, Any]]:
    row = queries.award_row(db_session, award_id=award_id)
    if row is None:
        raise NotFoundException("No award has this number.")
    return "award.html", {"row": row}


@get("/awards/{award_id:int}", name="admin_award", sync_to_thread=True)
def award_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId) -> Template:
    template, context = _award_context(db_session, award_id)
    return _page(template, context, user=user, request=request)


@post("/awards/{award_id:int}", name="admin_award_update", sync_to_thread=True, status_code=303)
def award_update(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        a = domain.update_award(
            db_session,
            actor=user,
            award_id=award_id,
            name=text(data, "name"),
            description=text(data, "description"),
            blind_judging=as_bool(data, "blind_judging"),
        )
        return f"Award {a.name} saved{' (judged blind)' if a.blind_judging else ''}."

    return _act(
        request,
        db_session,
        user,
        form_key="award",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/awards/{award_id:int}/criteria", name="admin_criterion_add", sync_to_thread=True, status_code=303)
def criterion_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, award_id: PathId, data: Form
) -> Template | Redirect:
    _award_context(db_session, award_id)

    def action() -> str:
        c = domain.add_criterion(
            db_session,
            actor=user,
            award_id=award_id,
            name=text(data, "name"),
            description=text(data, "description"),
            weight=as_float(data, "weight"),
            max_score=as_int(data, "max_score"),
        )
        return f"Criterion {c.name} added."

    return _act(
        request,
        db_session,
        user,
        form_key="criterion",
        form=data,
        action=action,
        redirect_to=f"/admin/awards/{award_id}",
        page=lambda: _award_context(db_session, award_id),
    )


@post("/criteria/{criterion_id:int}/delete", name="admin_criterion_remove", sync_to_thread=True, status_code=303)
def criterion_remove(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, criterion_id: PathId, data: Form
) -> Template | Redirect:
    award_id = as_id(data, "award_id") or 0
    holder: dict[str, Any] = {}

    def action() -> str:
        holder["award"] = domain.remove_criterion(db_session, actor=user, criterion_id=criterion_id)
        return "Criterion removed."

    def page() -> tuple[str, dict[str, Any]]:
        return _award_context(db_session, award_id) if award_id else _awards_context(db_session)

    response = _act(
        request, db_session, user, form_key="criteria", form=data, action=action, redirect_to="/admin/awards", page=page
    )
    return Redirect(f"/admin/awards/{holder['award'].id}", status_code=303) if holder else response


# ---------------------------------------------------------------- taxonomy


def _taxonomy_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "taxonomy.html", {"nodes": queries.flat_tree(db_session)}


@get("/taxonomy", name="admin_taxonomy", sync_to_thread=True)
def taxonomy_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _taxonomy_context(db_session)
    return _page(template, context, user=user, request=request)


def _touched(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


@post("/taxonomy/add", name="admin_category_add", sync_to_thread=True, status_code=303)
def category_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c = domain.add_category(db_session, actor=user, path=text(data, "path"))
        return f"Category {c.path} added (touches {_touched(0)})."

    return _act(
        request,
        db_session,
        user,
        form_key="add",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/rename", name="admin_category_rename", sync_to_thread=True, status_code=303)
def category_rename(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = domain.rename_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_name=text(data, "new_name")
        )
        return f"Renamed to {c.path}; {_touched(n)} will be re-indexed."

    return _act(
        request,
        db_session,
        user,
        form_key="rename",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/move", name="admin_category_move", sync_to_thread=True, status_code=303)
def category_move(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = domain.move_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_parent_id=as_id(data, "new_parent_id")
        )
        return f"Moved to {c.path}; {_touched(n)} will be re-indexed."

    return _act(
        request,
        db_session,
        user,
        form_key="move",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/deprecate", name="admin_category_deprecate", sync_to_thread=True, status_code=303)
def category_deprecate(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    deprecated = text(data, "action") != "restore"

    def action() -> str:
        c, n = domain.set_category_deprecated(
            db_session, actor=user, category_id=as_id(data, "category_id"), deprecated=deprecated
        )
        verb = "deprecated: hidden from new entries" if deprecated else "restored"
        return f"{c.path} {verb}; its {_touched(n)} keep it."

    return _act(
        request,
        db_session,
        user,
        form_key="deprecate",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


# ---------------------------------------------------------------- judges


def _judges_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "judges.html", {
        "judges": queries.judges(db_session),
        "nodes": queries.flat_tree(db_session),
        "award_choices": queries.award_choices(db_session),
    }


@get("/judges", name="admin_judges", sync_to_thread=True)
def judges_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _judges_context(db_session)
    return _page(template, context, user=user, request=request)


@post("/judges", name="admin_judge_create", sync_to_thread=True, status_code=303)
def judge_create(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        j = domain.create_judge(
            db_session,
            actor=user,
            email=text(data, "email"),
            display_name=text(data, "display_name"),
            password=text(data, "password"),
        )
        return f"Judge {j.email} created. Give them their password in person or by another channel."

    return _act(
        request,
        db_session,
        user,
        form_key="judge",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/users/{user_id:int}/sessions/end", name="admin_user_sessions_end", sync_to_thread=True, status_code=303)
def user_sessions_end(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, user_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        ended = domain.end_user_sessions(db_session, actor=user, user_id=user_id)
        return f"Every session of {ended.email} has ended; they must sign in again."

    return _act(
        request,
        db_session,
        user,
        form_key="sessions",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/assignments", name="admin_assignment_add", sync_to_thread=True, status_code=303)
def assignment_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        domain.add_assignment(
            db_session,
            actor=user,
            judge_id=as_id(data, "judge_id"),
            category_id=as_id(data, "category_id"),
            award_id=as_id(data, "award_id"),
        )
        return "Assignment added."

    return _act(
        request,
        db_session,
        user,
        form_key="assignment",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


@post("/assignments/{assignment_id:int}/delete", name="admin_assignment_remove", sync_to_thread=True, status_code=303)
def assignment_remove(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, assignment_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        domain.remove_assignment(db_session, actor=user, assignment_id=assignment_id)
        return "Assignment removed."

    return _act(
        request,
        db_session,
        user,
        form_key="remove",
        form=data,
        action=action,
        redirect_to="/admin/judges",
        page=lambda: _judges_context(db_session),
    )


# ---------------------------------------------------------------- moderation


def _entries_context(
    db_session: Session, *, status: str | None, award_id: int | None, page: int
) -> tuple[str, dict[str, Any]]:
    rows, total = queries.entries(db_session, status=status, award_id=award_id, page=page)
    return "entries.html", {
        "rows": rows,
        "total": total,
        "page": page,
        "page_count": max(1, -(-total // queries.ENTRIES_PAGE_SIZE)),
        "status": status or "",
        "award_id": award_id,
        "statuses": queries.STATUS_CHOICES,
        "award_choices": queries.award_choices(db_session),
        "outcomes": [s.value for s in domain.SETTABLE_OUTCOMES],
    }


@get("/entries", name="admin_entries", sync_to_thread=True)
def entries_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    status: Annotated[str | None, QueryParameter(name="status", required=False, max_length=40)] = None,
    award: QueryId = None,
    page: PageParam = 1,
) -> Template:
    template, context = _entries_context(db_session, status=status, award_id=award, page=page)
    return _page(template, context, user=user, request=request)


def _back(data: dict[str, Any], default: str) -> str:
    target = text(data, "return_to")
    return target if target.startswith("/admin") and not target.startswith("//") else default


def _moderate(
    request: Request[Any, Any, Any], db_session: Session, user: User, data: dict[str, Any], action: Callable[[], str]
) -> Template | Redirect:
    return _act(
        request,
        db_session,
        user,
        form_key="moderate",
        form=data,
        action=action,
        redirect_to=_back(data, "/admin/entries"),
        page=lambda: _entries_context(db_session, status=None, award_id=None, page=1),
    )


@post("/entries/{nomination_id:int}/outcome", name="admin_entry_outcome", sync_to_thread=True, status_code=303)
def entry_outcome(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = domain.set_outcome(db_session, actor=user, nomination_id=nomination_id, status=text(data, "status"))
        return f"{n.title}: outcome set to {n.status.value.replace('_', ' ')}."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/publish", name="admin_entry_publish", sync_to_thread=True, status_code=303)
def entry_publish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = domain.publish(db_session, actor=user, nomination_id=nomination_id)
        return f"{n.title} is published as a case study."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/unpublish", name="admin_entry_unpublish", sync_to_thread=True, status_code=303)
def entry_unpublish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = domain.unpublish(db_session, actor=user, nomination_id=nomination_id)
        return f"{n.title} is no longer published."

    return _moderate(request, db_session, user, data, action)


# ---------------------------------------------------------------- results

AwardFilter = QueryId
CategoryFilter = Annotated[str | None, QueryParameter(name="category", required=False, max_length=1000)]


def _result_filters(db_session: Session, award: int | None, category: str | None) -> tuple[int | None, str | None, str]:
    """Validated filters and an error message for a bad branch (results then show nothing)."""
    path = None
    if category:
        try:
            path = normalise_path(category)
        except TaxonomyError:
            return award, None, f"{category!r} is not a category path."
        if not judging_queries.branch_exists(db_session, path=path):
            return award, None, f"There is no category {path!r}."
    return award, path, ""


@get("/results", name="admin_results", sync_to_thread=True)
def results_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    award: AwardFilter = None,
    category: CategoryFilter = None,
) -> Template:
    award_id, path, error = _result_filters(db_session, award, category)
    ranking = [] if error else judging_queries.ranking(db_session, award_id=award_id, category_path=path)
    return _page(
        "results.html",
        {
            "ranking": ranking,
            "award_id": award_id,
            "category": path or (category or ""),
            "error": error,
            "award_choices": queries.award_choices(db_session),
            "nodes": queries.flat_tree(db_session),
            "outcomes": [s.value for s in domain.SETTABLE_OUTCOMES],
            "return_to": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        },
        user=user,
        request=request,
        status_code=400 if error else 200,
    )


def _csv(body: str, filename: str) -> Response[str]:
    return Response(body, media_type="text/csv", headers={"content-disposition": f'attachment; filename="{filename}"'})


@get("/results/rankings.csv", name="admin_rankings_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def rankings_csv(db_session: DbSession, award: AwardFilter = None, category: CategoryFilter = None) -> Response[str]:
    award_id, path, error = _result_filters(db_session, award, category)
    rows = [] if error else judging_queries.ranking(db_session, award_id=award_id, category_path=path)
    return _csv(
        to_csv(
            [
                "rank",
                "entry_id",
                "title",
                "organisation",
                "award",
                "status",
                "published",
                "weighted_mean",
                "scores",
                "recusals",
            ],
            (
                [
                    r.rank,
                    r.nomination_id,
                    r.title,
                    r.organisation,
                    r.award,
                    r.status,
                    "yes" if r.published else "no",
                    r.weighted_mean,
                    r.score_count,
                    r.recusals,
                ]
                for r in rows
            ),
        ),
        "rankings.csv",
    )


@get("/results/scores.csv", name="admin_scores_csv", sync_to_thread=True, media_type=MediaType.TEXT)
def scores_csv(db_session: DbSession, award: AwardFilter = None, category: CategoryFilter = None) -> Response[str]:
    award_id, path, error = _result_filters(db_session, award, category)
    rows = [] if error else judging_queries.score_export(db_session, award_id=award_id, category_path=path)
    return _csv(
        to_csv(
            [
                "entry_id",
                "title",
                "award",
                "judge",
                "score_status",
                "conflict_declared",
                "weighted_score",
                "criteria",
                "comment",
            ],
            (
                [
                    r.nomination_id,
                    r.title,
                    r.award,
                    r.judge_email,
                    r.status,
                    "yes" if r.conflict_declared else "no",
                    r.weighted_score,
                    r.criteria,
                    r.comment,
                ]
                for r in rows
            ),
        ),
        "scores.csv",
    )


# ---------------------------------------------------------------- re-index and audit


@get("/reindex", name="admin_reindex", sync_to_thread=True)
def reindex_page(request: Request[Any, Any, Any], user: CurrentUser, ctx: Ctx) -> Template:
    return _page(
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
        domain.record_audit(
            db_session, actor=user, action="search.reindex", target="all indexes", details={"entries": total}
        )
        flash(request, f"Re-index started: {total} entries.")
    else:
        flash(request, "A re-index is already running.", kind="error")
    return Redirect("/admin/reindex", status_code=303)


@get("/audit", name="admin_audit", sync_to_thread=True)
def audit_page(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, page: PageParam = 1
) -> Template:
    rows, total = queries.audit_log(db_session, page=page)
    return _page(
        "audit.html",
        {"rows": rows, "total": total, "page": page, "page_count": max(1, -(-total // queries.AUDIT_PAGE_SIZE))},
        user=user,
        request=request,
    )


router = Router(
    path="/admin",
    route_handlers=[
        admin_home,
        awards_page,
        programme_create,
        cycle_create,
        award_create,
        award_page,
        award_update,
        criterion_add,
        criterion_remove,
        taxonomy_page,
        category_add,
        category_rename,
        category_move,
        category_deprecate,
        judges_page,
        judge_create,
        user_sessions_end,
        assignment_add,
        assignment_remove,
        entries_page,
        entry_outcome,
        entry_publish,
        entry_unpublish,
        results_page,
        rankings_csv,
        scores_csv,
        reindex_page,
        reindex_start,
        audit_page,
    ],
    guards=[require_admin],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)

ROUTES = [router, mail_router, revisions_router]
