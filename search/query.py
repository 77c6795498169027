"""One engine-neutral query and result model, shared by both engines and every caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from search.errors import SearchError as SearchError  # re-exported for callers
from search.errors import SearchUnavailable as SearchUnavailable

PUBLIC_INDEX = "case_studies"
PRIVATE_INDEX = "nominations"
INDEXES = (PUBLIC_INDEX, PRIVATE_INDEX)

MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500
#: Flat (non-hierarchical) facets, in display order; each is a document field.
FLAT_FACETS = ("award", "cycle", "status", "organisation_type", "region")


class Sort(StrEnum):
    relevance = "relevance"
    newest = "newest"
    title = "title"  # type: ignore[assignment]  # an enum member, not str.title


@dataclass(frozen=True, kw_only=True)
class Scope:
    """One judge assignment: a taxonomy branch (label path), an award, or both.

    The award is matched by `award_id` (its identity: cycles may reuse an award's name)
    when given; `award` (the name) only when no id is given.
    """

    category_path: str | None = None
    award: str | None = None
    award_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class SearchQuery:
    text: str = ""
    #: selected category label paths; an entry matches if it is in any of them (or below)
    categories: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    cycles: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    organisation_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sort: Sort = Sort.relevance
    page: int = 1
    page_size: int = 20
    #: flat facets to count (subset of FLAT_FACETS)
    facets: tuple[str, ...] = FLAT_FACETS
    #: False: no category facet tree (with no `facets` either, no counting beyond the total)
    category_tree: bool = True
    #: None: unrestricted. Otherwise an entry must fall within at least one scope.
    scopes: tuple[Scope, ...] | None = None
    #: False: words never match the organisation (blind judging); title, themes, summary
    #: and body are still searched.
    search_organisation: bool = True

    def filters_by_facet(self) -> dict[str, tuple[str | int, ...]]:
        """Selected values keyed by document field (what disjunctive counting removes)."""
        return {
            "award": self.awards,
            "cycle": self.cycles,
            "status": self.statuses,
            "organisation_type": self.organisation_types,
            "region": self.regions,
        }


@dataclass(frozen=True, kw_only=True)
class Hit:
    id: str
    slug: str
    title: str
    organisation: str
    award: str
    cycle: int
    status: str
    organisation_type: str
    region: str
    category_paths: tuple[str, ...]
    published_at: int | None
    #: HTML-safe: escaped text with <mark> around matched words
    title_html: str
    snippet_html: str


@dataclass(frozen=True, kw_only=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass(kw_only=True)
class CategoryNode:
    """A node of the category facet tree: `path` is the full label path."""

    name: str
    path: str
    count: int
    selected: bool = False
    #: children are listed only on the selected path's ancestors (and the selected nodes)
    expanded: bool = False
    children: list[CategoryNode] = field(default_factory=list)


@dataclass(kw_only=True)
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]]
    category_tree: list[CategoryNode]

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))
