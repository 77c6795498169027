"""What the Meilisearch engine tells the server about our indexes, and how it reads hits back:
index settings, the fields a hit needs, sorts, and the size of a write task."""

from __future__ import annotations

from typing import Any

from search.documents import HIGHLIGHT_PRE
from search.engines.base import MAX_LEVELS
from search.highlight import markers_to_html
from search.query import FLAT_FACETS, Hit, Sort

FACET_SIZE = 10_000
LEVEL_FIELDS = [f"categories.lvl{level}" for level in range(MAX_LEVELS)]
SEARCHABLE = ["title", "organisation", "themes", "summary", "body"]
#: what a query with `search_organisation=False` searches (blind judging)
SEARCHABLE_WITHOUT_ORGANISATION = [a for a in SEARCHABLE if a != "organisation"]
SETTINGS = {
    "searchableAttributes": SEARCHABLE,
    "filterableAttributes": ["id", "award_id", *FLAT_FACETS, *LEVEL_FIELDS],
    "sortableAttributes": ["published_at", "title"],
    # "sort" first: an explicit sort order wins over relevance, as in the embedded engine
    "rankingRules": ["sort", "words", "typo", "proximity", "attribute", "exactness"],
    # proximity by attribute (words in the same field rank higher) rather than word distance:
    # word-pair distances were two thirds of indexing time (benchmarks/results/meili_writes.md);
    # the embedded engine does not rank by distance either
    "proximityPrecision": "byAttribute",
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "faceting": {"maxValuesPerFacet": FACET_SIZE, "sortFacetValuesBy": {"*": "count"}},
    "pagination": {"maxTotalHits": 10_000_000},
    "stopWords": [],
    "synonyms": {},
}
#: what a hit needs; highlighted and cropped fields come back in `_formatted` regardless, so
#: the full summary and body (most of each document) are not sent back a second time
RETRIEVED = [
    "id",
    "slug",
    "title",
    "organisation",
    "award",
    "cycle",
    "status",
    "organisation_type",
    "region",
    "category_paths",
    "published_at",
]
SORTS = {Sort.newest: ["published_at:desc"], Sort.title: ["title:asc"]}
#: documents (or ids) per task: payloads of a few MB, far below the server's 100 MB limit
PER_TASK = 2000


def hit_from_raw(raw: dict[str, Any]) -> Hit:
    """A search hit from Meilisearch's answer: highlighted title, and the summary as the
    snippet unless only the body matched."""
    formatted = raw.get("_formatted", raw)
    snippet = formatted.get("summary") or ""
    body = formatted.get("body")
    if HIGHLIGHT_PRE not in snippet and body and (HIGHLIGHT_PRE in body or not snippet):
        snippet = body
    return Hit(
        id=str(raw["id"]),
        slug=raw["slug"],
        title=raw["title"],
        organisation=raw["organisation"],
        award=raw["award"],
        cycle=raw["cycle"],
        status=raw["status"],
        organisation_type=raw["organisation_type"],
        region=raw["region"],
        category_paths=tuple(raw["category_paths"]),
        published_at=raw["published_at"],
        title_html=markers_to_html(formatted.get("title", raw["title"])),
        snippet_html=markers_to_html(snippet),
    )
