"""Uploads waiting for their column mapping, kept on the server under a random token (the
browser only ever holds the token) and dropped after PENDING_TTL.

Each upload is two files in the imports directory: TOKEN.data (the bytes) and TOKEN.json
(who, when, file name). Importing claims the data by renaming it, so two clicks
cannot import one file twice; a finished import leaves TOKEN.done.json with its summary."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from catalogue.timeutil import utcnow

PENDING_TTL = timedelta(hours=2)
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{32}$"  # noqa: S105 - the shape of an upload token, not a secret
_TOKEN = re.compile(TOKEN_PATTERN)


class UploadGone(LookupError):
    """No such upload: never made, expired, or already being imported."""


@dataclass(frozen=True)
class PendingUpload:
    token: str
    filename: str
    uploaded_by: int
    uploaded_at: str


def _paths(directory: Path, token: str) -> tuple[Path, Path, Path]:
    if not _TOKEN.fullmatch(token):
        raise UploadGone(token)
    return directory / f"{token}.data", directory / f"{token}.json", directory / f"{token}.done.json"


def sweep(directory: Path, *, now: datetime | None = None) -> None:
    """Delete uploads and results older than PENDING_TTL."""
    if not directory.is_dir():
        return
    cutoff = (now or utcnow()).timestamp() - PENDING_TTL.total_seconds()
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue  # another request swept it first


def save(directory: Path, *, data: bytes, filename: str, uploaded_by: int) -> PendingUpload:
    sweep(directory)
    directory.mkdir(parents=True, exist_ok=True)
    upload = PendingUpload(
        token=secrets.token_urlsafe(24),
        filename=Path(filename).name[:200],
        uploaded_by=uploaded_by,
        uploaded_at=utcnow().isoformat(),
    )
    data_path, meta_path, _ = _paths(directory, upload.token)
    data_path.write_bytes(data)
    meta_path.write_text(json.dumps(asdict(upload)), encoding="utf-8")
    return upload


def _fresh(path: Path) -> bool:
    try:
        return path.stat().st_mtime >= utcnow().timestamp() - PENDING_TTL.total_seconds()
    except FileNotFoundError:
        return False


def load(directory: Path, token: str) -> tuple[PendingUpload, bytes]:
    data_path, meta_path, _ = _paths(directory, token)
    if not (_fresh(data_path) and _fresh(meta_path)):
        raise UploadGone(token)
    try:
        return PendingUpload(**json.loads(meta_path.read_text(encoding="utf-8"))), data_path.read_bytes()
    except FileNotFoundError:
        raise UploadGone(token) from None


def result(directory: Path, token: str) -> dict[str, object] | None:
    """The summary of a finished import, if this token's import has finished."""
    *_, done_path = _paths(directory, token)
    if not _fresh(done_path):
        return None
    try:
        loaded: dict[str, object] = json.loads(done_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return loaded


def claim(directory: Path, token: str) -> Path:
    """Take the upload for importing; a second claim finds it gone."""
    data_path, *_ = _paths(directory, token)
    claimed = directory / f"{token}.claimed"
    try:
        data_path.rename(claimed)
    except FileNotFoundError:
        raise UploadGone(token) from None
    return claimed


def release(directory: Path, token: str) -> None:
    """Give a claimed upload back (the import failed; the mapping page shows why)."""
    data_path, *_ = _paths(directory, token)
    (directory / f"{token}.claimed").rename(data_path)


def finish(directory: Path, token: str, *, summary: dict[str, object]) -> None:
    _, meta_path, done_path = _paths(directory, token)
    done_path.write_text(json.dumps(summary), encoding="utf-8")
    for path in (directory / f"{token}.claimed", meta_path):
        path.unlink(missing_ok=True)
