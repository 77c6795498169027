"""Taxonomy rules: label paths, creation on demand, rename, move, deprecate."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.nominations.models import NominationCategory
from catalogue.outbox.domain import record_nomination_changes
from catalogue.taxonomy.models import PATH_SEPARATOR, Category
from catalogue.text import slugify

MAX_NAME_LENGTH = 120
MAX_DEPTH = 8


class TaxonomyError(ValueError):
    """A taxonomy rule was broken; the message says which and why."""


def validate_name(name: str) -> str:
    """Trim and check one category name."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise TaxonomyError("category name must not be empty")
    if ">" in cleaned:
        raise TaxonomyError(f"category name {cleaned!r} must not contain '>'")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise TaxonomyError(f"category name must be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def parse_path(path: str) -> list[str]:
    """Split a label path `A > B > C` into trimmed names, rejecting empty parts."""
    if not isinstance(path, str) or not path.strip():
        raise TaxonomyError("category path must not be empty")
    parts = [" ".join(part.split()) for part in path.split(">")]
    if any(not part for part in parts):
        raise TaxonomyError(f"category path {path!r} has an empty level")
    if len(parts) > MAX_DEPTH:
        raise TaxonomyError(f"category path {path!r} is deeper than {MAX_DEPTH} levels")
    return [validate_name(part) for part in parts]


def normalise_path(path: str) -> str:
    """The canonical spelling of a label path (trimmed names joined by ' > ')."""
    return PATH_SEPARATOR.join(parse_path(path))


def ancestor_paths(path: str) -> list[str]:
    """`A > B > C` -> [`A`, `A > B`, `A > B > C`]."""
    names = parse_path(path)
    return [PATH_SEPARATOR.join(names[: i + 1]) for i in range(len(names))]


def get_by_path(session: Session, *, path: str) -> Category | None:
    return session.exec(select(Category).where(Category.path == normalise_path(path))).first()


def ensure_path(session: Session, *, path: str) -> Category:
    """Return the node for a label path, creating missing ancestors. Idempotent."""
    parent: Category | None = None
    for level, full_path in enumerate(ancestor_paths(path)):
        node = session.exec(select(Category).where(Category.path == full_path)).first()
        if node is None:
            name = full_path.rsplit(PATH_SEPARATOR, 1)[-1]
            parent_filter = Category.parent_id == parent.id if parent else col(Category.parent_id).is_(None)
            siblings = session.exec(select(func.count()).select_from(Category).where(parent_filter)).one()
            node = Category(
                parent_id=parent.id if parent else None,
                name=name,
                slug=slugify(name),
                path=full_path,
                depth=level,
                position=siblings,
            )
            session.add(node)
            session.flush()
        parent = node
    assert parent is not None  # noqa: S101 - parse_path rejects an empty path
    return parent


def descendants(session: Session, *, category: Category, include_self: bool = True) -> list[Category]:
    prefix = category.path + PATH_SEPARATOR
    rows = list(session.exec(select(Category).where(col(Category.path).startswith(prefix, autoescape=True))))
    return ([category] if include_self else []) + rows


def count_entries_touched(session: Session, *, category: Category) -> int:
    """How many nominations sit in this node or below it (what a rename or move re-indexes)."""
    ids = [node.id for node in descendants(session, category=category)]
    return session.exec(
        select(func.count(func.distinct(NominationCategory.nomination_id))).where(
            col(NominationCategory.category_id).in_(ids)
        )
    ).one()


def _reindex_entries_below(session: Session, *, nodes: list[Category]) -> None:
    ids = [node.id for node in nodes]
    nomination_ids = session.exec(
        select(NominationCategory.nomination_id).where(col(NominationCategory.category_id).in_(ids))
    ).all()
    record_nomination_changes(session, nomination_ids=nomination_ids)


def _repath(session: Session, *, category: Category, new_path: str, new_depth: int) -> list[Category]:
    """Move a node's path (and every descendant's) to `new_path`; returns the touched nodes."""
    if new_path != category.path and get_by_path(session, path=new_path) is not None:
        raise TaxonomyError(f"a category {new_path!r} already exists")
    nodes = descendants(session, category=category)
    old_prefix = category.path
    depth_shift = new_depth - category.depth
    for node in nodes:
        node.path = new_path + node.path[len(old_prefix) :]
        node.depth += depth_shift
        if node.depth >= MAX_DEPTH:
            raise TaxonomyError(f"moving here would make {node.path!r} deeper than {MAX_DEPTH} levels")
        session.add(node)
    session.flush()
    _reindex_entries_below(session, nodes=nodes)
    return nodes


def rename(session: Session, *, category: Category, new_name: str) -> Category:
    """Rename a node; the paths of all descendants follow and their entries are re-indexed."""
    name = validate_name(new_name)
    parent_path = category.path.rsplit(PATH_SEPARATOR, 1)[0] if category.parent_id else ""
    new_path = f"{parent_path}{PATH_SEPARATOR}{name}" if parent_path else name
    _repath(session, category=category, new_path=new_path, new_depth=category.depth)
    category.name = name
    category.slug = slugify(name)
    session.add(category)
    session.flush()
    return category


def move(session: Session, *, category: Category, new_parent: Category | None) -> Category:
    """Move a node under another parent (None: to the top level), with its whole branch."""
    if new_parent is not None and (
        new_parent.id == category.id or new_parent.path.startswith(category.path + PATH_SEPARATOR)
    ):
        raise TaxonomyError("a category cannot be moved under itself or its own descendants")
    new_path = f"{new_parent.path}{PATH_SEPARATOR}{category.name}" if new_parent else category.name
    new_depth = new_parent.depth + 1 if new_parent else 0
    _repath(session, category=category, new_path=new_path, new_depth=new_depth)
    category.parent_id = new_parent.id if new_parent else None
    session.add(category)
    session.flush()
    return category


def deprecate(session: Session, *, category: Category, deprecated: bool = True) -> Category:
    """Hide a node from pickers for new entries; existing entries keep it. Nodes are never deleted."""
    category.deprecated = deprecated
    session.add(category)
    session.flush()
    return category
