"""The seed taxonomy, derived from the category list of the Shift.ms award entry.

The source (seed/taxonomy.txt, the entry's list verbatim) mixes three things:
label paths (`Acute > Family Care > Digital technology`), flat items (`Patient
Empowerment`), and two awards (`The 4 Candles Award`, `The TNT Award`) which are prizes,
not categories. It also spells one name two ways (`digital inclusion`, `Digital
inclusion`). Derivation:

- the named awards are taken out (they become awards of the seed programme);
- a name spelled differently in case is one name, spelled the way the source mostly
  spells it (ties: its first spelling), so `digital inclusion` becomes `Digital inclusion`;
- paths equal apart from case are one path, listed where it first appears;
- siblings keep the order in which the source first mentions them (a parent first named
  through one of its children sits where that child is listed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from catalogue.taxonomy.domain import parse_path
from catalogue.taxonomy.models import PATH_SEPARATOR


@dataclass(frozen=True, kw_only=True)
class SeedTaxonomy:
    #: every category path the source lists, in its order, duplicates merged
    paths: list[str]
    #: path -> position among its siblings (order of first mention), for every node
    positions: dict[str, int]
    #: the awards the list names, in its order
    awards: list[str]


def _most_used(spellings: list[str], counts: Counter[str]) -> str:
    """The spelling used most often; on a tie, the first one seen."""
    return max(spellings, key=lambda spelling: (counts[spelling], -spellings.index(spelling)))


def derive_taxonomy(items: Sequence[str], *, award_names: Sequence[str]) -> SeedTaxonomy:
    """See the module docstring. Raises ValueError if a named award is not in the list."""
    cleaned = [" ".join(item.split()) for item in items if item.strip()]
    award_keys = {name.casefold(): name for name in award_names}
    awards = [item for item in cleaned if item.casefold() in award_keys]
    missing = set(award_keys) - {a.casefold() for a in awards}
    if missing:
        raise ValueError(f"awards not in the source list: {sorted(award_keys[m] for m in missing)}")
    split = [parse_path(item) for item in cleaned if item.casefold() not in award_keys]

    spellings: dict[str, Counter[str]] = {}
    first_seen: dict[str, list[str]] = {}
    for names in split:
        for name in names:
            spellings.setdefault(name.casefold(), Counter())[name] += 1
            order = first_seen.setdefault(name.casefold(), [])
            if name not in order:
                order.append(name)
    canonical = {key: _most_used(order, spellings[key]) for key, order in first_seen.items()}

    paths: list[str] = []
    positions: dict[str, int] = {}
    siblings: Counter[str] = Counter()  # parent path ("" for the top level) -> children placed so far
    for names in split:
        path = PATH_SEPARATOR.join(canonical[name.casefold()] for name in names)
        if path not in paths:
            paths.append(path)
        levels = path.split(PATH_SEPARATOR)
        for depth in range(len(levels)):
            node = PATH_SEPARATOR.join(levels[: depth + 1])
            if node not in positions:
                parent = PATH_SEPARATOR.join(levels[:depth])
                positions[node] = siblings[parent]
                siblings[parent] += 1
    return SeedTaxonomy(paths=paths, positions=positions, awards=awards)
