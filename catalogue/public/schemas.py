"""JSON shapes of the public API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from catalogue.public.queries import CaseStudyView
from catalogue.taxonomy.queries import TreeNode


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
    def from_view(cls, view: CaseStudyView, *, body_html: str) -> "CaseStudyOut":
        n = view.nomination
        return cls(
            slug=n.slug, title=n.title, organisation=n.organisation,
            organisation_type=n.organisation_type, region=n.region, summary=n.summary,
            body_markdown=n.body, body_html=body_html, website=n.website, links=list(n.links),
            social_handles=list(n.social_handles), award=view.award.name,
            programme=view.programme.name, cycle=view.cycle.year, status=str(n.status),
            categories=view.category_paths, published_at=n.published_at,
        )


@dataclass(kw_only=True)
class CategoryOut:
    name: str
    path: str
    slug: str
    depth: int
    deprecated: bool
    count: int
    children: list["CategoryOut"]

    @classmethod
    def from_node(cls, node: TreeNode) -> "CategoryOut":
        return cls(
            name=node.name, path=node.path, slug=node.slug, depth=node.depth,
            deprecated=node.deprecated, count=node.count,
            children=[cls.from_node(child) for child in node.children],
        )


@dataclass(kw_only=True)
class HealthOut:
    status: str
    database: str
    search: str
    outbox_backlog: int | None = None
