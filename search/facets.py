"""Facet results from raw counts: the hierarchical category tree and flat value lists.

Pure functions, shared by both engines, so the two cannot disagree on presentation.
Semantics follow InstantSearch's `hierarchicalMenu`: every top-level value is listed;
children are listed only under the ancestors of a selected path and under the selected
node itself. The counts handed in must already be *disjunctive*: computed with the
category filter removed and every other filter applied, so siblings of a selected node
show how many entries choosing them (too) would add.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from catalogue.taxonomy.models import PATH_SEPARATOR
from search.query import CategoryNode, FacetValue


def _ancestors_and_self(path: str) -> list[str]:
    names = path.split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(names[: i + 1]) for i in range(len(names))]


def levels_needed(selected: Iterable[str]) -> int:
    """How many category levels the tree needs counts for (top level, down to selected's children)."""
    return max((path.count(PATH_SEPARATOR) + 2 for path in selected), default=1)


def _sort_key(node: CategoryNode) -> tuple[str, str]:
    return (node.name.casefold(), node.name)


def build_category_tree(
    *, level_counts: Mapping[int, Mapping[str, int]], selected: Sequence[str]
) -> list[CategoryNode]:
    """The facet tree: `level_counts[depth][path] = count`; children sorted by name.

    A selected path missing from the counts (no entry matches the other filters) still
    appears, with count 0, so it can be deselected.
    """
    selected_set = set(selected)
    expanded = {p for path in selected for p in _ancestors_and_self(path)}
    counts: dict[int, dict[str, int]] = {depth: dict(values) for depth, values in level_counts.items()}
    for path in expanded:
        counts.setdefault(path.count(PATH_SEPARATOR), {}).setdefault(path, 0)

    def node(path: str, count: int) -> CategoryNode:
        is_open = path in expanded
        return CategoryNode(
            name=path.rsplit(PATH_SEPARATOR, 1)[-1],
            path=path,
            count=count,
            selected=path in selected_set,
            expanded=is_open,
            children=children_of(path) if is_open else [],
        )

    def children_of(parent: str) -> list[CategoryNode]:
        depth = parent.count(PATH_SEPARATOR) + 1
        prefix = parent + PATH_SEPARATOR
        kids = [
            node(path, count)
            for path, count in counts.get(depth, {}).items()
            if path.startswith(prefix) and PATH_SEPARATOR not in path[len(prefix) :]
        ]
        return sorted(kids, key=_sort_key)

    return sorted((node(path, count) for path, count in counts.get(0, {}).items()), key=_sort_key)


def build_flat_facet(*, counts: Mapping[str, int], selected: Iterable[str | int]) -> list[FacetValue]:
    """Values by count (highest first), then value; selected values always listed."""
    chosen = [str(value) for value in selected]
    merged = {str(value): count for value, count in counts.items()}
    for value in chosen:
        merged.setdefault(value, 0)
    return [
        FacetValue(value=value, count=count, selected=value in chosen)
        for value, count in sorted(merged.items(), key=lambda item: (-item[1], item[0]))
    ]
