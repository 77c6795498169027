"""Attachment files: type sniffed from content, size checked, stored under a random key.

The bytes are written before the database commits, so every file written in a transaction is
remembered on the session: a rollback deletes them (no orphaned files), and files removed by
an edit are deleted only once the commit has succeeded (no dangling rows). A process killed
between writing and committing can still leave an unreferenced file behind; such files are
never served, because only rows name files.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import puremagic
from sqlalchemy import event
from sqlmodel import Session

ALLOWED_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
_WRITTEN = "catalogue.attachments.written"
_DOOMED = "catalogue.attachments.doomed"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True, kw_only=True)
class IncomingFile:
    """A file as received: the name the entrant's computer gave it, and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class StoredFile:
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str


class FileRejected(ValueError):
    """A file that cannot be accepted; `too_large` marks the size limit (HTTP 413)."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def sniff_type(data: bytes) -> str | None:
    """The MIME type the content itself declares (puremagic's best match), or None."""
    try:
        matches = puremagic.magic_string(data)
    except puremagic.PureError:
        return None
    return matches[0].mime_type or None if matches else None


def safe_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("", base).strip() or "attachment"
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 255 - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else base[:255]
    return base


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_file(upload: IncomingFile, *, max_bytes: int) -> CheckedFile:
    """Accept a PDF, PNG or JPEG up to `max_bytes`, judged by content, never by name."""
    name = safe_filename(upload.filename)
    size = len(upload.data)
    if size > max_bytes:
        raise FileRejected(
            f"“{name}” is {_megabytes(size)}; each file can be at most {max_bytes // (1024 * 1024)} MB", too_large=True
        )
    if size == 0:
        raise FileRejected(f"“{name}” is empty")
    content_type = sniff_type(upload.data)
    if content_type not in ALLOWED_TYPES:
        raise FileRejected(
            f"“{name}” is not a PDF, PNG or JPEG file (its content is checked, whatever its "
            "name says). Choose a PDF, PNG or JPEG file"
        )
    return CheckedFile(filename=name, content_type=content_type, data=upload.data)


def path_for(directory: Path, storage_key: str) -> Path:
    return directory / storage_key[:2] / storage_key


def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_DOOMED, []):
        path.unlink(missing_ok=True)


def _delete_written(session: Session) -> None:
    session.info.pop(_DOOMED, None)
    for path in session.info.pop(_WRITTEN, []):
        path.unlink(missing_ok=True)


def _watch(session: Session) -> None:
    if not event.contains(session, "after_commit", _forget_written):
        event.listen(session, "after_commit", _forget_written)
        event.listen(session, "after_rollback", _delete_written)


def write_file(session: Session, *, directory: Path, file: CheckedFile) -> StoredFile:
    """Write the bytes under a fresh random key; deleted again if the transaction rolls back."""
    _watch(session)
    storage_key = secrets.token_hex(16) + EXTENSIONS[file.content_type]
    path = path_for(directory, storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    session.info.setdefault(_WRITTEN, []).append(path)
    with open(path, "xb") as handle:
        handle.write(file.data)
        handle.flush()
        os.fsync(handle.fileno())
    return StoredFile(
        filename=file.filename,
        content_type=file.content_type,
        size_bytes=len(file.data),
        sha256=hashlib.sha256(file.data).hexdigest(),
        storage_key=storage_key,
    )


def delete_after_commit(session: Session, *, directory: Path, storage_key: str) -> None:
    _watch(session)
    session.info.setdefault(_DOOMED, []).append(path_for(directory, storage_key))
