"""Idempotency keys (the API's `Idempotency-Key` header, the form's `submission_key`): one
entry per key, and a key bound to the request it first came with.

A repeat of the same request gets the first entry back, without its private edit link (a
key is no secret, so it must not open the entry); the same key with a different request is
refused rather than answered with someone else's entry."""

from __future__ import annotations

import hashlib
import json

from catalogue.nominations.attachments import CheckedFile
from catalogue.nominations.models import Nomination
from catalogue.nominations.schemas import NominationIn

#: shorter keys are guessable; the API's header and the form's field share this minimum
SUBMISSION_KEY_MIN_LENGTH = 16
SUBMISSION_KEY_MAX_LENGTH = 100
KEY_TOO_SHORT = f"submission_key must be at least {SUBMISSION_KEY_MIN_LENGTH} characters; reload the form."
KEY_REUSED = (
    "This idempotency key was already used with a different entry. "
    "Send a new key for a new entry, or use the private edit link to change the first one."
)


class SubmissionKeyReused(ValueError):
    def __init__(self) -> None:
        super().__init__(KEY_REUSED)


def key_too_short(key: str) -> bool:
    return 0 < len(key) < SUBMISSION_KEY_MIN_LENGTH


def request_hash(*, award_id: int, data: NominationIn, files: list[CheckedFile]) -> str:
    """SHA-256 of what the request asked for (the validated entry, its award and files)."""
    payload = {
        "award_id": award_id,
        "entry": data.model_dump(mode="json"),
        "files": [[f.filename, f.content_type, hashlib.sha256(f.data).hexdigest()] for f in files],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def check_replay(existing: Nomination, *, hash_of_request: str) -> None:
    """A repeat must be the same request; rows stored before hashes existed have none."""
    if existing.request_hash is not None and existing.request_hash != hash_of_request:
        raise SubmissionKeyReused
