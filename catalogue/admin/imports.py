"""Uploads kept for their mapping step, and running an import: claimed first so that it runs
once, then written and audited in one transaction; a failure gives the upload back."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from catalogue.accounts.models import User
from catalogue.admin.rules import record_audit
from catalogue.db import row_id
from catalogue.importing import ImportSummary, Mapping, Table, import_table, pending, read_table


def receive_upload(
    session: Session, *, actor: User, directory: Path, content: bytes, filename: str
) -> pending.PendingUpload:
    """Keep a readable upload for its mapping step (UnreadableFile says why not) and audit it."""
    table = read_table(content, filename=filename)
    saved = pending.save(directory, data=content, filename=filename, uploaded_by=row_id(actor))
    details = {"format": table.kind, "rows": len(table.rows), "bytes": len(content)}
    record_audit(session, actor=actor, action="import.upload", target=saved.filename, details=details)
    return saved


class AlreadyRunning(Exception):
    """Another request has claimed this upload (a second click, another window)."""


def run_import(
    session: Session,
    *,
    actor: User,
    directory: Path,
    upload: pending.PendingUpload,
    table: Table,
    mapping: Mapping,
    programme: str,
) -> ImportSummary:
    """Import every row or none (ImportFailed lists the problems), audit it, commit, and
    leave the summary for the finished page."""
    try:
        pending.claim(directory, upload.token)
    except pending.UploadGone:
        raise AlreadyRunning(upload.token) from None
    try:
        summary = import_table(session, table=table, mapping=mapping, programme_name=programme)
        details = {
            "format": table.kind,
            "programme": programme,
            "imported": summary.imported,
            "published": summary.published,
            "categories_created": summary.categories_created,
        }
        record_audit(session, actor=actor, action="import", target=upload.filename, details=details)
        session.commit()
    except BaseException:
        session.rollback()
        pending.release(directory, upload.token)
        raise
    pending.finish(directory, upload.token, summary={**details, "filename": upload.filename, "message": str(summary)})
    return summary
