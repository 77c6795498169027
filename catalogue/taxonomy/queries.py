"""Reading the taxonomy: the tree with entry counts per node (descendants included)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from catalogue.nominations.models import Nomination, NominationCategory
from catalogue.taxonomy.models import PATH_SEPARATOR, Category


@dataclass(kw_only=True)
class TreeNode:
    id: int
    name: str
    path: str
    slug: str
    depth: int
    deprecated: bool
    count: int = 0
    children: list["TreeNode"] = field(default_factory=list)


def category_tree(session: Session, *, published_only: bool) -> list[TreeNode]:
    """Every node, ordered by position, with how many distinct entries sit in it or below.

    Counting walks each entry's assigned paths up to the root once, so an entry filed under
    two leaves of one branch counts once for that branch.
    """
    categories = session.exec(select(Category).order_by(Category.depth, Category.position, Category.name)).all()
    nodes = {
        c.id: TreeNode(id=c.id, name=c.name, path=c.path, slug=c.slug, depth=c.depth, deprecated=c.deprecated)
        for c in categories
    }
    by_path = {c.path: nodes[c.id] for c in categories}
    links = select(NominationCategory.nomination_id, Category.path).join(
        Category, Category.id == NominationCategory.category_id
    )
    if published_only:
        links = links.join(Nomination, Nomination.id == NominationCategory.nomination_id).where(
            Nomination.published_at.is_not(None)
        )
    paths_per_entry: dict[int, set[str]] = {}
    for nomination_id, path in session.exec(links):
        names = path.split(PATH_SEPARATOR)
        paths_per_entry.setdefault(nomination_id, set()).update(
            PATH_SEPARATOR.join(names[: i + 1]) for i in range(len(names))
        )
    for paths in paths_per_entry.values():
        for path in paths:
            if path in by_path:
                by_path[path].count += 1
    roots: list[TreeNode] = []
    for c in categories:
        node = nodes[c.id]
        if c.parent_id is None:
            roots.append(node)
        else:
            nodes[c.parent_id].children.append(node)
    return roots


def active_paths(session: Session) -> list[str]:
    """Paths offered to entrants (deprecated nodes excluded), in tree order."""
    return list(
        session.exec(select(Category.path).where(Category.deprecated.is_(False)).order_by(Category.path))
    )


def category_paths_of(session: Session, *, nomination_id: int) -> list[str]:
    """An entry's category label paths, alphabetically."""
    return list(
        session.exec(
            select(Category.path)
            .join(NominationCategory, NominationCategory.category_id == Category.id)
            .where(NominationCategory.nomination_id == nomination_id)
            .order_by(Category.path)
        )
    )
