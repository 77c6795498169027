"""XLSX fixtures built in the test with openpyxl, plus what openpyxl cannot write: the saved
results of formulas (as Excel stores them next to each formula)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def workbook_bytes(
    rows: Iterable[Sequence[Any]],
    *,
    merged: Iterable[str] = (),
    title: str = "Entries",
    number_format: Mapping[str, str] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merged:
        sheet.merge_cells(cells)
    for cell, fmt in (number_format or {}).items():
        sheet[cell].number_format = fmt
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_saved_results(
    data: bytes, results: Mapping[str, Any], *, errors: Iterable[str] = (), sheet: str = "xl/worksheets/sheet1.xml"
) -> bytes:
    """The workbook as a spreadsheet program saves it: each formula cell named in `results`
    carries that value as its cached result (an error value such as #DIV/0! for the cells
    named in `errors`)."""
    errors = set(errors)
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read(sheet).decode("utf-8")
    for ref, value in results.items():
        kind = ' t="e"' if ref in errors else ' t="str"' if isinstance(value, str) else ""
        saved = escape(str(value))
        pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>')
        xml, count = pattern.subn(rf'<c r="{ref}"\1{kind}><f>\2</f><v>{saved}</v>', xml)
        assert count == 1, f"no formula cell {ref}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml if item.filename == sheet else source.read(item.filename))
    return out.getvalue()
