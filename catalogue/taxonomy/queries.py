"""Reading the taxonomy: the tree with entry counts per node (descendants included)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.nominations.models import Nomination, NominationCategory
from catalogue.taxonomy.models import Category


@dataclass(kw_only=True)
class TreeNode:
    id: int
    name: str
    path: str
    slug: str
    depth: int
    deprecated: bool
    count: int = 0
    children: list[TreeNode] = field(default_factory=list)


def category_tree(session: Session, *, published_only: bool, counts: Mapping[str, int] | None = None) -> list[TreeNode]:
    """Every node, ordered by position, with how many distinct entries sit in it or below.

    `counts` (entries per path, as the search engine's facets give them) is used when
    given; otherwise the database counts (`entry_counts`).
    """
    categories = session.exec(
        select(Category).order_by(col(Category.depth), col(Category.position), col(Category.name))
    ).all()
    if counts is None:
        counts = entry_counts(session, categories=categories, published_only=published_only)
    nodes = {
        row_id(c): TreeNode(
            id=row_id(c),
            name=c.name,
            path=c.path,
            slug=c.slug,
            depth=c.depth,
            deprecated=c.deprecated,
            count=counts.get(c.path, 0),
        )
        for c in categories
    }
    roots: list[TreeNode] = []
    for c in categories:
        node = nodes[row_id(c)]
        if c.parent_id is None:
            roots.append(node)
        else:
            nodes[c.parent_id].children.append(node)
    return roots


def entry_counts(session: Session, *, categories: Sequence[Category], published_only: bool) -> dict[str, int]:
    """Distinct entries per path, descendants included, counted in the database rows: each
    entry's categories are walked up to the root once, so an entry filed under two leaves of
    one branch counts once for that branch."""
    lineage: dict[int, tuple[int, ...]] = {}  # a category and its ancestors
    for c in categories:  # ordered by depth: a parent comes before its children
        ancestors = lineage.get(c.parent_id, ()) if c.parent_id is not None else ()
        lineage[row_id(c)] = (row_id(c), *ancestors)
    links = select(NominationCategory.nomination_id, NominationCategory.category_id)
    if published_only:
        links = links.join(Nomination, col(Nomination.id) == NominationCategory.nomination_id).where(
            col(Nomination.published_at).is_not(None)
        )
    by_id: Counter[int] = Counter()
    current: int | None = None
    seen: set[int] = set()
    for nomination_id, category_id in session.execute(links.order_by(col(NominationCategory.nomination_id))):
        if nomination_id != current:
            by_id.update(seen)
            current, seen = nomination_id, set()
        seen.update(lineage.get(category_id, ()))
    by_id.update(seen)
    paths = {c.id: c.path for c in categories}
    return {paths[category_id]: count for category_id, count in by_id.items()}


def active_paths(session: Session) -> list[str]:
    """Paths offered to entrants (deprecated nodes excluded), in tree order."""
    return list(
        session.exec(select(Category.path).where(col(Category.deprecated).is_(False)).order_by(col(Category.path)))
    )


def category_paths_of(session: Session, *, nomination_id: int) -> list[str]:
    """An entry's category label paths, alphabetically."""
    return list(
        session.exec(
            select(Category.path)
            .join(NominationCategory, col(NominationCategory.category_id) == Category.id)
            .where(NominationCategory.nomination_id == nomination_id)
            .order_by(Category.path)
        )
    )
