"""Recording what changed, for the search layer to pick up (the outbox pattern)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from catalogue.outbox.models import SearchOutbox


def record_nomination_changes(session: Session, *, nomination_ids: Iterable[int]) -> None:
    """Queue a re-index of each nomination; the worker reads the row's current state.

    One row kind ("this nomination changed") covers create, edit, publish, unpublish and
    delete: the worker upserts it into the indexes it belongs in and removes it from the rest.
    """
    session.add_all(SearchOutbox(nomination_id=nid) for nid in sorted(set(nomination_ids)))
