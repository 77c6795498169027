"""/admin/entries: the list with its filters and bulk actions, an entry's own page, and the
moderation actions (outcome, publication)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlsplit

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import QueryParameter
from litestar.response import File, Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.accounts.models import User
from catalogue.admin import bulk, entry_filters, entry_queries, moderation, queries, rules
from catalogue.admin.display import UNTITLED, file_size
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_bool, text
from catalogue.context import DbSession, SettingsDep
from catalogue.errors import wants_json
from catalogue.flash import flash
from catalogue.nominations.attachments import path_for
from catalogue.nominations.models import NominationStatus
from catalogue.params import PathId, form_id, in_range
from catalogue.rendering import render_markdown
from catalogue.templating import STATUS_LABELS
from catalogue.timeutil import utcnow

#: a filter value as typed; parsed and checked by catalogue.admin.entry_filters
FilterParam = Annotated[str | None, QueryParameter(required=False, max_length=1000)]
OUTCOMES = [s.value for s in rules.SETTABLE_OUTCOMES]
PRIVATE = {"cache-control": "no-store"}


def _list_context(
    db_session: Session, filters: entry_filters.EntryFilters, *, errors: dict[str, str], typed: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    rows, total = ([], 0) if errors else entry_queries.entries(db_session, filters=filters, now=utcnow())
    return "entries.html", {
        "rows": rows,
        "total": total,
        "filters": filters,
        "filter_errors": errors,
        "typed": typed,
        "page_count": max(1, -(-total // entry_queries.ENTRIES_PAGE_SIZE)),
        "status_choices": [(s.value, STATUS_LABELS[s.value]) for s in NominationStatus],
        "category_choices": [(n.path, n.path) for n in queries.flat_tree(db_session)],
        "untitled": UNTITLED,
        "award_choices": queries.award_choices(db_session),
        "cycle_choices": [(c.id, f"{p.name}: {c.name}") for c, p in queries.cycles(db_session)],
        "outcomes": OUTCOMES,
        "bulk_actions": bulk.BULK_ACTIONS,
    }


def _filters_from(db_session: Session, raw: dict[str, str | None]) -> tuple[str, dict[str, Any]]:
    filters, errors = entry_filters.parse(db_session, raw)
    return _list_context(db_session, filters, errors=errors, typed={k: v or "" for k, v in raw.items()})


@get("/entries", name="admin_entries", sync_to_thread=True)
def entries_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    user: CurrentUser,
    award: FilterParam = None,
    cycle: FilterParam = None,
    status: FilterParam = None,
    category: FilterParam = None,
    page: FilterParam = None,
) -> Template:
    raw = {"award": award, "cycle": cycle, "status": status, "category": category, "page": page}
    template, context = _filters_from(db_session, raw)
    errors = context["filter_errors"]
    if errors and wants_json(request):
        raise ValidationException(
            "The filters are not valid.",
            extra=[{"key": k, "message": m, "source": "query"} for k, m in errors.items()],
        )
    return render(template, context, user=user, request=request, status_code=400 if errors else 200)


def _entry_context(db_session: Session, nomination_id: int) -> tuple[str, dict[str, Any]]:
    view = entry_queries.entry_view(db_session, nomination_id=nomination_id, now=utcnow())
    if view is None:
        raise NotFoundException("No entry has this number.")
    return "entry.html", {
        "view": view,
        "body_html": render_markdown(view.nomination.body),
        "outcomes": OUTCOMES,
        "file_size": file_size,
        "untitled": UNTITLED,
    }


@get("/entries/{nomination_id:int}", name="admin_entry", sync_to_thread=True)
def entry_page(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId
) -> Template:
    template, context = _entry_context(db_session, nomination_id)
    return render(template, context, user=user, request=request)


@get(
    "/entries/{nomination_id:int}/attachments/{attachment_id:int}",
    name="admin_entry_attachment",
    sync_to_thread=True,
)
def entry_attachment(
    db_session: DbSession, settings: SettingsDep, nomination_id: PathId, attachment_id: PathId
) -> File:
    """An entry's file, for administrators (the router's guard)."""
    attachment = entry_queries.attachment_of(db_session, nomination_id=nomination_id, attachment_id=attachment_id)
    if attachment is None:
        raise NotFoundException("This entry has no such attachment.")
    path = path_for(settings.uploads_dir, attachment.storage_key)
    if not path.is_file():  # recorded but not in the uploads store (e.g. a restore without uploads)
        raise NotFoundException("This attachment's file is missing from the uploads store.")
    return File(
        path=path,
        filename=attachment.filename,
        media_type=attachment.content_type,
        content_disposition_type="attachment",
        headers=PRIVATE,
    )


def _back(data: dict[str, Any], default: str) -> str:
    target = text(data, "return_to")
    return target if target.startswith("/admin") and not target.startswith("//") else default


def _page_for(db_session: Session, return_to: str) -> tuple[str, dict[str, Any]]:
    """The page a refused action came from, shown again with the message."""
    parts = urlsplit(return_to)
    if parts.path.startswith("/admin/entries/"):
        ident = parts.path.removeprefix("/admin/entries/")
        if ident.isascii() and ident.isdigit() and in_range(int(ident)):
            return _entry_context(db_session, int(ident))
    raw: dict[str, str | None] = {k: v for k, v in parse_qsl(parts.query) if k in entry_filters.FIELDS}
    return _filters_from(db_session, raw)


def _moderate(
    request: Request[Any, Any, Any], db_session: Session, user: User, data: dict[str, Any], action: Callable[[], str]
) -> Template | Redirect:
    back = _back(data, "/admin/entries")
    return act(
        request,
        db_session,
        user,
        form_key="moderate",
        form=data,
        action=action,
        redirect_to=back,
        page=lambda: _page_for(db_session, back),
    )


@post("/entries/{nomination_id:int}/outcome", name="admin_entry_outcome", sync_to_thread=True, status_code=303)
def entry_outcome(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.set_outcome(db_session, actor=user, nomination_id=nomination_id, status=text(data, "status"))
        return f"{n.title}: outcome set to {n.status.value.replace('_', ' ')}."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/publish", name="admin_entry_publish", sync_to_thread=True, status_code=303)
def entry_publish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.publish(
            db_session,
            actor=user,
            nomination_id=nomination_id,
            now=utcnow(),
            override=as_bool(data, "override"),
            reason=text(data, "override_reason"),
        )
        return f"{n.title} is published as a case study."

    return _moderate(request, db_session, user, data, action)


@post("/entries/{nomination_id:int}/unpublish", name="admin_entry_unpublish", sync_to_thread=True, status_code=303)
def entry_unpublish(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, nomination_id: PathId, data: Form
) -> Template | Redirect:
    def action() -> str:
        n = moderation.unpublish(db_session, actor=user, nomination_id=nomination_id)
        return f"{n.title} is no longer published."

    return _moderate(request, db_session, user, data, action)


def _selected(data: dict[str, Any]) -> list[int]:
    values = data.get("entry", [])
    raw = values if isinstance(values, list) else [values]
    ids = [form_id(str(v), field="entry") for v in raw]
    return [i for i in ids if i is not None]


@post("/entries/bulk", name="admin_entries_bulk", sync_to_thread=True, status_code=303)
def entries_bulk(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    back = _back(data, "/admin/entries")
    try:
        result = bulk.apply(
            db_session,
            actor=user,
            action=text(data, "action"),
            nomination_ids=_selected(data),
            status=text(data, "status"),
            now=utcnow(),
        )
    except rules.AdminError as exc:
        db_session.rollback()
        template, context = _page_for(db_session, back)
        return render(
            template,
            context,
            user=user,
            request=request,
            status_code=400,
            form_error={"form": "bulk", "field": exc.field, "message": exc.message, "values": {}},
        )
    flash(request, result.summary())
    if result.refused:
        flash(request, result.refusals(), kind="error")
    return Redirect(back, status_code=303)


HANDLERS = [
    entries_page,
    entry_page,
    entry_attachment,
    entry_outcome,
    entry_publish,
    entry_unpublish,
    entries_bulk,
]
