"""The results rolled up the taxonomy tree: per branch, its entries' mean weighted scores
summarised as a mean, a count and a spread (lowest to highest, and population standard deviation).

An entry counts once in every branch it is filed in or below, so a parent's figures cover
its sub-branches' entries (each once, even if filed in two of them). Entries without a
counted score are reported as unscored and left out of the arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import fmean, pstdev

from catalogue.admin.results import EntryResult
from catalogue.taxonomy.models import PATH_SEPARATOR
from catalogue.taxonomy.queries import TreeNode


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Mean, count and spread of some entries' mean weighted scores (None when none is scored)."""

    count: int
    unscored: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    #: population standard deviation (every entry of the branch is the population)
    sd: float | None


def summarise(values: Sequence[float | None]) -> Summary:
    """The arithmetic of the roll-up, rounded to 2 places; None values are unscored entries."""
    scored = [v for v in values if v is not None]
    if not scored:
        return Summary(count=0, unscored=len(values), mean=None, minimum=None, maximum=None, sd=None)
    return Summary(
        count=len(scored),
        unscored=len(values) - len(scored),
        mean=round(fmean(scored), 2),
        minimum=round(min(scored), 2),
        maximum=round(max(scored), 2),
        sd=round(pstdev(scored), 2),
    )


@dataclass(kw_only=True)
class Branch:
    path: str
    name: str
    summary: Summary
    children: list[Branch] = field(default_factory=list)


def _in(path: str, branch: str) -> bool:
    return path == branch or path.startswith(branch + PATH_SEPARATOR)


def roll_up(tree: Sequence[TreeNode], entries: Sequence[EntryResult]) -> list[Branch]:
    """The tree with a summary on every branch holding at least one entry; empty ones are left out."""
    branches: list[Branch] = []
    for node in tree:
        inside = [e for e in entries if any(_in(p, node.path) for p in e.category_paths)]
        if not inside:
            continue
        branches.append(
            Branch(
                path=node.path,
                name=node.name,
                summary=summarise([e.weighted_mean for e in inside]),
                children=roll_up(node.children, inside),
            )
        )
    return branches
