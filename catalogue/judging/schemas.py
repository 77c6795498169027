"""Inputs of the judging pages: the dashboard's query string and the score form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from catalogue.judging.domain import ScoreInput
from search.query import MAX_QUERY_LENGTH

PAGE_SIZE = 20
MAX_FILTER_VALUES = 20
CRITERION_PREFIX = "criterion_"


class JudgeSort(StrEnum):
    relevance = "relevance"
    newest = "newest"
    title = "title"  # type: ignore[assignment]  # an enum member, not str.title
    score = "score"


SORT_LABELS = {
    JudgeSort.relevance: "Relevance",
    JudgeSort.newest: "Newest",
    JudgeSort.title: "Title",
    JudgeSort.score: "My score (highest first)",
}


def _clean(values: list[str] | None, *, max_length: int = 1000) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values or []:
        value = " ".join(value.split())[:max_length]
        if value and value not in seen:
            seen.append(value)
    return tuple(seen[:MAX_FILTER_VALUES])


@dataclass(frozen=True, kw_only=True)
class DashboardParams:
    q: str = ""
    categories: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sort: JudgeSort = JudgeSort.relevance
    page: int = 1

    @classmethod
    def parse(
        cls,
        *,
        q: str | None,
        category: list[str] | None,
        award: list[str] | None,
        status: list[str] | None,
        sort: str | None,
        page: int | None,
    ) -> DashboardParams:
        """Lenient: unknown sorts fall back to relevance, pages below 1 to 1."""
        try:
            chosen = JudgeSort(sort or "relevance")
        except ValueError:
            chosen = JudgeSort.relevance
        return cls(
            q=(q or "").strip()[:MAX_QUERY_LENGTH],
            categories=_clean(category),
            awards=_clean(award),
            statuses=_clean(status, max_length=40),
            sort=chosen,
            page=max(1, min(page or 1, 10_000)),
        )

    def _pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("category", c) for c in self.categories]
        pairs += [("award", a) for a in self.awards]
        pairs += [("status", s) for s in self.statuses]
        if self.sort != JudgeSort.relevance:
            pairs.append(("sort", self.sort.value))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def url(self, **changes: Any) -> str:
        params = replace(self, **changes) if changes else self
        query = urlencode(params._pairs())
        return "/judging" + (f"?{query}" if query else "")

    def toggle(self, facet: str, value: str) -> str:
        """The URL with one facet value switched on or off (back to page 1)."""
        field = {"category": "categories", "award": "awards", "status": "statuses"}[facet]
        current = getattr(self, field)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.url(**{field: values, "page": 1})

    def choose_category(self, path: str) -> str:
        """The facet tree's link: choose a branch, or (when chosen) step back up to its parent."""
        if path in self.categories:
            parent = path.rsplit(" > ", 1)[0] if " > " in path else None
            return self.url(categories=(parent,) if parent else (), page=1)
        return self.url(categories=(path,), page=1)

    def page_url(self, page: int) -> str:
        return self.url(page=page)

    def is_selected(self, facet: str, value: str) -> bool:
        field = {"category": "categories", "award": "awards", "status": "statuses"}[facet]
        return value in getattr(self, field)


def score_input_from_form(form: Mapping[str, object]) -> ScoreInput:
    """The score form's fields: criterion_<id>, comment, conflict_declared, conflict_reason, action."""

    def text(name: str) -> str:
        value = form.get(name, "")
        if isinstance(value, list):
            value = value[-1] if value else ""
        return str(value)

    values = {key[len(CRITERION_PREFIX) :]: text(key) for key in form if key.startswith(CRITERION_PREFIX)}
    return ScoreInput(
        values=values,
        comment=text("comment"),
        conflict_declared=text("conflict_declared") in ("yes", "on", "true"),
        conflict_reason=text("conflict_reason"),
        submit=text("action") == "submit",
    )
