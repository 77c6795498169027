"""Which column fills which field: guessed from the headers, chosen on the mapping page, and
checked (every required field has a column; no field but categories has two)."""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from typing import Any

from catalogue.importing.fields import BY_NAME, FIELDS, MULTI_COLUMN, match_header
from catalogue.importing.table import Problem, Table, place

#: one entry per column: the field it fills, or None (not imported)
Mapping = tuple[str | None, ...]
FORM_PREFIX = "column-"


def auto_mapping(headers: tuple[str, ...]) -> Mapping:
    """Each header matched by name; a field already taken by an earlier column is not matched again."""
    taken: set[str] = set()
    chosen: list[str | None] = []
    for header in headers:
        name = match_header(header)
        if name is not None and (name not in taken or name == MULTI_COLUMN):
            taken.add(name)
            chosen.append(name)
        else:
            chosen.append(None)
    return tuple(chosen)


def mapping_from_form(table: Table, form: MappingType[str, Any]) -> Mapping:
    """The mapping form's choices (`column-0` ... ); anything but a field name means not imported."""
    chosen: list[str | None] = []
    for index in range(len(table.headers)):
        value = form.get(f"{FORM_PREFIX}{index}")
        chosen.append(value if isinstance(value, str) and value in BY_NAME else None)
    return tuple(chosen)


def check_mapping(table: Table, mapping: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, name in enumerate(mapping):
        if name is None:
            continue
        if name in first and name != MULTI_COLUMN:
            problems.append(
                place(
                    table,
                    row=0,
                    column=index,
                    reason=f"is chosen for {BY_NAME[name].label}, as {table.column_name(first[name])} is; "
                    "choose it for one column only",
                )
            )
        first.setdefault(name, index)
    for spec in FIELDS:
        if spec.required and spec.name not in first:
            where = "field" if table.kind == "jsonl" else "column"
            problems.append(
                Problem(row=0, column=-1, reason=f"No {where} is imported as {spec.label}, which every entry needs.")
            )
    return problems


def unmatched_problems(table: Table, mapping: Mapping) -> list[Problem]:
    """Columns that fill no field, for the command line, which has no mapping step: a typo in a
    header must not drop a column silently. (JSON Lines is checked line by line instead.)"""
    return [
        place(
            table,
            row=0,
            column=index,
            reason="is not a field of the import format; rename its header as in the template, or delete the column"
            if header
            else "has no header; give it one as in the template, or delete the column",
        )
        for index, (header, name) in enumerate(zip(table.headers, mapping, strict=True))
        if name is None
    ]
