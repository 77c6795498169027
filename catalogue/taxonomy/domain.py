"""Taxonomy rules: label paths, creation on demand, rename, move, deprecate.

Sibling names are unique case-insensitively (`digital inclusion` and `Digital inclusion`
under one parent are one category): a path typed in another case finds the existing node.
Siblings keep an order (`position`): a new or moved node goes last among its siblings.
"""

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
        raise TaxonomyError(f"a category name can't contain '>' (it separates levels): {cleaned!r}")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise TaxonomyError(f"category name must be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def parse_path(path: str) -> list[str]:
    """Split a label path `A > B > C` into trimmed names, rejecting empty parts."""
    if not isinstance(path, str) or not path.strip():
        raise TaxonomyError("category path must not be empty")
    parts = [" ".join(part.split()) for part in path.split(">")]
    if any(not part for part in parts):
        raise TaxonomyError(
            f"a category name can't contain '>' (it separates levels), and every level needs a name: {path.strip()!r}"
        )
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


def children_of(session: Session, *, parent_id: int | None) -> list[Category]:
    """A node's children (None: the top level), in their order."""
    where = Category.parent_id == parent_id if parent_id is not None else col(Category.parent_id).is_(None)
    return list(session.exec(select(Category).where(where).order_by(col(Category.position), col(Category.id))))


def sibling_named(
    session: Session, *, parent_id: int | None, name: str, other_than: int | None = None
) -> Category | None:
    """The child of `parent_id` with this name, compared case-insensitively."""
    wanted = name.casefold()
    return next(
        (
            node
            for node in children_of(session, parent_id=parent_id)
            if node.name.casefold() == wanted and node.id != other_than
        ),
        None,
    )


def next_position(session: Session, *, parent_id: int | None) -> int:
    where = Category.parent_id == parent_id if parent_id is not None else col(Category.parent_id).is_(None)
    highest = session.exec(select(func.max(Category.position)).where(where)).one()
    return 0 if highest is None else highest + 1


def find_path(session: Session, *, path: str) -> Category | None:
    """The node a label path names, each level matched case-insensitively; None if any is missing."""
    node: Category | None = None
    for name in parse_path(path):
        node = sibling_named(session, parent_id=node.id if node else None, name=name)
        if node is None:
            return None
    return node


def ensure_path(session: Session, *, path: str) -> Category:
    """Return the node for a label path, creating missing ancestors. Idempotent; an existing
    level typed in another case is reused with its stored spelling."""
    parent: Category | None = None
    for level, name in enumerate(parse_path(path)):
        parent_id = parent.id if parent else None
        node = sibling_named(session, parent_id=parent_id, name=name)
        if node is None:
            node = Category(
                parent_id=parent_id,
                name=name,
                slug=slugify(name),
                path=f"{parent.path}{PATH_SEPARATOR}{name}" if parent else name,
                depth=level,
                position=next_position(session, parent_id=parent_id),
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


def reindex_entries_below(session: Session, *, nodes: list[Category]) -> None:
    ids = [node.id for node in nodes]
    nomination_ids = session.exec(
        select(NominationCategory.nomination_id).where(col(NominationCategory.category_id).in_(ids))
    ).all()
    record_nomination_changes(session, nomination_ids=nomination_ids)


def repath(
    session: Session, *, category: Category, parent_id: int | None, new_path: str, new_depth: int, reindex: bool = True
) -> list[Category]:
    """Move a node's path (and every descendant's) to `new_path` under `parent_id`; returns the touched nodes."""
    name = new_path.rsplit(PATH_SEPARATOR, 1)[-1]
    clash = sibling_named(session, parent_id=parent_id, name=name, other_than=category.id)
    if clash is not None:
        raise TaxonomyError(f"a category {clash.path!r} already exists")
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
    if reindex:
        reindex_entries_below(session, nodes=nodes)
    return nodes


def rename(session: Session, *, category: Category, new_name: str) -> Category:
    """Rename a node; the paths of all descendants follow and their entries are re-indexed."""
    name = validate_name(new_name)
    parent_path = category.path.rsplit(PATH_SEPARATOR, 1)[0] if category.parent_id else ""
    new_path = f"{parent_path}{PATH_SEPARATOR}{name}" if parent_path else name
    repath(session, category=category, parent_id=category.parent_id, new_path=new_path, new_depth=category.depth)
    category.name = name
    category.slug = slugify(name)
    session.add(category)
    session.flush()
    return category


def move(session: Session, *, category: Category, new_parent: Category | None, reindex: bool = True) -> Category:
    """Move a node under another parent (None: to the top level), with its whole branch; it
    goes last among its new siblings."""
    if new_parent is not None and (
        new_parent.id == category.id or new_parent.path.startswith(category.path + PATH_SEPARATOR)
    ):
        raise TaxonomyError("a category cannot be moved under itself or its own descendants")
    new_path = f"{new_parent.path}{PATH_SEPARATOR}{category.name}" if new_parent else category.name
    new_depth = new_parent.depth + 1 if new_parent else 0
    new_parent_id = new_parent.id if new_parent else None
    repath(session, category=category, parent_id=new_parent_id, new_path=new_path, new_depth=new_depth, reindex=reindex)
    if new_parent_id != category.parent_id:
        category.position = next_position(session, parent_id=new_parent_id)
    category.parent_id = new_parent_id
    session.add(category)
    session.flush()
    return category


def deprecate(session: Session, *, category: Category, deprecated: bool = True) -> Category:
    """Hide a node from pickers for new entries; existing entries keep it. Nodes are never deleted."""
    category.deprecated = deprecated
    session.add(category)
    session.flush()
    return category
