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
from catalogue.taxonomy.merging import merge
from catalogue.taxonomy.models import PATH_SEPARATOR, Category


def category_or_error(session: Session, category_id: int | None, *, field: str = "category_id") -> Category:
    return get_row(session, Category, category_id, what="category", field=field)


def category_at(session: Session, *, path: str, field: str) -> Category:
    """The node a typed label path names (any case), or an error beside `field`."""
    try:
        found = taxonomy.find_path(session, path=path)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field=field) from None
    if found is None:
        raise AdminError(f"No category {' '.join(path.split())!r} exists; choose one from the list.", field=field)
    return found


def add_category(
    session: Session, *, actor: User, path: str = "", parent_id: int | None = None, name: str = ""
) -> Category:
    """Add a path (missing levels too), or with `parent_id` one child called `name`."""
    field = "name" if parent_id is not None else "path"
    try:
        if parent_id is not None:
            parent = category_or_error(session, parent_id, field="parent_id")
            path = f"{parent.path}{PATH_SEPARATOR}{taxonomy.validate_name(name)}"
        normalised = taxonomy.normalise_path(path)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field=field) from None
    existing = taxonomy.find_path(session, path=normalised)
    if existing is not None:
        raise AdminError(f"The category {existing.path!r} already exists.", field=field)
    for ancestor in taxonomy.ancestor_paths(normalised)[:-1]:
        node = taxonomy.find_path(session, path=ancestor)
        if node is not None and node.deprecated:
            raise AdminError(f"{node.path!r} is deprecated; restore it before adding categories under it.", field=field)
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


def move_category(session: Session, *, actor: User, category_id: int | None, new_parent: str) -> tuple[Category, int]:
    """Move under the node at the typed path `new_parent` (empty: to the top level)."""
    category = category_or_error(session, category_id)
    parent = category_at(session, path=new_parent, field="new_parent") if new_parent.strip() else None
    if parent is not None and parent.deprecated:
        raise AdminError(f"{parent.path!r} is deprecated; choose an active parent.", field="new_parent")
    if (parent.id if parent else None) == category.parent_id:
        raise AdminError(f"{category.path!r} is already there; choose another parent.", field="new_parent")
    old_path = category.path
    try:
        taxonomy.move(session, category=category, new_parent=parent)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field="new_parent") from None
    touched = taxonomy.count_entries_touched(session, category=category)
    record_audit(
        session,
        actor=actor,
        action="category.move",
        target=f"category {category.id}: {category.path}",
        details={"from": old_path, "to": category.path, "entries_touched": touched},
    )
    return category, touched


def merge_category(session: Session, *, actor: User, category_id: int | None, into: str) -> tuple[Category, int]:
    """Merge the node `category_id` into the node at the typed path `into`; returns the survivor
    and how many entries are re-indexed."""
    merged = category_or_error(session, category_id)
    survivor = category_at(session, path=into, field="into")
    old_path = merged.path
    try:
        outcome = merge(session, merged=merged, survivor=survivor)
    except taxonomy.TaxonomyError as exc:
        raise AdminError(sentence(exc), field="into") from None
    record_audit(
        session,
        actor=actor,
        action="category.merge",
        target=f"category {survivor.id}: {survivor.path}",
        details={
            "merged": old_path,
            "into": outcome.survivor.path,
            "removed": outcome.removed,
            "entries_touched": outcome.entries_touched,
        },
    )
    return outcome.survivor, outcome.entries_touched


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
