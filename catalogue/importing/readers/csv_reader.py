"""CSV with `,` or `;` between cells (csv.Sniffer decides), quoted as spreadsheets write it."""

from __future__ import annotations

import csv
import io

from catalogue.importing.readers.grid import table_from_grid
from catalogue.importing.table import Table, UnreadableFile

#: the CSV export prefixes cells a spreadsheet would run as formulas with `'`; undo that
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SAMPLE = 64 * 1024


def _delimiter(text: str) -> str:
    sample = text[:_SAMPLE]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return ";" if first.count(";") > first.count(",") else ","


def _cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_START) else value


def read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        grid = [[_cell(value) for value in record] for record in reader]
    except csv.Error as exc:
        raise UnreadableFile(f"Row {reader.line_num} cannot be read as CSV ({exc}).") from None
    return table_from_grid("csv", grid)
