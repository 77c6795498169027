"""Changes to the category taxonomy; each re-indexes the entries it touches."""

from __future__ import annotations

from sqlmodel import Session

from catalogue.accounts.models import User
from catalogue.admin.rules import (
    AdminError,
    get_row,
    record_audit,
    sentence,
)
from catalogue.taxonomy import domain as taxonomy
from catalogue.taxonomy.models import Category


def category_or_error(session: Session, category_id: int | None, *, field: str = "category_id") -> Category:
    return get_row(session, Category, category_id, what="category", field=field)


def add_category(session: Session, *, actor: User, path: str) -> Category:
    try:
        normalised = taxonomy.normalise_path(path)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field="path") from None
    if taxonomy.get_by_path(session, path=normalised) is not None:
        raise AdminError(f"The category {normalised!r} already exists.", field="path")
    for ancestor in taxonomy.ancestor_paths(normalised)[:-1]:
        node = taxonomy.get_by_path(session, path=ancestor)
        if node is not None and node.deprecated:
            raise AdminError(f"{ancestor!r} is deprecated; restore it before adding categories under it.", field="path")
    category = taxonomy.ensure_path(session, path=normalised)
    record_audit(
        session,
        actor=actor,
        action="category.add",
        target=f"category {category.id}: {category.path}",
        details={"entries_touched": 0},
    )
    return category


def rename_category(session: Session, *, actor: User, category_id: int | None, new_name: str) -> tuple[Category, int]:
    """Returns the node and how many entries the rename re-indexes."""
    category = category_or_error(session, category_id)
    old_path = category.path
    try:
        taxonomy.rename(session, category=category, new_name=new_name)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field="new_name") from None
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.rename",
        target=f"category {category.id}: {category.path}",
        details={"from": old_path, "to": category.path, "entries_touched": touched},
    )
    return category, touched


def move_category(
    session: Session, *, actor: User, category_id: int | None, new_parent_id: int | None
) -> tuple[Category, int]:
    category = category_or_error(session, category_id)
    new_parent = category_or_error(session, new_parent_id, field="new_parent_id") if new_parent_id else None
    if new_parent is not None and new_parent.deprecated:
        raise AdminError(f"{new_parent.path!r} is deprecated; choose an active parent.", field="new_parent_id")
    old_path = category.path
    try:
        taxonomy.move(session, category=category, new_parent=new_parent)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field="new_parent_id") from None
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.move",
        target=f"category {category.id}: {category.path}",
        details={"from": old_path, "to": category.path, "entries_touched": touched},
    )
    return category, touched


def set_category_deprecated(
    session: Session, *, actor: User, category_id: int | None, deprecated: bool
) -> tuple[Category, int]:
    category = category_or_error(session, category_id)
    if category.deprecated == deprecated:
        state = "already deprecated" if deprecated else "not deprecated"
        raise AdminError(f"{category.path!r} is {state}.", field="category_id")
    if not deprecated and category.parent_id is not None:
        parent = session.get_one(Category, category.parent_id)
        if parent.deprecated:
            raise AdminError(f"Restore {parent.path!r} first: its parent is deprecated.", field="category_id")
    taxonomy.deprecate(session, category=category, deprecated=deprecated)
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.deprecate" if deprecated else "category.restore",
        target=f"category {category.id}: {category.path}",
        details={"entries_touched": touched},
    )
    return category, touched


def entries_touched_by(session: Session, *, category_id: int) -> int:
    """How many entries a change to this node (and its branch) would re-index."""
    return taxonomy.count_entries_touched(session, category=category_or_error(session, category_id))
