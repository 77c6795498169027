"""The /admin/entries query string, validated: every bad value is reported at once, naming
its field, and the page shows what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlmodel import Session

from catalogue.nominations.models import Award, Cycle, NominationStatus
from catalogue.params import in_range
from catalogue.taxonomy.domain import TaxonomyError, get_by_path, normalise_path

MAX_PAGE = 100_000
FIELDS = ("award", "cycle", "status", "category", "page")


@dataclass(frozen=True, kw_only=True)
class EntryFilters:
    award_id: int | None = None
    cycle_id: int | None = None
    status: str | None = None
    category: str | None = None
    page: int = 1

    def query(self, *, page: int | None = None) -> str:
        """The query string of these filters (on another page, if given)."""
        pairs = [
            ("award", self.award_id),
            ("cycle", self.cycle_id),
            ("status", self.status),
            ("category", self.category),
            ("page", page if page is not None else (self.page if self.page != 1 else None)),
        ]
        return urlencode([(k, v) for k, v in pairs if v is not None])


def _whole(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() else None


def parse(session: Session, raw: Mapping[str, str | None]) -> tuple[EntryFilters, dict[str, str]]:
    """The filters, and {field: message} for each value that is not one the page offers."""
    errors: dict[str, str] = {}
    values = {name: (raw.get(name) or "").strip() for name in FIELDS}

    def row_id(name: str, model: type[Award] | type[Cycle], what: str) -> int | None:
        text = values[name]
        if not text:
            return None
        ident = _whole(text)
        if ident is None or not in_range(ident):
            errors[name] = f"{name} must be the number of an {what} (a whole number from 1)."
            return None
        if session.get(model, ident) is None:
            errors[name] = f"There is no {what} with the number {ident}."
            return None
        return ident

    award_id = row_id("award", Award, "award")
    cycle_id = row_id("cycle", Cycle, "cycle")
    status = values["status"] or None
    if status is not None and status not in {s.value for s in NominationStatus}:
        errors["status"] = "status must be one of: " + ", ".join(s.value for s in NominationStatus) + "."
        status = None
    category = None
    if values["category"]:
        try:
            category = normalise_path(values["category"])
        except TaxonomyError as exc:
            errors["category"] = f"category: {exc}."
        else:
            if get_by_path(session, path=category) is None:
                errors["category"] = f"There is no category {category!r}."
                category = None
    page = 1
    if values["page"]:
        number = _whole(values["page"])
        if number is None or not 1 <= number <= MAX_PAGE:
            errors["page"] = f"page must be a whole number from 1 to {MAX_PAGE}."
        else:
            page = number
    return EntryFilters(award_id=award_id, cycle_id=cycle_id, status=status, category=category, page=page), errors
