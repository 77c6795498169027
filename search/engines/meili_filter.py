"""Meilisearch filter expressions from a SearchQuery: pure, so escaping is unit-tested.

Every user-supplied value is quoted and escaped (backslash first, then double quote);
field names come only from our own constants, never from input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from search.engines.base import MAX_LEVELS
from search.query import Scope, SearchQuery

INT_FIELDS = {"cycle", "award_id"}
#: Matches nothing (every document has an id): an empty judge scope.
MATCH_NOTHING = "id IS NULL"


def quote(value: str | int) -> str:
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def equals(field: str, value: str | int) -> str:
    if field in INT_FIELDS:
        return f"{field} = {int(value)}"
    return f"{field} = {quote(value)}"


def any_of(clauses: Sequence[str]) -> str:
    return clauses[0] if len(clauses) == 1 else "(" + " OR ".join(clauses) + ")"


def all_of(clauses: Sequence[str]) -> str:
    return clauses[0] if len(clauses) == 1 else "(" + " AND ".join(clauses) + ")"


def category_field(path: str) -> str:
    return f"categories.lvl{path.count(' > ')}"


def category_clause(path: str) -> str:
    """Entries filed under `path` or any node below it (documents list every ancestor)."""
    if path.count(" > ") >= MAX_LEVELS:
        return MATCH_NOTHING
    return equals(category_field(path), path)


def scope_clause(scopes: Iterable[Scope]) -> str:
    parts = []
    for scope in scopes:
        terms = []
        if scope.category_path:
            terms.append(category_clause(scope.category_path))
        if scope.award_id is not None:
            terms.append(equals("award_id", scope.award_id))
        elif scope.award:
            terms.append(equals("award", scope.award))
        if not terms:
            return ""  # an unrestricted scope lets everything through
        parts.append(all_of(terms))
    return any_of(parts) if parts else MATCH_NOTHING


def ids_clause(ids: Iterable[str]) -> str:
    return "id IN [" + ", ".join(quote(i) for i in ids) + "]"


def build_filter(query: SearchQuery, *, without: str | None = None) -> str:
    """The whole filter, AND of one clause per filtered facet; `without` drops one facet's
    own clause (for its disjunctive counts). "" means no filter."""
    clauses = []
    for facet, values in query.filters_by_facet().items():
        if values and facet != without:
            clauses.append(any_of([equals(facet, v) for v in values]))
    if query.categories and without != "categories":
        clauses.append(any_of([category_clause(p) for p in query.categories]))
    if query.scopes is not None:
        scope = scope_clause(query.scopes)
        if scope:
            clauses.append(scope)
    return " AND ".join(clauses)
