"""Read an uploaded file into a Table, choosing the reader by the file's content (its name
only has to agree)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from catalogue.importing.readers.csv_reader import read_csv
from catalogue.importing.readers.jsonl_reader import read_jsonl
from catalogue.importing.readers.text import decode
from catalogue.importing.readers.xlsx_reader import read_xlsx
from catalogue.importing.table import KIND_NAMES, Kind, Table, UnreadableFile

#: the largest file accepted, upload or command line
MAX_FILE_BYTES = 10 * 1024 * 1024
EXTENSIONS: dict[str, Kind] = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container


def sniff_kind(data: bytes) -> Kind:
    """What the bytes are, whatever the file is called."""
    if data.startswith(_OLE):
        raise UnreadableFile(
            "This is an old Excel 97-2003 (.xls) file. Save it as an Excel Workbook (.xlsx) or CSV and upload that."
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise UnreadableFile("This file looks like a ZIP archive but is damaged.") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise UnreadableFile("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV and upload that.")
        raise UnreadableFile("This is a ZIP archive, not an Excel workbook.")
    text = decode(data)
    if text.lstrip()[:1] == "{":
        return "jsonl"
    return "csv"


def read_table(data: bytes, *, filename: str) -> Table:
    """Read CSV, XLSX or JSON Lines bytes; raise UnreadableFile saying what is wrong."""
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Split it into smaller files."
        )
    kind = sniff_kind(data)
    suffix = PurePath(filename).suffix.lower()
    named = EXTENSIONS.get(suffix)
    if named is None and suffix not in ("", ".txt"):
        raise UnreadableFile(f"Files ending {suffix} cannot be imported. Upload a .csv, .xlsx or .jsonl file.")
    if named is not None and named != kind:
        raise UnreadableFile(
            f"The file is named {suffix} but holds {KIND_NAMES[kind]}, not {KIND_NAMES[named]}. "
            "Check that you chose the right file, or rename it."
        )
    if kind == "xlsx":
        return read_xlsx(data)
    if kind == "jsonl":
        return read_jsonl(decode(data))
    return read_csv(decode(data))
