"""Parsing admin form fields leniently: a bad value becomes None and the domain rule that
needs it answers with a message beside the field."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from catalogue.params import form_id


def text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value)


def as_int(form: Mapping[str, object], name: str) -> int | None:
    raw = text(form, name).strip()
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def as_id(form: Mapping[str, object], name: str) -> int | None:
    """An id field: like `as_int`, but digits beyond what a row id can be are a 400."""
    return form_id(text(form, name), field=name)


def as_float(form: Mapping[str, object], name: str) -> float | None:
    raw = text(form, name).strip()
    try:
        value = float(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and value == value and abs(value) != float("inf") else None


def as_bool(form: Mapping[str, object], name: str) -> bool:
    return text(form, name) in ("yes", "on", "true", "1")


#: cells starting with these are formulas to a spreadsheet; they are prefixed with '
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    cell = str(value)
    if cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def date_time(form: Mapping[str, object], name: str) -> tuple[str, str]:
    """A UK date and time sent as `NAME_date` (YYYY-MM-DD) and `NAME_time` (HH:MM), as typed."""
    return text(form, f"{name}_date").strip(), text(form, f"{name}_time").strip()
