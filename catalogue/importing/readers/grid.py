"""Rows of cells (CSV or a worksheet) to a Table: the first non-empty row is the header;
empty rows, anywhere, are skipped; row numbers stay as the file shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalogue.importing.table import Kind, Row, Table, UnreadableFile

#: the most entries one file may hold
MAX_ROWS = 50_000


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(value: Any) -> str:
    return "" if is_empty(value) else " ".join(str(value).split())


def table_from_grid(kind: Kind, grid: Sequence[Sequence[Any]]) -> Table:
    numbered = [(number, list(cells)) for number, cells in enumerate(grid, start=1) if not all(map(is_empty, cells))]
    if not numbered:
        raise UnreadableFile("The file holds no rows.")
    (_, header_cells), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(f"The file holds {len(body):,} entries; at most {MAX_ROWS:,} can be imported at once.")
    width = 1 + max(i for _, cells in numbered for i, value in enumerate(cells) if not is_empty(value))
    headers = tuple(_header(header_cells[i]) if i < len(header_cells) else "" for i in range(width))
    if not any(headers):
        raise UnreadableFile("The first row holds no column headers.")
    rows = tuple(
        Row(number=number, cells=tuple(cells[i] if i < len(cells) else None for i in range(width)))
        for number, cells in body
    )
    return Table(kind=kind, headers=headers, rows=rows)
