"""Entrants' rules: creating, editing, submitting and withdrawing an entry.

Every change to a nomination records an outbox row in the same transaction, so a submitted
entry reaches the judges' `nominations` index as soon as the worker runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from catalogue.db import row_id
from catalogue.nominations import idempotency, queries, revisions
from catalogue.nominations.attachments import (
    CheckedFile,
    FileRejected,
    IncomingFile,
    check_file,
    delete_after_commit,
    write_file,
)
from catalogue.nominations.models import (
    Attachment,
    Nomination,
    NominationCategory,
    NominationStatus,
)
from catalogue.nominations.schemas import (
    ATTACHMENTS_MAX,
    NominationForm,
    NominationIn,
    errors_of,
    parse_form,
)
from catalogue.nominations.window import EditWindow, closed_message, edit_window, taking_entries
from catalogue.outbox.domain import record_nomination_changes
from catalogue.text import slugify

HONEYPOT_MESSAGE = (
    "This form looks as if it was filled in automatically. If you are a person, "
    "clear the field labelled “Leave this field empty” and send it again"
)


class NominationInvalid(ValueError):
    """Field name -> message; `status_code` is 413 when a file was over the size limit."""

    def __init__(self, errors: dict[str, str], *, status_code: int = 400) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.status_code = status_code


class EntriesClosed(ValueError):
    """The award is not taking entries now (not yet open, or past its deadline)."""


class NotEditable(ValueError):
    """The entry can no longer be changed; the message says why."""


@dataclass(frozen=True, kw_only=True)
class Uploads:
    directory: Path
    max_bytes: int


@dataclass(kw_only=True)
class SaveResult:
    nomination: Nomination
    #: the private edit token (only ever shown or mailed; the database keeps its hash)
    edit_token: str
    #: True when this was a repeat of a request already handled (a double click)
    duplicate: bool = False


def edit_token_for(*, secret_key: str, submission_key: str) -> str:
    """The entry's edit token: an HMAC of its random idempotency key under the app secret.

    Deriving it (rather than drawing a second random value) lets a repeated request, such as
    a double-clicked submit, show the same link again although only hashes are stored.
    """
    digest = hmac.new(
        secret_key.encode(), b"nomination-edit-token\x00" + submission_key.encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def entry_window(
    session: Session, *, nomination: Nomination, context: queries.AwardContext, now: datetime
) -> EditWindow:
    """The edit rule (nominations.window) applied to a stored entry."""
    return edit_window(
        award=context.award,
        cycle=context.cycle,
        status=nomination.status,
        judging_started=queries.judging_started(session, award_id=row_id(context.award)),
        now=now,
    )


def _check_files(
    files: Iterable[IncomingFile], *, uploads: Uploads, already: int
) -> tuple[list[CheckedFile], str | None, bool]:
    checked: list[CheckedFile] = []
    chosen = [f for f in files if f.filename or f.data]
    if already + len(chosen) > ATTACHMENTS_MAX:
        return [], (f"Attach at most {ATTACHMENTS_MAX} files (this would make {already + len(chosen)})"), False
    for upload in chosen:
        try:
            checked.append(check_file(upload, max_bytes=uploads.max_bytes))
        except FileRejected as exc:
            return [], str(exc), exc.too_large
    return checked, None, False


def _validate(
    session: Session,
    *,
    data: NominationIn | None,
    errors: dict[str, str],
    categories: list[str],
    files: Iterable[IncomingFile],
    uploads: Uploads,
    already_attached: int,
) -> tuple[NominationIn, dict[str, int], list[CheckedFile]]:
    """Database and file checks on top of the field checks; raises with every error at once,
    so what it returns is the valid entry, its category ids and its checked files."""
    category_ids: dict[str, int] = {}
    if "categories" not in errors and categories:
        found = queries.active_categories(session, paths=categories)
        unknown = [path for path in categories if path not in found]
        if unknown:
            errors["categories"] = f"“{unknown[0]}” cannot be chosen any more; choose categories from the list"
        category_ids = {path: row_id(found[path]) for path in categories if path in found}
    checked, file_error, too_large = _check_files(files, uploads=uploads, already=already_attached)
    if file_error:
        errors["attachments"] = file_error
    if errors or data is None:
        raise NominationInvalid(errors, status_code=413 if too_large and len(errors) == 1 else 400)
    return data, category_ids, checked


def _slug(title: str) -> str:
    return f"{slugify(title or 'entry', max_length=200)}-{secrets.token_hex(3)}"


def _apply(nomination: Nomination, data: NominationIn, *, keep: frozenset[str] = frozenset()) -> None:
    for name in (
        "title",
        "organisation",
        "organisation_type",
        "region",
        "contact_name",
        "contact_email",
        "summary",
        "body",
        "website",
        "links",
        "social_handles",
        "consent_to_publish",
    ):
        if name not in keep:
            setattr(nomination, name, getattr(data, name))


def _attach(session: Session, *, nomination_id: int, files: list[CheckedFile], uploads: Uploads) -> None:
    for file in files:
        stored = write_file(session, directory=uploads.directory, file=file)
        session.add(
            Attachment(
                nomination_id=nomination_id,
                filename=stored.filename,
                content_type=stored.content_type,
                size_bytes=stored.size_bytes,
                sha256=stored.sha256,
                storage_key=stored.storage_key,
            )
        )


def _award_for_entry(session: Session, *, award_id: int, now: datetime) -> queries.AwardContext:
    context = queries.award_context(session, award_id=award_id)
    if context is None:
        raise NominationInvalid({"award_id": "No award has this id"})
    if not taking_entries(award=context.award, cycle=context.cycle, now=now):
        raise EntriesClosed(closed_message(context, now=now))
    return context


def create_nomination(
    session: Session,
    *,
    award_id: int,
    data: NominationIn,
    files: list[IncomingFile],
    submission_key: str | None,
    secret_key: str,
    uploads: Uploads,
    now: datetime,
) -> SaveResult:
    """A new entry (draft or submitted) for an open award; one entry per submission key."""
    _award_for_entry(session, award_id=award_id, now=now)
    data, category_ids, checked = _validate(
        session, data=data, errors={}, categories=data.categories, files=files, uploads=uploads, already_attached=0
    )
    return _insert(
        session,
        award_id=award_id,
        data=data,
        category_ids=category_ids,
        files=checked,
        submission_key=submission_key or secrets.token_urlsafe(32),
        secret_key=secret_key,
        uploads=uploads,
        now=now,
    )


def create_from_form(
    session: Session,
    *,
    award_id: int,
    form: NominationForm,
    files: list[IncomingFile],
    secret_key: str,
    uploads: Uploads,
    now: datetime,
) -> SaveResult:
    """The HTML form's path: the same checks, every error collected for the page."""
    _award_for_entry(session, award_id=award_id, now=now)
    data, errors = _parse(form, action=form.action)
    if idempotency.key_too_short(form.submission_key):
        errors["submission_key"] = idempotency.KEY_TOO_SHORT
    if form.leave_blank:
        errors["leave_blank"] = HONEYPOT_MESSAGE
    valid, category_ids, checked = _validate(
        session,
        data=data,
        errors=errors,
        categories=data.categories if data else [],
        files=files,
        uploads=uploads,
        already_attached=0,
    )
    return _insert(
        session,
        award_id=award_id,
        data=valid,
        category_ids=category_ids,
        files=checked,
        submission_key=form.submission_key or secrets.token_urlsafe(32),
        secret_key=secret_key,
        uploads=uploads,
        now=now,
    )


