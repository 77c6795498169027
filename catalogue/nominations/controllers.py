"""Entry pages (`/nominate`, `/nominations/edit/{token}`) and `POST /api/nominations`."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from litestar import MediaType, Request, Response, Router, get, post
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import (
    MultipartBody,
    PathParameter,
    QueryParameter,
    URLEncodedBody,
)
from litestar.response import File, Redirect, Template
from sqlmodel import Session

from catalogue.context import DbSession, SettingsDep
from catalogue.db import row_id
from catalogue.errors import handle_exception
from catalogue.mail import smtp_configured
from catalogue.nominations import domain, queries, replies, revisions, schemas
from catalogue.nominations.api_controllers import api_create
from catalogue.nominations.attachments import ALLOWED_TYPES, IncomingFile, path_for
from catalogue.nominations.idempotency import SubmissionKeyReused
from catalogue.nominations.models import Nomination
from catalogue.nominations.ratelimit import submission_rate_limit
from catalogue.nominations.schemas import (
    ATTACHMENTS_MAX,
    LABELS,
    ORGANISATION_TYPES,
    REGIONS,
    NominationForm,
)
from catalogue.nominations.window import EditWindow, closed_message, taking_entries
from catalogue.params import PathId
from catalogue.rendering import render_markdown
from catalogue.settings import Settings
from catalogue.taxonomy.queries import category_paths_of
from catalogue.timeutil import utcnow

NOT_FOUND = "This page does not exist. If you followed a link from an e-mail, check that the whole link was copied."
TOO_LARGE = (
    "What you sent is too large. Each file can be at most {mb} MB, and you can attach "
    "up to {count}. Use your browser's Back button (what you typed is usually still "
    "there), then choose smaller files."
)
#: token pages: never cached, never leaking the token in a Referer header
PRIVATE_HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer"}

MultipartForm = MultipartBody[dict[str, Any]]
TokenParam = Annotated[str, PathParameter(description="The private edit token")]


def _friendly_413(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:  # noqa: ARG001 - Litestar's handler signature
    settings: Settings = request.app.state.ctx.settings
    message = TOO_LARGE.format(mb=settings.upload_max_bytes // (1024 * 1024), count=ATTACHMENTS_MAX)
    return handle_exception(request, HTTPException(status_code=413, detail=message))


WRITE_OPTIONS: dict[str, Any] = {
    "guards": [submission_rate_limit],
    "exception_handlers": {RequestEntityTooLarge: _friendly_413},
}


#: every attachment at its limit, plus room for the text fields and multipart framing
MAX_BODY = Settings.upload_max_bytes * ATTACHMENTS_MAX + 2 * 1024 * 1024


def _incoming(data: dict[str, Any]) -> list[IncomingFile]:
    values = data.get("attachments", [])
    files = []
    for value in values if isinstance(values, list) else [values]:
        if hasattr(value, "file") and value.filename:
            value.file.seek(0)
            files.append(IncomingFile(filename=value.filename, data=value.file.read()))
    return files


def _form_page(
    db_session: Session,
    *,
    context: queries.AwardContext,
    form: NominationForm,
    errors: dict[str, str] | None = None,
    files_dropped: bool = False,
    preview: bool = False,
    nomination: Nomination | None = None,
    token: str = "",
    notice: str = "",
    status_code: int = 200,
) -> Template:
    editing = nomination is not None
    return Template(
        template_name="nominations/form.html",
        context={
            "nav": "nominate",
            "ctx": context,
            "window": replies.window_for(db_session, context, nomination),
            "award_html": render_markdown(context.award.description),
            "form": form,
            "errors": errors or {},
            "labels": LABELS,
            "groups": queries.category_groups(db_session),
            "regions": REGIONS,
            "organisation_types": ORGANISATION_TYPES,
            "limits": schemas,
            "files_dropped": files_dropped,
            "notice": notice,
            "preview_html": render_markdown(form.body) if preview else None,
            "nomination": nomination,
            "token": token,
            "attachments": queries.attachments_of(db_session, nomination_id=row_id(nomination)) if nomination else [],
            "action_url": f"/nominations/edit/{token}" if editing else f"/nominate/{context.award.id}",
            "allowed_types": ", ".join(ALLOWED_TYPES.values()),
            "max_file_bytes": Settings.upload_max_bytes,
        },
        status_code=status_code,
        headers=PRIVATE_HEADERS if editing else None,
    )


def _open_context(db_session: Session, award_id: int) -> queries.AwardContext:
    context = queries.award_context(db_session, award_id=award_id)
    if context is None:
        raise NotFoundException("No award has this address.")
    return context


@get("/nominate", name="nominate", sync_to_thread=True, include_in_schema=False)
def open_awards_page(db_session: DbSession) -> Template:
    return Template(
        template_name="nominations/open.html",
        context={"nav": "nominate", "awards": queries.open_award_contexts(db_session, now=utcnow())},
    )


@get("/nominate/{award_id:int}", name="nominate_award", sync_to_thread=True, include_in_schema=False)
def new_entry_page(db_session: DbSession, award_id: PathId) -> Template:
    context = _open_context(db_session, award_id)
    now = utcnow()
    if not taking_entries(award=context.award, cycle=context.cycle, now=now):
        return Template(
            template_name="nominations/closed.html",
            context={"nav": "nominate", "ctx": context, "message": closed_message(context, now=now)},
        )
    return _form_page(db_session, context=context, form=NominationForm(submission_key=secrets.token_urlsafe(32)))


def _confirmation(
    db_session: Session, settings: Settings, context: queries.AwardContext, result: domain.SaveResult
) -> Template:
    if not result.duplicate:
        replies.queue_confirmation(db_session, settings, context, nomination=result.nomination, token=result.edit_token)
    mailed = smtp_configured(settings)
    return Template(
        template_name="nominations/confirmation.html",
        context={
            "nav": "nominate",
            "ctx": context,
            "nomination": result.nomination,
            "window": replies.window_for(db_session, context, result.nomination),
            "mailed": mailed,
            "edit_url": None if mailed or result.duplicate else replies.edit_url(settings, result.edit_token),
            "duplicate": result.duplicate,
        },
        status_code=200 if result.duplicate else 201,
        headers=PRIVATE_HEADERS,
    )


@post(
    "/nominate/{award_id:int}",
    name="nominate_submit",
    sync_to_thread=True,
    include_in_schema=False,
    request_max_body_size=MAX_BODY,
    **WRITE_OPTIONS,
)
def create_entry(db_session: DbSession, settings: SettingsDep, award_id: PathId, data: MultipartForm) -> Template:
    context = _open_context(db_session, award_id)
    form = NominationForm.from_form(data)
    files = _incoming(data)
    if form.action == "preview":
        return _form_page(db_session, context=context, form=form, preview=True, files_dropped=bool(files))
    try:
        result = domain.create_from_form(
            db_session,
            award_id=award_id,
            form=form,
            files=files,
            secret_key=settings.secret_key,
            uploads=replies.uploads(settings),
            now=utcnow(),
        )
    except domain.NominationInvalid as exc:
        return _form_page(
            db_session,
            context=context,
            form=form,
            errors=exc.errors,
            files_dropped=bool(files),
            status_code=exc.status_code,
        )
    except domain.EntriesClosed as exc:
        return _form_page(
            db_session,
            context=context,
            form=form,
            errors={"form": str(exc)},
            files_dropped=bool(files),
            status_code=409,
        )
    except SubmissionKeyReused as exc:
        return _form_page(
            db_session,
            context=context,
            form=form,
            errors={"form": str(exc)},
            files_dropped=bool(files),
            status_code=422,
        )
    return _confirmation(db_session, settings, context, result)


def _entry_or_404(db_session: Session, token: str) -> Nomination:
    nomination = queries.entry_by_token(db_session, token=token)
    if nomination is None:
        raise NotFoundException(NOT_FOUND)
    return nomination


DONE_NOTICES = {
    "saved": "Your changes are saved.",
    "draft": "Your draft is saved. It has not been submitted yet.",
    "submitted": "Your entry has been submitted.",
    "withdrawn": "Your entry has been withdrawn.",
    "review": revisions.PENDING_NOTICE,
}


def _entry_page(
    db_session: Session,
    *,
    nomination: Nomination,
    context: queries.AwardContext,
    window: EditWindow,
    notice: str = "",
    status_code: int = 200,
) -> Template:
    return Template(
        template_name="nominations/entry.html",
        context={
            "nav": "nominate",
            "ctx": context,
            "nomination": nomination,
            "window": window,
            "notice": notice,
            "body_html": render_markdown(nomination.body),
            "categories": category_paths_of(db_session, nomination_id=row_id(nomination)),
            "attachments": queries.attachments_of(db_session, nomination_id=row_id(nomination)),
        },
        headers=PRIVATE_HEADERS,
        status_code=status_code,
    )


@get("/nominations/edit/{token:str}", name="edit_entry", sync_to_thread=True, include_in_schema=False)
def edit_entry_page(
    db_session: DbSession, token: TokenParam, done: Annotated[str, QueryParameter(name="done", max_length=20)] = ""
) -> Template:
    nomination = _entry_or_404(db_session, token)
    context = queries.entry_award_context(db_session, nomination=nomination)
    pending = revisions.pending_revision(db_session, nomination_id=row_id(nomination))
    notice = DONE_NOTICES.get(done, "") or (revisions.PENDING_NOTICE if pending else "")
    window = replies.window_for(db_session, context, nomination)
    if not window.editable:
        return _entry_page(db_session, nomination=nomination, context=context, window=window, notice=notice)
    form = NominationForm.from_entry(
        revisions.entry_with_pending(db_session, nomination=nomination),
        category_paths=category_paths_of(db_session, nomination_id=row_id(nomination)),
    )
    return _form_page(db_session, context=context, form=form, nomination=nomination, token=token, notice=notice)


@post(
    "/nominations/edit/{token:str}",
    name="edit_entry_save",
    sync_to_thread=True,
    include_in_schema=False,
    request_max_body_size=MAX_BODY,
    **WRITE_OPTIONS,
)
def save_entry(
    db_session: DbSession, settings: SettingsDep, token: TokenParam, data: MultipartForm
) -> Template | Redirect:
    nomination = _entry_or_404(db_session, token)
    context = queries.entry_award_context(db_session, nomination=nomination)
    form = NominationForm.from_form(data)
    files = _incoming(data)
    if form.action == "preview":
        return _form_page(
            db_session,
            context=context,
            form=form,
            preview=True,
            files_dropped=bool(files),
            nomination=nomination,
            token=token,
        )
    try:
        newly_submitted = domain.update_from_form(
            db_session, nomination=nomination, form=form, files=files, uploads=replies.uploads(settings), now=utcnow()
        )
    except domain.NominationInvalid as exc:
        return _form_page(
            db_session,
            context=context,
            form=form,
            errors=exc.errors,
            files_dropped=bool(files),
            nomination=nomination,
            token=token,
            status_code=exc.status_code,
        )
    except domain.NotEditable:
        window = replies.window_for(db_session, context, nomination)
        return _entry_page(db_session, nomination=nomination, context=context, window=window, status_code=409)
    done = "submitted" if newly_submitted else ("draft" if nomination.status == "draft" else "saved")
    if revisions.pending_revision(db_session, nomination_id=row_id(nomination)):
        done = "review"
    if newly_submitted:
        replies.queue_confirmation(db_session, settings, context, nomination=nomination, token=token)
    return Redirect(f"/nominations/edit/{token}?done={done}", status_code=303, headers=PRIVATE_HEADERS)


@get("/nominations/edit/{token:str}/withdraw", name="withdraw_entry", sync_to_thread=True, include_in_schema=False)
def withdraw_page(db_session: DbSession, token: TokenParam) -> Template | Redirect:
    nomination = _entry_or_404(db_session, token)
    context = queries.entry_award_context(db_session, nomination=nomination)
    if not replies.window_for(db_session, context, nomination).editable:
        return Redirect(f"/nominations/edit/{token}", status_code=303, headers=PRIVATE_HEADERS)
    return Template(
        template_name="nominations/withdraw.html",
        context={"nav": "nominate", "ctx": context, "nomination": nomination, "token": token},
        headers=PRIVATE_HEADERS,
    )


@post(
    "/nominations/edit/{token:str}/withdraw",
    name="withdraw_entry_confirm",
    sync_to_thread=True,
    include_in_schema=False,
    **WRITE_OPTIONS,
)
def withdraw_entry(db_session: DbSession, token: TokenParam) -> Template | Redirect:
    nomination = _entry_or_404(db_session, token)
    try:
        domain.withdraw_nomination(db_session, nomination=nomination, now=utcnow())
    except domain.NotEditable:
        return Redirect(f"/nominations/edit/{token}", status_code=303, headers=PRIVATE_HEADERS)
    return Redirect(f"/nominations/edit/{token}?done=withdrawn", status_code=303, headers=PRIVATE_HEADERS)


@get(
    "/nominations/edit/{token:str}/attachments/{attachment_id:int}",
    name="entry_attachment",
    sync_to_thread=True,
    include_in_schema=False,
)
def entry_attachment(db_session: DbSession, settings: SettingsDep, token: TokenParam, attachment_id: PathId) -> File:
    nomination = _entry_or_404(db_session, token)
    attachment = next(
        (a for a in queries.attachments_of(db_session, nomination_id=row_id(nomination)) if a.id == attachment_id), None
    )
    if attachment is None:
        raise NotFoundException(NOT_FOUND)
    return File(
        path=path_for(settings.uploads_dir, attachment.storage_key),
        filename=attachment.filename,
        media_type=attachment.content_type,
        content_disposition_type="attachment",
        headers=PRIVATE_HEADERS,
    )


@post(
    "/nominations/preview",
    name="entry_preview",
    sync_to_thread=True,
    include_in_schema=False,
    request_max_body_size=1024 * 1024,
)
def preview_fragment(data: URLEncodedBody[dict[str, Any]]) -> Template:
    body = data.get("body", "")
    return Template(
        template_name="nominations/_preview.html",
        context={"preview_html": render_markdown(body if isinstance(body, str) else "")},
        media_type=MediaType.HTML,
    )


#: One router, so that each handler is registered once: Litestar re-registers every handler of
#: a path when another handler joins that path, and wraps a sync handler's function again.
router = Router(
    path="/",
    route_handlers=[
        open_awards_page,
        new_entry_page,
        create_entry,
        edit_entry_page,
        save_entry,
        withdraw_page,
        withdraw_entry,
        entry_attachment,
        preview_fragment,
        api_create,
    ],
)
ROUTES = [router]
