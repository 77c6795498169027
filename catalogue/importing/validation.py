"""Every row checked, every problem collected: a file imports whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from catalogue.importing import convert
from catalogue.importing.convert import CellProblem
from catalogue.importing.mapping import Mapping, check_mapping, unmatched_problems
from catalogue.importing.table import MISSING, ImportFailed, Problem, Row, Table, place
from catalogue.nominations.models import Nomination


@dataclass(frozen=True, kw_only=True)
class ImportEntry:
    """One valid row, ready to be written."""

    row: int
    title: str
    organisation: str
    summary: str
    body: str
    award: str
    cycle: int
    categories: list[str]
    status: str
    published: bool
    consent: bool
    website: str
    organisation_type: str
    region: str
    slug: str | None
    published_at: datetime | None


def _text(label: str, max_length: int, *, required: bool = False) -> Callable[[Any], Any]:
    return lambda value: convert.text(value, label=label, max_length=max_length, required=required)


#: each single-column field's converter (categories, which may span columns, is apart)
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "title": _text("a title", 200, required=True),
    "organisation": _text("an organisation", 200, required=True),
    "summary": _text("", 1000),
    "body": _text("", 100_000),
    "award": _text("an award", 200, required=True),
    "cycle": convert.cycle,
    "status": convert.status,
    "published": convert.published,
    "consent": convert.published,
    "website": convert.website,
    "organisation_type": _text("", 80),
    "region": _text("", 80),
    "slug": convert.slug,
    "published_at": convert.published_at,
}


def _categories(table: Table, row: Row, columns: list[int], problems: list[Problem]) -> list[str]:
    paths: list[str] = []
    missing = all(row.cells[index] is MISSING for index in columns)
    for index in columns:
        try:
            paths.extend(convert.category_paths(row.cells[index]))
        except CellProblem as exc:
            problems.append(place(table, row=row.number, column=index, reason=str(exc)))
            return []
    first = columns[0] if columns else None
    if not paths:
        problems.append(
            place(
                table,
                row=row.number,
                column=first,
                reason=f"is {'missing' if missing else 'empty'}; every entry needs at least one category path, "
                "such as Acute > Family Care",
            )
        )
    elif len(set(paths)) > convert.MAX_CATEGORIES:
        problems.append(
            place(
                table,
                row=row.number,
                column=first,
                reason=f"names {len(set(paths))} category paths; at most {convert.MAX_CATEGORIES} are allowed",
            )
        )
    return list(dict.fromkeys(paths))


def _row(
    table: Table, mapping: Mapping, row: Row, *, reject_unmapped: bool
) -> tuple[ImportEntry | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    column_of: dict[str, int] = {}
    for index, name in enumerate(mapping):
        if name is not None and name != "categories":
            column_of.setdefault(name, index)
        elif name is None and reject_unmapped and table.kind == "jsonl" and row.cells[index] not in (MISSING, None):
            problems.append(place(table, row=row.number, column=index, reason="is not a field of the import format"))
    for name, converter in CONVERTERS.items():
        column = column_of.get(name)
        try:
            values[name] = converter(MISSING if column is None else row.cells[column])
        except CellProblem as exc:
            problems.append(place(table, row=row.number, column=column, reason=str(exc)))
    categories = _categories(table, row, [i for i, name in enumerate(mapping) if name == "categories"], problems)
    if (
        "published" in values
        and "status" in values
        and values["published"]
        and values["status"] in ("draft", "withdrawn")
    ):
        problems.append(
            place(
                table,
                row=row.number,
                column=column_of.get("published"),
                reason=f"says published, but a {values['status']} entry cannot be published; "
                "choose another status or set this to no",
            )
        )
    if problems:
        return None, problems
    return ImportEntry(row=row.number, categories=categories, **values), []


def _slug_of(row: Row, column: int | None) -> str | None:
    """The row's slug if it has a valid one (kept even when other cells are wrong, so that a
    repeat is reported in the same pass)."""
    try:
        return None if column is None else convert.slug(row.cells[column])
    except CellProblem:
        return None


def validate(table: Table, mapping: Mapping, *, reject_unmapped: bool = False) -> list[ImportEntry]:
    """All rows as entries, or ImportFailed with every problem. `reject_unmapped` (the command
    line) makes a column that fills no field a problem instead of a column left out."""
    problems = [*table.problems, *check_mapping(table, mapping)]
    if reject_unmapped and table.kind != "jsonl":
        problems.extend(unmatched_problems(table, mapping))
    if any(p.row == 0 for p in problems):
        raise ImportFailed(problems)  # without the columns the rows cannot be read
    entries: list[ImportEntry] = []
    seen_slugs: dict[str, int] = {}
    slug_column = mapping.index("slug") if "slug" in mapping else None
    for row in table.rows:
        entry, found = _row(table, mapping, row, reject_unmapped=reject_unmapped)
        problems.extend(found)
        slug = _slug_of(row, slug_column)
        if slug and slug in seen_slugs:
            where = "line" if table.kind == "jsonl" else "row"
            reason = f"repeats the slug of {where} {seen_slugs[slug]}"
            problems.append(place(table, row=row.number, column=slug_column, reason=reason))
            continue
        if slug:
            seen_slugs[slug] = row.number
        if entry is not None:
            entries.append(entry)
    if not table.rows and not problems:
        problems.append(Problem(row=0, column=-1, reason="The file has a header row but no entries."))
    if problems:
        raise ImportFailed(problems)
    return entries


def check_against_database(session: Session, *, table: Table, mapping: Mapping, entries: list[ImportEntry]) -> None:
    """Problems only the database can show (a slug already taken); run in the writing transaction."""
    wanted = {e.slug: e.row for e in entries if e.slug}
    if not wanted:
        return
    taken: set[str] = set()
    names = sorted(wanted)
    for start in range(0, len(names), 500):
        taken.update(session.exec(select(Nomination.slug).where(col(Nomination.slug).in_(names[start : start + 500]))))
    slug_column = mapping.index("slug") if "slug" in mapping else None
    if taken:
        raise ImportFailed(
            [
                place(
                    table,
                    row=wanted[s],
                    column=slug_column,
                    reason=f"the slug {s!r} is already used by an existing entry",
                )
                for s in sorted(taken)
            ]
        )