def _parse(form: NominationForm, *, action: str) -> tuple[NominationIn | None, dict[str, str]]:
    if action not in ("draft", "submit"):
        return None, {"form": "Choose “Save draft” or “Submit entry”"}
    try:
        return parse_form(form, action=action), {}
    except ValidationError as exc:
        return None, errors_of(exc)


def _insert(
    session: Session,
    *,
    award_id: int,
    data: NominationIn,
    category_ids: dict[str, int],
    files: list[CheckedFile],
    submission_key: str,
    secret_key: str,
    uploads: Uploads,
    now: datetime,
) -> SaveResult:
    token = edit_token_for(secret_key=secret_key, submission_key=submission_key)
    hash_of_request = idempotency.request_hash(award_id=award_id, data=data, files=files)
    existing = queries.entry_by_submission_key(session, submission_key=submission_key)
    if existing is not None:
        return _replay(existing, hash_of_request=hash_of_request)
    submitting = data.action == "submit"
    nomination = Nomination(
        award_id=award_id,
        title=data.title,
        organisation=data.organisation,
        slug=_slug(data.title),
        status=NominationStatus.submitted if submitting else NominationStatus.draft,
        submitted_at=now if submitting else None,
        created_at=now,
        updated_at=now,
        edit_token_hash=queries.hash_token(token),
        submission_key_hash=queries.hash_token(submission_key),
        request_hash=hash_of_request,
    )
    _apply(nomination, data)
    session.add(nomination)
    try:
        session.flush()
    except IntegrityError:
        # the same key was committed by a concurrent request (a double click): use that entry
        session.rollback()
        existing = queries.entry_by_submission_key(session, submission_key=submission_key)
        if existing is None:
            raise
        return _replay(existing, hash_of_request=hash_of_request)
    session.add_all(
        NominationCategory(nomination_id=row_id(nomination), category_id=cid) for cid in category_ids.values()
    )
    _attach(session, nomination_id=row_id(nomination), files=files, uploads=uploads)
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])
    session.flush()
    return SaveResult(nomination=nomination, edit_token=token)


