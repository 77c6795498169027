"""The judging dashboard and review page: judges score their scopes; an administrator who is not
assigned looks on read-only (`judging_access` decides). Every query is scoped."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from catalogue.accounts.guards import EXCEPTION_HANDLERS, CurrentUser, provide_current_user, require_judge_or_admin
from catalogue.accounts.models import User
from catalogue.context import Ctx, DbSession
from catalogue.flash import flash, pop_flashes
from catalogue.judging import dashboard as dashboard_queries
from catalogue.judging import domain
from catalogue.judging.review import ReviewView, review_for_judge
from catalogue.judging.schemas import SORT_LABELS, DashboardParams, score_input_from_form
from catalogue.judging.scopes import judging_access
from catalogue.params import PathId
from catalogue.rendering import render_markdown
from catalogue.timeutil import utcnow

NOT_ASSIGNED = "No entry with this number is assigned to you."
READ_ONLY = "You are not assigned as a judge, so you can look at the entries but not score them."


@get("/", name="judging_dashboard", sync_to_thread=True)
def dashboard(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    ctx: Ctx,
    user: CurrentUser,
    q: Annotated[str | None, QueryParameter(name="q", required=False, max_length=2000)] = None,
    category: Annotated[list[str] | None, QueryParameter(name="category", required=False)] = None,
    award: Annotated[list[str] | None, QueryParameter(name="award", required=False)] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status", required=False)] = None,
    sort: Annotated[str | None, QueryParameter(name="sort", required=False, max_length=40)] = None,
    page: Annotated[int | None, QueryParameter(name="page", required=False, ge=1, le=10_000)] = None,
) -> Template:
    params = DashboardParams.parse(q=q, category=category, award=award, status=status, sort=sort, page=page)
    access = judging_access(db_session, user=user)
    view = dashboard_queries.dashboard(db_session, ctx.search, access=access, params=params, now=utcnow())
    return Template(
        template_name="judging/dashboard.html",
        context={
            "nav": "judging",
            "user": user,
            "view": view,
            "params": params,
            "sort_labels": SORT_LABELS,
            "messages": pop_flashes(request),
        },
    )


def _review_page(
    *,
    user: User,
    review: ReviewView,
    error: str = "",
    field_errors: dict[str, str] | None = None,
    typed: domain.ScoreInput | None = None,
    status_code: int = 200,
    messages: list[dict[str, str]] | None = None,
) -> Template:
    score = review.score
    if typed is None:
        typed = domain.ScoreInput(
            values={k: str(v) for k, v in (score.criterion_scores if score else {}).items()},
            comment=score.comment if score else "",
            conflict_declared=bool(score and score.conflict_declared),
            conflict_reason=score.conflict_reason if score else "",
        )
    return Template(
        template_name="judging/review.html",
        status_code=status_code,
        context={
            "nav": "judging",
            "user": user,
            "review": review,
            "entry": review.entry,
            "body_html": render_markdown(review.entry.body),
            "error": error,
            "field_errors": field_errors or {},
            "typed": typed,
            "messages": messages or [],
        },
    )


@get("/entries/{nomination_id:int}", name="judging_review", sync_to_thread=True)
def review_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    nomination_id: PathId,
) -> Template:
    access = judging_access(db_session, user=user)
    review = review_for_judge(db_session, access=access, nomination_id=nomination_id, now=utcnow())
    if review is None:
        raise NotFoundException(NOT_ASSIGNED)
    return _review_page(user=user, review=review, messages=pop_flashes(request))


@post("/entries/{nomination_id:int}", name="judging_score", sync_to_thread=True, status_code=303)
def save_score(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    nomination_id: PathId,
    data: URLEncodedBody[dict[str, Any]],
) -> Template | Redirect:
    access = judging_access(db_session, user=user)
    if access.read_only:
        raise PermissionDeniedException(READ_ONLY)
    typed = score_input_from_form(data)
    try:
        score = domain.save_score(db_session, judge=user, nomination_id=nomination_id, data=typed)
    except domain.NotAssigned as exc:
        raise NotFoundException(exc.message) from None
    except domain.EntryNotJudgeable as exc:
        db_session.rollback()
        return Template(
            template_name="judging/unavailable.html",
            status_code=exc.status_code,
            context={"nav": "judging", "user": user, "message": exc.message},
        )
    except domain.ScoringError as exc:
        db_session.rollback()
        review = review_for_judge(db_session, access=access, nomination_id=nomination_id, now=utcnow())
        if review is None:
            raise NotFoundException(NOT_ASSIGNED) from None
        return _review_page(
            user=user,
            review=review,
            error=exc.message,
            field_errors=getattr(exc, "field_errors", {}),
            typed=typed,
            status_code=exc.status_code,
        )
    if score.conflict_declared:
        flash(request, "You have declared a conflict of interest and are recused from this entry.")
    elif typed.submit:
        flash(request, f"Your score of {score.weighted_score:.2f} has been submitted.")
    else:
        flash(request, "Your draft has been saved. It is not counted until you submit it.")
    return Redirect(f"/judging/entries/{nomination_id}", status_code=303)


router = Router(
    path="/judging",
    route_handlers=[dashboard, review_page, save_score],
    guards=[require_judge_or_admin],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)

ROUTES = [router]
