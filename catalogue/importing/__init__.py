"""Bulk import of entries from CSV, XLSX or JSON Lines (README.md, "Import format"), for the
command line and the admin's import pages alike.

readers/ turn bytes into a Table; mapping says which column fills which field; validation
checks every row and collects every problem; writing puts valid entries in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from catalogue.importing import pending
from catalogue.importing.mapping import Mapping, auto_mapping
from catalogue.importing.readers import MAX_FILE_BYTES, read_table
from catalogue.importing.table import ImportFailed, Problem, Table, UnreadableFile
from catalogue.importing.validation import ImportEntry, check_against_database, validate
from catalogue.importing.writing import DEFAULT_PROGRAMME, ImportSummary, import_entries

__all__ = [
    "DEFAULT_PROGRAMME",
    "MAX_FILE_BYTES",
    "ImportEntry",
    "ImportFailed",
    "ImportSummary",
    "Mapping",
    "Problem",
    "Table",
    "UnreadableFile",
    "auto_mapping",
    "check_table",
    "clean_programme",
    "import_table",
    "pending",
    "read_table",
    "validate",
]

PROGRAMME_MAX = 200


def clean_programme(name: str) -> str:
    """The programme that holds awards the file names but the database lacks."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValueError("Enter the name of the programme for awards the catalogue does not have yet.")
    if len(cleaned) > PROGRAMME_MAX:
        raise ValueError(f"The programme name must be at most {PROGRAMME_MAX} characters.")
    return cleaned


def check_table(
    session: Session, *, table: Table, mapping: Mapping, reject_unmapped: bool = False
) -> list[ImportEntry]:
    """Every row valid and nothing clashing with the database, or ImportFailed."""
    entries = validate(table, mapping, reject_unmapped=reject_unmapped)
    check_against_database(session, table=table, mapping=mapping, entries=entries)
    return entries


def import_table(
    session: Session,
    *,
    table: Table,
    mapping: Mapping,
    programme_name: str,
    reject_unmapped: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Validate every row, then write them all in the caller's transaction; ImportFailed
    (nothing written) lists every problem."""
    entries = check_table(session, table=table, mapping=mapping, reject_unmapped=reject_unmapped)
    return import_entries(session, entries=entries, programme_name=programme_name, progress=progress)
