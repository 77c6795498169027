"""Reading the taxonomy: the tree with entry counts per node (descendants included)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.nominations.models import Nomination, NominationCategory
from catalogue.taxonomy.models import Category
from search.query import CategoryNode


@dataclass(kw_only=True)
class TreeNode:
    id: int
    name: str
    path: str
    slug: str
    depth: int
    deprecated: bool
    #: distinct entries in this node or below it
    count: int = 0
    #: entries filed under this node itself (filled when asked for: `category_tree(own=True)`)
    own: int = 0
    children: list[TreeNode] = field(default_factory=list)


def _in_tree_order(session: Session) -> list[Category]:
    """Parents before children; siblings by position (their order in the seed source, or as added)."""
    return list(
        session.exec(select(Category).order_by(col(Category.depth), col(Category.position), col(Category.id))).all()
    )


def category_tree(
    session: Session, *, published_only: bool, counts: Mapping[str, int] | None = None, own: bool = False
) -> list[TreeNode]:
    """Every node, siblings in their order, with how many distinct entries sit in it or below.

    `counts` (entries per path, as the search engine's facets give them) is used when
    given; otherwise the database counts (`entry_counts`). `own` also counts the entries
    filed under each node itself.
    """
    categories = _in_tree_order(session)
    if counts is None:
        counts = entry_counts(session, categories=categories, published_only=published_only)
    own_counts = _own_counts(session, published_only=published_only) if own else {}
    nodes = {
        row_id(c): TreeNode(
            id=row_id(c),
            name=c.name,
            path=c.path,
            slug=c.slug,
            depth=c.depth,
            deprecated=c.deprecated,
            count=counts.get(c.path, 0),
            own=own_counts.get(row_id(c), 0),
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


def _own_counts(session: Session, *, published_only: bool) -> dict[int, int]:
    """Distinct entries filed directly under each node, by category id."""
    query = select(NominationCategory.category_id, func.count(func.distinct(NominationCategory.nomination_id)))
    if published_only:
        query = query.join(Nomination, col(Nomination.id) == NominationCategory.nomination_id).where(
            col(Nomination.published_at).is_not(None)
        )
    return {row[0]: row[1] for row in session.execute(query.group_by(col(NominationCategory.category_id)))}


def tree_order(session: Session) -> dict[str, int]:
    """Each path's rank in depth-first tree order (a parent, then its children in their order)."""
    children: dict[int | None, list[Category]] = {}
    for c in _in_tree_order(session):
        children.setdefault(c.parent_id, []).append(c)
    ranks: dict[str, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        ranks[node.path] = len(ranks)
        stack.extend(reversed(children.get(node.id, [])))
    return ranks


def in_taxonomy_order(nodes: Sequence[CategoryNode], *, ranks: Mapping[str, int]) -> list[CategoryNode]:
    """A facet tree (which the engines sort by name) with siblings in the taxonomy's order;
    `ranks` from `tree_order`. A path the taxonomy no longer has goes last."""
    return sorted(
        (replace(node, children=in_taxonomy_order(node.children, ranks=ranks)) for node in nodes),
        key=lambda node: (ranks.get(node.path, len(ranks)), node.name.casefold()),
    )


def active_paths(session: Session) -> list[str]:
    """Paths offered to entrants (deprecated nodes excluded), in tree order."""
    ranks = tree_order(session)
    active = session.exec(select(Category.path).where(col(Category.deprecated).is_(False))).all()
    return sorted(active, key=lambda path: ranks[path])


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
