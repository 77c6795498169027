"""Recording what changed, for the search layer to pick up (the outbox pattern)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlmodel import Session

from catalogue.outbox.models import SearchOutbox
from catalogue.timeutil import utcnow


def record_nomination_changes(session: Session, *, nomination_ids: Iterable[int]) -> None:
    """Queue a re-index of each nomination, in the caller's transaction.

    One row kind ("this nomination changed") covers create, edit, publish, unpublish and
    delete: the worker reads the nomination's current state, upserts it into the indexes it
    belongs in and removes it from the rest. Pending ORM changes are flushed first so the
    ids exist.
    """
    ids = sorted(set(nomination_ids))
    if not ids:
        return
    session.flush()
    now = utcnow()
    session.execute(
        insert(SearchOutbox),
        [{"nomination_id": nid, "created_at": now, "next_attempt_at": now} for nid in ids],
    )