def _replay(existing: Nomination, *, hash_of_request: str) -> SaveResult:
    """A repeated request: the first entry, without its edit link (the key opens nothing)."""
    idempotency.check_replay(existing, hash_of_request=hash_of_request)
    return SaveResult(nomination=existing, edit_token="", duplicate=True)


def _require_editable(session: Session, *, nomination: Nomination, now: datetime) -> queries.AwardContext:
    context = queries.entry_award_context(session, nomination=nomination)
    window = entry_window(session, nomination=nomination, context=context, now=now)
    if window.reason:
        raise NotEditable(window.reason)
    return context


def update_from_form(
    session: Session,
    *,
    nomination: Nomination,
    form: NominationForm,
    files: list[IncomingFile],
    uploads: Uploads,
    now: datetime,
) -> bool:
    """Save an edit made through the private link; returns True if it submitted a draft.

    A submitted entry stays submitted (it is checked as a submission); a draft may be saved
    again or submitted.
    """
    _require_editable(session, nomination=nomination, now=now)
    action = "submit" if nomination.status == NominationStatus.submitted else form.action
    data, errors = _parse(form, action=action)
    if form.leave_blank:
        errors["leave_blank"] = HONEYPOT_MESSAGE
    current = queries.attachments_of(session, nomination_id=row_id(nomination))
    removing = [a for a in current if a.id in set(form.remove_attachments)]
    valid, category_ids, checked = _validate(
        session,
        data=data,
        errors=errors,
        categories=data.categories if data else [],
        files=files,
        uploads=uploads,
        already_attached=len(current) - len(removing),
    )
    if nomination.published_at is None and valid.title != nomination.title:
        nomination.slug = _slug(valid.title)
    _apply(nomination, valid, keep=revisions.hold_if_published(session, nomination=nomination, data=valid, now=now))
    if not nomination.consent_to_publish:
        nomination.published_at = None  # consent withdrawn: the case study leaves the public site
    newly_submitted = action == "submit" and nomination.status == NominationStatus.draft
    if newly_submitted:
        nomination.status = NominationStatus.submitted
        nomination.submitted_at = now
    nomination.updated_at = now
    session.add(nomination)
    links = session.exec(select(NominationCategory).where(NominationCategory.nomination_id == nomination.id)).all()
    wanted = set(category_ids.values())
    for link in links:
        if link.category_id not in wanted:
            session.delete(link)
    have = {link.category_id for link in links}
    session.add_all(NominationCategory(nomination_id=row_id(nomination), category_id=cid) for cid in wanted - have)
    for attachment in removing:
        delete_after_commit(session, directory=uploads.directory, storage_key=attachment.storage_key)
        session.delete(attachment)
    _attach(session, nomination_id=row_id(nomination), files=checked, uploads=uploads)
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])
    session.flush()
    return newly_submitted


def withdraw_nomination(session: Session, *, nomination: Nomination, now: datetime) -> None:
    """Withdraw an entry before the deadline; it stays in the database, marked withdrawn.

    A withdrawn entry is never public, so a published one is unpublished at the same time.
    """
    _require_editable(session, nomination=nomination, now=now)
    nomination.status = NominationStatus.withdrawn
    nomination.published_at = None
    nomination.updated_at = now
    session.add(nomination)
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])
    session.flush()
