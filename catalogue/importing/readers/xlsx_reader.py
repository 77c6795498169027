"""Excel workbooks (XLSX) through openpyxl (which parses with defusedxml when installed, as we
require). Formulas give the value the file saved, never the formula; merged cells give every
cell they cover the merged value; dates stay dates."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.importing.readers.grid import MAX_ROWS, table_from_grid
from catalogue.importing.table import SheetError, Table, UnreadableFile, UnsavedFormula

#: the most the parts of a workbook may unpack to (a small file can hide a huge one)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: the sheet read when a workbook has one of this name (the template's), else the first
SHEET_NAME = "Entries"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _check_archive(data: bytes) -> bool:
    """Refuse archives that unpack to too much; say whether any sheet holds formulas."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise UnreadableFile("The workbook unpacks to more than 100 MB; split it into smaller files.")
        return any(
            _FORMULA.search(archive.read(member))
            for member in members
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        )


def _sheet(workbook: Any) -> Worksheet:
    sheets = [ws for ws in workbook.worksheets if isinstance(ws, Worksheet)]
    if not sheets:
        raise UnreadableFile("The workbook holds no worksheet.")
    return next((ws for ws in sheets if ws.title == SHEET_NAME), sheets[0])


def _load(data: bytes, *, data_only: bool) -> Worksheet:
    try:
        return _sheet(load_workbook(BytesIO(data), data_only=data_only, read_only=False))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise UnreadableFile(f"The workbook cannot be read ({type(exc).__name__}); save it again as .xlsx.") from None


def read_xlsx(data: bytes) -> Table:
    has_formulas = _check_archive(data)
    values = _load(data, data_only=True)
    formulas = _load(data, data_only=False) if has_formulas else None
    if values.max_row > MAX_ROWS * 4:
        raise UnreadableFile(f"The sheet has {values.max_row:,} rows; at most {MAX_ROWS:,} entries can be imported.")
    grid: list[list[Any]] = []
    for cells in values.iter_rows(min_row=1, max_row=values.max_row, max_col=values.max_column):
        row: list[Any] = []
        for cell in cells:
            value: Any = cell.value
            if cell.data_type == "e":
                value = SheetError(str(value))
            elif value is None and formulas is not None:
                formula = formulas.cell(row=len(grid) + 1, column=len(row) + 1).value
                if isinstance(formula, str) and formula.startswith("="):
                    value = UnsavedFormula(formula)
            row.append(value)
        grid.append(row)
    for merged in values.merged_cells.ranges:
        top_left = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = top_left
    return table_from_grid("xlsx", grid)
