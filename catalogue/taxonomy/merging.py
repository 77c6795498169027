"""Merging two taxonomy nodes into one (e.g. a duplicate spelled differently).

The merged node's entries are filed under the surviving node, its children move under the
survivor (a child whose name the survivor already has is merged into that one in turn), and
the merged node is removed. Every entry whose paths change is re-indexed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import NominationCategory
from catalogue.outbox.domain import record_nomination_changes
from catalogue.taxonomy.domain import (
    TaxonomyError,
    children_of,
    descendants,
    move,
    sibling_named,
)
from catalogue.taxonomy.models import PATH_SEPARATOR, Category


@dataclass(frozen=True, kw_only=True)
class MergeOutcome:
    survivor: Category
    #: label paths of the nodes removed by the merge (the merged node and any merged children)
    removed: list[str]
    #: distinct entries re-indexed
    entries_touched: int


def _entries_in(session: Session, *, nodes: list[Category]) -> set[int]:
    ids = [row_id(node) for node in nodes]
    return set(
        session.exec(select(NominationCategory.nomination_id).where(col(NominationCategory.category_id).in_(ids)))
    )


def _check(session: Session, *, merged: Category, survivor: Category) -> None:
    if merged.id == survivor.id:
        raise TaxonomyError("a category cannot be merged into itself")
    if survivor.path.startswith(merged.path + PATH_SEPARATOR):
        raise TaxonomyError(f"{merged.path!r} cannot be merged into its own sub-category {survivor.path!r}")
    if survivor.deprecated:
        raise TaxonomyError(f"{survivor.path!r} is deprecated; merge into an active category")
    judged = session.exec(
        select(func.count()).select_from(JudgeAssignment).where(JudgeAssignment.category_id == merged.id)
    ).one()
    if judged:
        raise TaxonomyError(
            f"{judged} judge assignment{'s' if judged != 1 else ''} cover{'' if judged != 1 else 's'} "
            f"{merged.path!r}; remove or change {'them' if judged != 1 else 'it'} on the Judges page first"
        )


def _fold(session: Session, *, merged: Category, survivor: Category, removed: list[str]) -> None:
    """Move `merged`'s links and children to `survivor`, then delete `merged`."""
    already = set(
        session.exec(select(NominationCategory.nomination_id).where(NominationCategory.category_id == survivor.id))
    )
    for link in session.exec(select(NominationCategory).where(NominationCategory.category_id == merged.id)):
        nomination_id = link.nomination_id
        session.delete(link)
        if nomination_id not in already:
            session.add(NominationCategory(nomination_id=nomination_id, category_id=row_id(survivor)))
            already.add(nomination_id)
    session.flush()
    for child in children_of(session, parent_id=merged.id):
        twin = sibling_named(session, parent_id=survivor.id, name=child.name)
        if twin is not None:
            _check(session, merged=child, survivor=twin)
            _fold(session, merged=child, survivor=twin, removed=removed)
        else:
            move(session, category=child, new_parent=survivor, reindex=False)  # merge() re-indexes once
    removed.append(merged.path)
    session.delete(merged)
    session.flush()


def merge(session: Session, *, merged: Category, survivor: Category) -> MergeOutcome:
    """Merge `merged` into `survivor`; see the module docstring."""
    _check(session, merged=merged, survivor=survivor)
    touched = _entries_in(session, nodes=descendants(session, category=merged))
    removed: list[str] = []
    _fold(session, merged=merged, survivor=survivor, removed=removed)
    record_nomination_changes(session, nomination_ids=touched)
    session.refresh(survivor)
    return MergeOutcome(survivor=survivor, removed=removed, entries_touched=len(touched))
