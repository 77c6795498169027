"""The public case-study search: query-string rules and search-page links, in one place.

`parse_search_params` turns whatever arrived in the query string into a valid `SearchQuery`
plus plain-language messages about anything it had to ignore or clamp; it never raises.
`SearchLinks` builds every URL the search page offers (facet toggles, category drill-down,
pages, clearing), so the page state lives entirely in the URL.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from markupsafe import Markup
from sqlmodel import Session

from catalogue.nominations.models import OUTCOME_STATUSES
from catalogue.public.queries import CaseStudyView, existing_category_paths, published_case_study
from catalogue.rendering import render_markdown
from catalogue.taxonomy.domain import TaxonomyError, normalise_path
from catalogue.taxonomy.models import PATH_SEPARATOR
from catalogue.taxonomy.queries import TreeNode, category_tree, in_taxonomy_order, tree_order
from catalogue.templating import STATUS_LABELS
from search.errors import SearchError, SearchUnavailable
from search.query import (
    MAX_QUERY_LENGTH,
    PUBLIC_INDEX,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResult,
    Sort,
)

logger = logging.getLogger("catalogue.public")

SEARCH_PATH = "/case-studies"
PAGE_SIZE = 20
#: Deep pages are not served (Meilisearch's default maxTotalHits is 1,000): refine instead.
MAX_PAGE = 50
MAX_VALUES_PER_FILTER = 20
MAX_VALUE_LENGTH = 200
MIN_CYCLE, MAX_CYCLE = 1900, 2200
OUTCOMES = tuple(str(status) for status in OUTCOME_STATUSES)
SORT_LABELS = {Sort.relevance: "Relevance", Sort.newest: "Newest first", Sort.title: "Title (A to Z)"}
#: query-string name -> SearchQuery field, for the flat facets (the category tree is separate)
FACET_PARAMS = {
    "award": "awards",
    "cycle": "cycles",
    "status": "statuses",
    "organisation_type": "organisation_types",
    "region": "regions",
}
SEARCH_TEMPLATE_CONSTANTS = {"SORT_LABELS": SORT_LABELS, "OUTCOMES": OUTCOMES, "MAX_PAGE": MAX_PAGE}
FACET_TITLES = {
    "award": "Award",
    "cycle": "Year",
    "status": "Outcome",
    "organisation_type": "Organisation type",
    "region": "Region",
}


@dataclass(frozen=True, kw_only=True)
class SearchParams:
    """The query string as received: every value a string, nothing checked yet."""

    q: str | None = None
    category: tuple[str, ...] = ()
    award: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    organisation_type: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    sort: str | None = None
    page: str | None = None


@dataclass(frozen=True, kw_only=True)
class ParsedSearch:
    query: SearchQuery
    #: what the visitor typed, shown back in the search box even when it was shortened
    typed_text: str
    messages: tuple[str, ...] = ()


def clean_text(value: str) -> str:
    """Drop control characters (NUL and friends) and surrounding whitespace."""
    return "".join(ch for ch in value if ch in "\t\n" or unicodedata.category(ch) != "Cc").strip()


def _single_line(value: str) -> str:
    return " ".join(clean_text(value).split())


_V = TypeVar("_V", str, int)


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted back in a message, shortened so a huge one cannot flood the page."""
    value = _single_line(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _distinct(values: Iterable[_V]) -> list[_V]:
    seen: dict[_V, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def _limited(values: list[_V], *, what: str, messages: list[str]) -> list[_V]:
    if len(values) > MAX_VALUES_PER_FILTER:
        messages.append(f"Only the first {MAX_VALUES_PER_FILTER} {what} filters were used.")
        return values[:MAX_VALUES_PER_FILTER]
    return values


def _parse_text(raw: str | None, messages: list[str]) -> tuple[str, str]:
    typed = clean_text(raw or "")
    text = _single_line(typed)
    if len(text) > MAX_QUERY_LENGTH:
        messages.append(f"Your search was {len(text):,} characters long; only the first {MAX_QUERY_LENGTH} were used.")
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return typed, text


def _parse_categories(raw: tuple[str, ...], messages: list[str]) -> tuple[str, ...]:
    paths = []
    for value in raw:
        if not clean_text(value):
            continue
        try:
            paths.append(normalise_path(clean_text(value)))
        except TaxonomyError:
            messages.append(f"“{_shown(value)}” is not a category path, so it was ignored.")
    return tuple(_limited(_distinct(paths), what="category", messages=messages))


def _parse_strings(raw: tuple[str, ...], *, what: str, messages: list[str]) -> tuple[str, ...]:
    values = []
    for value in raw:
        value = _single_line(value)
        if not value:
            continue
        if len(value) > MAX_VALUE_LENGTH:
            messages.append(f"The {what} “{_shown(value)}” is too long, so it was ignored.")
            continue
        values.append(value)
    return tuple(_limited(_distinct(values), what=what, messages=messages))


def _parse_cycles(raw: tuple[str, ...], messages: list[str]) -> tuple[int, ...]:
    years = []
    for value in raw:
        value = _single_line(value)
        if not value:
            continue
        if value.isascii() and value.isdigit() and MIN_CYCLE <= int(value) <= MAX_CYCLE:
            years.append(int(value))
        else:
            messages.append(f"“{_shown(value)}” is not a year, so it was ignored.")
    return tuple(_limited(_distinct(years), what="year", messages=messages))


def _parse_statuses(raw: tuple[str, ...], messages: list[str]) -> tuple[str, ...]:
    statuses = []
    for value in raw:
        value = _single_line(value)
        if not value:
            continue
        key = value.lower().replace(" ", "_").replace("-", "_")
        if key in OUTCOMES:
            statuses.append(key)
        else:
            choices = ", ".join(STATUS_LABELS[o].lower() for o in OUTCOMES)
            messages.append(f"“{_shown(value)}” is not an outcome ({choices}), so it was ignored.")
    return tuple(_distinct(statuses))


def _parse_sort(raw: str | None, messages: list[str]) -> Sort:
    value = _single_line(raw or "").lower()
    if not value:
        return Sort.relevance
    try:
        return Sort(value)
    except ValueError:
        messages.append(f"“{_shown(value)}” is not a way to sort, so results are sorted by relevance.")
        return Sort.relevance


def _parse_page(raw: str | None, messages: list[str]) -> int:
    value = _single_line(raw or "")
    if not value:
        return 1
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 12:
        messages.append(f"“{_shown(value)}” is not a page number, so the first page is shown.")
        return 1
    page = sign * int(digits)
    if page < 1:
        messages.append("Page numbers start at 1, so the first page is shown.")
        return 1
    if page > MAX_PAGE:
        messages.append(
            f"Only the first {MAX_PAGE} pages of results can be shown; add words or filters to narrow the search."
        )
        return MAX_PAGE
    return page


def parse_search_params(*, params: SearchParams) -> ParsedSearch:
    """The one place query-string input becomes a SearchQuery. Never raises."""
    messages: list[str] = []
    typed, text = _parse_text(params.q, messages)
    query = SearchQuery(
        text=text,
        categories=_parse_categories(params.category, messages),
        awards=_parse_strings(params.award, what="award", messages=messages),
        cycles=_parse_cycles(params.cycle, messages),
        statuses=_parse_statuses(params.status, messages),
        organisation_types=_parse_strings(params.organisation_type, what="organisation type", messages=messages),
        regions=_parse_strings(params.region, what="region", messages=messages),
        sort=_parse_sort(params.sort, messages),
        page=_parse_page(params.page, messages),
        page_size=PAGE_SIZE,
    )
    return ParsedSearch(query=query, typed_text=typed, messages=tuple(messages))


def query_params(query: SearchQuery) -> list[tuple[str, str]]:
    """The canonical query string of a search (defaults left out), in a stable order."""
    pairs: list[tuple[str, str]] = []
    if query.text:
        pairs.append(("q", query.text))
    pairs.extend(("category", path) for path in query.categories)
    for param, attribute in FACET_PARAMS.items():
        pairs.extend((param, str(value)) for value in getattr(query, attribute))
    if query.sort != Sort.relevance:
        pairs.append(("sort", str(query.sort)))
    if query.page != 1:
        pairs.append(("page", str(query.page)))
    return pairs


def search_url(query: SearchQuery) -> str:
    pairs = query_params(query)
    return SEARCH_PATH + ("?" + urlencode(pairs, quote_via=quote) if pairs else "")


def parent_path(path: str) -> str | None:
    names = path.split(PATH_SEPARATOR)
    return PATH_SEPARATOR.join(names[:-1]) if len(names) > 1 else None


def _related(a: str, b: str) -> bool:
    """True when one path is the other or one of its ancestors."""
    return a == b or a.startswith(b + PATH_SEPARATOR) or b.startswith(a + PATH_SEPARATOR)


def choose_category(selected: tuple[str, ...], path: str) -> tuple[str, ...]:
    """Clicking a node of the tree: an unselected node is added (replacing any selected
    ancestor or descendant of it); a selected node steps back up to its parent."""
    if path in selected:
        parent = parent_path(path)
        rest = tuple(p for p in selected if p != path)
        return (*rest, parent) if parent and parent not in rest else rest
    return (*(p for p in selected if not _related(p, path)), path)


@dataclass(frozen=True, kw_only=True)
class Crumb:
    name: str
    path: str
    href: str


@dataclass(frozen=True, kw_only=True)
class SearchLinks:
    """Every link the search page offers, built from the current query."""

    query: SearchQuery

    def _url(self, **changes: Any) -> str:
        changes.setdefault("page", 1)
        return search_url(replace(self.query, **changes))

    def current(self) -> str:
        return search_url(self.query)

    def page(self, number: int) -> str:
        return self._url(page=number)

    def sort(self, sort: str) -> str:
        return self._url(sort=Sort(sort))

    def choose_category(self, path: str) -> str:
        return self._url(categories=choose_category(self.query.categories, path))

    def remove_category(self, path: str) -> str:
        return self._url(categories=tuple(p for p in self.query.categories if p != path))

    def breadcrumb(self, path: str) -> list[Crumb]:
        """The selected path's levels, each a link that narrows the selection to that level."""
        names = path.split(PATH_SEPARATOR)
        crumbs = []
        for depth, name in enumerate(names):
            level = PATH_SEPARATOR.join(names[: depth + 1])
            others = tuple(p for p in self.query.categories if p != path)
            crumbs.append(Crumb(name=name, path=level, href=self._url(categories=(*others, level))))
        return crumbs

    def toggle(self, param: str, value: str | int) -> str:
        attribute = FACET_PARAMS[param]
        current = getattr(self.query, attribute)
        value = int(value) if param == "cycle" else str(value)
        chosen = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self._url(**{attribute: chosen})

    def without_text(self) -> str:
        return self._url(text="")

    def only_text(self) -> str:
        return search_url(SearchQuery(text=self.query.text, page_size=self.query.page_size))

    def clear_all(self) -> str:
        return self._url(
            text=self.query.text, categories=(), awards=(), cycles=(), statuses=(), organisation_types=(), regions=()
        )

    @property
    def has_filters(self) -> bool:
        q = self.query
        return bool(q.categories or q.awards or q.cycles or q.statuses or q.organisation_types or q.regions)


@dataclass(frozen=True, kw_only=True)
class ActiveFilter:
    """A selected flat-facet value with the link that removes it."""

    param: str
    title: str
    label: str
    remove_href: str


def active_filters(links: SearchLinks) -> list[ActiveFilter]:
    filters = []
    for param, attribute in FACET_PARAMS.items():
        for value in getattr(links.query, attribute):
            label = STATUS_LABELS.get(str(value), str(value)) if param == "status" else str(value)
            filters.append(
                ActiveFilter(
                    param=param, title=FACET_TITLES[param], label=label, remove_href=links.toggle(param, value)
                )
            )
    return filters


@dataclass(frozen=True, kw_only=True)
class FacetGroup:
    """One flat facet as shown: its values with counts and toggle links."""

    param: str
    title: str
    values: list[tuple[FacetValue, str, str]]  # (value, label, toggle href)


@dataclass(kw_only=True)
class SearchPage:
    query: SearchQuery
    typed_text: str
    messages: list[str]
    result: SearchResult
    links: SearchLinks
    #: the engine could not answer: the page says so (503) and keeps what was typed
    unavailable: bool = False

    @property
    def active_filters(self) -> list[ActiveFilter]:
        return active_filters(self.links)

    @property
    def facet_groups(self) -> list[FacetGroup]:
        groups = []
        for param in FACET_PARAMS:
            values = []
            for facet_value in self.result.facets.get(param, []):
                if param == "status" and facet_value.value not in OUTCOMES:
                    continue
                label = (
                    STATUS_LABELS.get(facet_value.value, facet_value.value) if param == "status" else facet_value.value
                )
                values.append((facet_value, label, self.links.toggle(param, facet_value.value)))
            if values:
                groups.append(FacetGroup(param=param, title=FACET_TITLES[param], values=values))
        return groups

    @property
    def first_hit_number(self) -> int:
        return (self.result.page - 1) * self.result.page_size + 1

    @property
    def last_hit_number(self) -> int:
        return self.first_hit_number + len(self.result.hits) - 1


def empty_result(query: SearchQuery) -> SearchResult:
    return SearchResult(hits=[], total=0, page=1, page_size=query.page_size, facets={}, category_tree=[])


def _search(search: Any, query: SearchQuery) -> SearchResult:
    if search is None:
        raise SearchUnavailable("no search engine is configured")
    result: SearchResult = search.search(query, index=PUBLIC_INDEX)
    return result


def _facets_in_taxonomy_order(result: SearchResult, *, session: Session) -> SearchResult:
    """The engines list a level's categories by name; the page shows the taxonomy's order."""
    if not result.category_tree:
        return result
    return replace(result, category_tree=in_taxonomy_order(result.category_tree, ranks=tree_order(session)))


def search_case_studies(*, session: Session, search: Any, params: SearchParams) -> SearchPage:
    """Answer one public search: parse, drop unknown category paths, search the public index,
    and step back to the last page when the page asked for lies beyond the results.

    `search` is the app's search service (`ctx.search`); raises SearchUnavailable when the
    engine cannot answer: then the page is marked `unavailable`."""
    parsed = parse_search_params(params=params)
    query, messages = parsed.query, list(parsed.messages)
    if query.categories:
        known = existing_category_paths(session, paths=query.categories)
        for path in query.categories:
            if path not in known:
                messages.append(f"There is no category “{_shown(path)}”, so it was ignored.")
        query = replace(query, categories=tuple(p for p in query.categories if p in known))
    try:
        result = _facets_in_taxonomy_order(_search(search, query), session=session)
    except SearchUnavailable:
        return SearchPage(
            query=query,
            typed_text=parsed.typed_text,
            messages=messages,
            result=empty_result(query),
            links=SearchLinks(query=query),
            unavailable=True,
        )
    if query.page > result.page_count:
        if result.total:
            messages.append(
                f"There {'is' if result.page_count == 1 else 'are'} only {result.page_count} "
                f"page{'' if result.page_count == 1 else 's'} of results, so the last one is shown."
            )
        query = replace(query, page=result.page_count)
        result = _facets_in_taxonomy_order(_search(search, query), session=session)
    return SearchPage(
        query=query, typed_text=parsed.typed_text, messages=messages, result=result, links=SearchLinks(query=query)
    )


def published_category_tree(*, session: Session, search: Any) -> list[TreeNode]:
    """The category tree with published case-study counts: the search engine's facet counts
    (milliseconds), or counted in the database when the engine cannot answer (a fraction of a
    second at 100,000 entries), so the tree is always served."""
    try:
        counts = search.category_counts(index=PUBLIC_INDEX) if search is not None else None
    except SearchError as exc:
        logger.warning("category counts from the database: the search engine did not answer (%s)", exc)
        counts = None
    return category_tree(session, published_only=True, counts=counts)


RELATED_LIMIT = 4
_STOPWORDS = frozenset(
    "about after also and are but for from has have how into its more not our out over that "
    "the their them they this through using what when where which who why will with your".split()
)


def distinctive_words(text: str, *, limit: int = 3) -> list[str]:
    """The longest words of a title (4+ letters, no stop words), longest first."""
    words = _distinct(w.strip(".,;:!?'\"()[]").lower() for w in text.split())
    words = [w for w in words if len(w) >= 4 and w.isalpha() and w not in _STOPWORDS]
    return sorted(words, key=len, reverse=True)[:limit]


def branch_paths(category_paths: Iterable[str]) -> tuple[str, ...]:
    """The branches an entry sits in: the parent of each path (a top-level path itself)."""
    return tuple(sorted({parent_path(p) or p for p in category_paths}))


def related_case_studies(
    *, search: Any, slug: str, title: str, category_paths: Iterable[str], limit: int = RELATED_LIMIT
) -> list[Hit]:
    """Other case studies in the same branches, those sharing more title words first, then
    the newest; an empty list when the engine is unavailable (the page still renders)."""
    branches = branch_paths(category_paths)
    if not branches:
        return []
    scored: dict[str, list[Any]] = {}  # slug -> [shared words, first seen, hit]
    try:
        for word in distinctive_words(title):
            result = _search(
                search, SearchQuery(text=word, categories=branches, page_size=10, facets=(), category_tree=False)
            )
            for hit in result.hits:
                scored.setdefault(hit.slug, [0, len(scored), hit])[0] += 1
        newest = _search(
            search,
            SearchQuery(categories=branches, sort=Sort.newest, page_size=limit + 1, facets=(), category_tree=False),
        )
        for hit in newest.hits:
            scored.setdefault(hit.slug, [0, len(scored), hit])
    except SearchUnavailable:
        logger.warning("related case studies left out: search unavailable")
        return []
    scored.pop(slug, None)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]))
    return [hit for _, _, hit in ranked[:limit]]


@dataclass(kw_only=True)
class CaseStudyPage:
    view: CaseStudyView
    body_html: Markup
    related: list[Hit]
    canonical_url: str

    def crumbs(self, path: str) -> list[Crumb]:
        """Each level of a category path as a link to the search filtered on that level."""
        names = path.split(PATH_SEPARATOR)
        return [
            Crumb(
                name=name,
                path=PATH_SEPARATOR.join(names[: i + 1]),
                href=search_url(SearchQuery(categories=(PATH_SEPARATOR.join(names[: i + 1]),))),
            )
            for i, name in enumerate(names)
        ]


def case_study_page(*, session: Session, search: Any, slug: str, base_url: str) -> CaseStudyPage | None:
    """A published case study with its rendered body and related case studies; None if the
    slug is unknown or unpublished."""
    view = published_case_study(session, slug=slug)
    if view is None:
        return None
    n = view.nomination
    return CaseStudyPage(
        view=view,
        body_html=render_markdown(n.body),
        related=related_case_studies(search=search, slug=n.slug, title=n.title, category_paths=view.category_paths),
        canonical_url=f"{base_url}/case-studies/{n.slug}",
    )
