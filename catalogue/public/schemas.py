"""JSON shapes of the public API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from catalogue.public.domain import SearchPage
from catalogue.public.queries import CaseStudyView
from catalogue.taxonomy.queries import TreeNode
from search.query import CategoryNode, Hit


@dataclass(kw_only=True)
class CaseStudyOut:
    slug: str
    title: str
    organisation: str
    organisation_type: str
    region: str
    summary: str
    body_markdown: str
    body_html: str
    website: str
    links: list[str]
    social_handles: list[str]
    award: str
    programme: str
    cycle: int
    status: str
    categories: list[str]
    published_at: datetime

    @classmethod
    def from_view(cls, view: CaseStudyView, *, body_html: str) -> CaseStudyOut:
        n = view.nomination
        if n.published_at is None:
            raise ValueError(f"entry {n.slug!r} is not published")
        return cls(
            slug=n.slug,
            title=n.title,
            organisation=n.organisation,
            organisation_type=n.organisation_type,
            region=n.region,
            summary=n.summary,
            body_markdown=n.body,
            body_html=body_html,
            website=n.website,
            links=list(n.links),
            social_handles=list(n.social_handles),
            award=view.award.name,
            programme=view.programme.name,
            cycle=view.cycle.year,
            status=str(n.status),
            categories=view.category_paths,
            published_at=n.published_at,
        )


@dataclass(kw_only=True)
class CategoryOut:
    name: str
    path: str
    slug: str
    depth: int
    deprecated: bool
    count: int
    children: list[CategoryOut]

    @classmethod
    def from_node(cls, node: TreeNode) -> CategoryOut:
        return cls(
            name=node.name,
            path=node.path,
            slug=node.slug,
            depth=node.depth,
            deprecated=node.deprecated,
            count=node.count,
            children=[cls.from_node(child) for child in node.children],
        )


@dataclass(kw_only=True)
class HealthOut:
    status: str
    database: str
    search: str
    #: "ok", or "missing: <files>" when templates or static files are not installed
    install: str
    outbox_backlog: int | None = None


@dataclass(kw_only=True)
class HitOut:
    slug: str
    url: str
    title: str
    organisation: str
    organisation_type: str
    region: str
    award: str
    cycle: int
    status: str
    categories: list[str]
    published_at: datetime | None
    #: escaped HTML with <mark> around the matched words
    title_html: str
    snippet_html: str

    @classmethod
    def from_hit(cls, hit: Hit) -> HitOut:
        return cls(
            slug=hit.slug,
            url=f"/case-studies/{hit.slug}",
            title=hit.title,
            organisation=hit.organisation,
            organisation_type=hit.organisation_type,
            region=hit.region,
            award=hit.award,
            cycle=hit.cycle,
            status=hit.status,
            categories=list(hit.category_paths),
            published_at=(datetime.fromtimestamp(hit.published_at, tz=UTC) if hit.published_at is not None else None),
            title_html=hit.title_html,
            snippet_html=hit.snippet_html,
        )


@dataclass(kw_only=True)
class FacetValueOut:
    value: str
    count: int
    selected: bool


@dataclass(kw_only=True)
class CategoryNodeOut:
    name: str
    path: str
    count: int
    selected: bool
    expanded: bool
    children: list[CategoryNodeOut]

    @classmethod
    def from_node(cls, node: CategoryNode) -> CategoryNodeOut:
        return cls(
            name=node.name,
            path=node.path,
            count=node.count,
            selected=node.selected,
            expanded=node.expanded,
            children=[cls.from_node(child) for child in node.children],
        )


@dataclass(kw_only=True)
class SearchQueryOut:
    """The search as understood, after cleaning: the parameters to repeat it."""

    q: str
    category: list[str]
    award: list[str]
    cycle: list[int]
    status: list[str]
    organisation_type: list[str]
    region: list[str]
    sort: str
    page: int


@dataclass(kw_only=True)
class SearchResponseOut:
    query: SearchQueryOut
    #: what was ignored or adjusted in the request, in plain language
    messages: list[str]
    total: int
    page: int
    page_size: int
    page_count: int
    hits: list[HitOut]
    #: flat facets keyed by parameter name: award, cycle, status, organisation_type, region
    facets: dict[str, list[FacetValueOut]]
    category_tree: list[CategoryNodeOut]
    #: the same search as an HTML page
    html_url: str

    @classmethod
    def from_page(cls, page: SearchPage) -> SearchResponseOut:
        q, result = page.query, page.result
        return cls(
            query=SearchQueryOut(
                q=q.text,
                category=list(q.categories),
                award=list(q.awards),
                cycle=list(q.cycles),
                status=list(q.statuses),
                organisation_type=list(q.organisation_types),
                region=list(q.regions),
                sort=str(q.sort),
                page=q.page,
            ),
            messages=list(page.messages),
            total=result.total,
            page=result.page,
            page_size=result.page_size,
            page_count=result.page_count,
            hits=[HitOut.from_hit(hit) for hit in result.hits],
            facets={
                name: [FacetValueOut(value=v.value, count=v.count, selected=v.selected) for v in values]
                for name, values in result.facets.items()
            },
            category_tree=[CategoryNodeOut.from_node(node) for node in result.category_tree],
            html_url=page.links.current(),
        )


SEARCH_RESPONSE_EXAMPLE = {
    "query": {
        "q": "twiter",
        "category": ["Mental Health"],
        "award": [],
        "cycle": [],
        "status": ["winner"],
        "organisation_type": [],
        "region": [],
        "sort": "relevance",
        "page": 1,
    },
    "messages": [],
    "total": 1,
    "page": 1,
    "page_size": 20,
    "page_count": 1,
    "hits": [
        {
            "slug": "local-trust-is-a-top-tweeter",
            "url": "/case-studies/local-trust-is-a-top-tweeter",
            "title": "Local Trust is a top Tweeter",
            "organisation": "South West Yorkshire Partnership NHS Foundation Trust",
            "organisation_type": "NHS trust",
            "region": "Yorkshire and the Humber",
            "award": "Best use of social media by an NHS organisation",
            "cycle": 2015,
            "status": "winner",
            "categories": ["Mental Health > Digital technology"],
            "published_at": "2015-06-01T00:00:00Z",
            "title_html": "Local Trust is a top <mark>Tweeter</mark>",
            "snippet_html": "… ranked the top mental health Trust in a national NHS "
            "<mark>Twitter</mark> league table …",
        }
    ],
    "facets": {
        "status": [{"value": "winner", "count": 1, "selected": True}],
        "cycle": [{"value": "2015", "count": 1, "selected": False}],
    },
    "category_tree": [
        {
            "name": "Mental Health",
            "path": "Mental Health",
            "count": 1,
            "selected": True,
            "expanded": True,
            "children": [
                {
                    "name": "Digital technology",
                    "path": "Mental Health > Digital technology",
                    "count": 1,
                    "selected": False,
                    "expanded": False,
                    "children": [],
                }
            ],
        }
    ],
    "html_url": "/case-studies?q=twiter&category=Mental+Health&status=winner",
}
