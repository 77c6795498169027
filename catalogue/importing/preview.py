"""What the mapping page shows of a file: its columns with their chosen fields, the first
rows as text, and which columns match no field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from catalogue.importing.fields import FIELDS
from catalogue.importing.mapping import FORM_PREFIX, Mapping
from catalogue.importing.table import MISSING, SheetError, Table, UnsavedFormula, column_letter

PREVIEW_ROWS = 10
CELL_CHARACTERS = 80
#: the choices of every column's field menu: (value, label); "" is not imported
FIELD_CHOICES = [
    ("", "Not imported"),
    *((spec.name, spec.label + (" (required)" if spec.required else "")) for spec in FIELDS),
]


@dataclass(frozen=True)
class PreviewColumn:
    index: int
    letter: str
    header: str
    form_name: str
    field: str


def cell_text(value: Any) -> str:
    """A cell as the preview shows it (escaped by the template like any text)."""
    if value is MISSING or value is None:
        return ""
    if isinstance(value, SheetError):
        return value.code
    if isinstance(value, UnsavedFormula):
        return value.formula
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"


def preview(table: Table, mapping: Mapping) -> dict[str, Any]:
    columns = [
        PreviewColumn(
            index=index,
            letter=header if table.kind == "jsonl" else column_letter(index),
            header=header,
            form_name=f"{FORM_PREFIX}{index}",
            field=mapping[index] or "",
        )
        for index, header in enumerate(table.headers)
    ]
    rows = [(row.number, [cell_text(cell) for cell in row.cells]) for row in table.rows[:PREVIEW_ROWS]]
    return {
        "columns": columns,
        "rows": rows,
        "row_count": len(table.rows),
        "unmatched": [c for c in columns if not c.field],
        "field_choices": FIELD_CHOICES,
    }
