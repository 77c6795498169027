"""The downloadable template: the header row and one example entry, as XLSX (with a Notes
sheet explaining each column) or as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.importing.fields import FIELDS
from catalogue.importing.readers.xlsx_reader import SHEET_NAME
from catalogue.importing.table import column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _example(name: str, example: str) -> Any:
    if name == "cycle":
        return int(example)
    if name == "published_at":
        return date.fromisoformat(example)
    return example


def template_xlsx() -> bytes:
    workbook = Workbook()
    entries = workbook.active
    assert isinstance(entries, Worksheet)  # a new workbook's one sheet  # noqa: S101
    entries.title = SHEET_NAME
    entries.append([spec.name for spec in FIELDS])
    entries.append([_example(spec.name, spec.example) for spec in FIELDS])
    for index, spec in enumerate(FIELDS):
        entries.cell(row=1, column=index + 1).font = Font(bold=True)
        entries.column_dimensions[column_letter(index)].width = max(14, len(spec.name) + 4)
    entries.cell(row=2, column=[s.name for s in FIELDS].index("published_at") + 1).number_format = "yyyy-mm-dd"
    entries.freeze_panes = "A2"
    notes = workbook.create_sheet("Notes")
    notes.append(["Column", "Required", "What to enter", "Example"])
    for spec in FIELDS:
        notes.append([spec.name, "yes" if spec.required else "no", spec.help, spec.example])
    notes.append([])
    notes.append(
        [
            "",
            "",
            "One entry a row on the Entries sheet; the header row names the columns (in any order). "
            "Empty cells are fine for every column that is not required. Nothing is imported unless "
            "every row is valid.",
        ]
    )
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 20), ("B", 10), ("C", 80), ("D", 45)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spec.name for spec in FIELDS])
    writer.writerow([spec.example for spec in FIELDS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
