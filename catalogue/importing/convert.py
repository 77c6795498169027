"""One cell to one field's value, or a plain-words reason why not (CellProblem).

Empty means: a blank cell, JSON `null`, or a JSON Lines key left out. Every optional field
accepts it; a required one says what to enter."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from typing import Any

from catalogue.importing.fields import CATEGORY_SEPARATOR
from catalogue.importing.readers.grid import is_empty
from catalogue.importing.table import MISSING, SheetError, UnsavedFormula
from catalogue.taxonomy.domain import TaxonomyError, normalise_path

STATUSES = ("draft", "submitted", "withdrawn", "shortlisted", "winner", "highly_commended", "not_shortlisted")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: the seed's Shift.ms entry lists 59 paths; an export must import again
MAX_CATEGORIES = 100
YEARS = (1900, 2200)


class CellProblem(ValueError):
    """What is wrong with one cell, in words for the person who filled it in."""


def blank(value: Any) -> bool:
    return value is MISSING or is_empty(value)


def _quote(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _strip_controls(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")


def _as_text(value: Any) -> str:
    if isinstance(value, SheetError):
        raise CellProblem(f"holds the spreadsheet error {value.code}; correct the formula or type the value")
    if isinstance(value, UnsavedFormula):
        raise CellProblem(
            "holds a formula whose result was never saved; open the file in Excel or LibreOffice, "
            "save it, and upload it again"
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, int | float | date | time):
        return str(value)
    if isinstance(value, str):
        return _strip_controls(value).strip()
    if isinstance(value, list | dict):
        raise CellProblem(f"must be text, not {'a list' if isinstance(value, list) else 'an object'}")
    raise CellProblem("must be text")


def text(value: Any, *, label: str, max_length: int, required: bool) -> str:
    cleaned = "" if blank(value) else _as_text(value)
    if not cleaned and required:
        raise CellProblem(f"is {'missing' if value is MISSING else 'empty'}; every entry needs {label}")
    if len(cleaned) > max_length:
        raise CellProblem(f"is {len(cleaned):,} characters long; at most {max_length:,} are allowed")
    return cleaned


def cycle(value: Any) -> int:
    if blank(value):
        raise CellProblem(
            f"is {'missing' if value is MISSING else 'empty'}; every entry needs the awards year, such as 2015"
        )
    if isinstance(value, bool):
        raise CellProblem("must be a year such as 2015")
    year: int | None = None
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}(\.0+)?\s*", value):
        year = int(float(value))
    if year is None:
        raise CellProblem(f"must be a year such as 2015, not {_quote(_as_text(value))}")
    if not YEARS[0] <= year <= YEARS[1]:
        raise CellProblem(f"must be a year from {YEARS[0]} to {YEARS[1]}, not {year}")
    return year


def category_paths(value: Any) -> list[str]:
    """The paths in one cell (`A > B | C`) or one JSON list; an empty cell gives none."""
    if blank(value):
        return []
    items = value if isinstance(value, list) else _as_text(value).split(CATEGORY_SEPARATOR)
    paths = []
    for item in items:
        if not isinstance(item, str):
            raise CellProblem('must list category paths as text, such as "Acute > Family Care"')
        if not item.strip():
            if isinstance(value, list):
                raise CellProblem("holds an empty category path")
            continue
        try:
            paths.append(normalise_path(item))
        except TaxonomyError as exc:
            raise CellProblem(str(exc)) from None
    return paths


def status(value: Any) -> str:
    if blank(value):
        return "submitted"
    key = "_".join(_as_text(value).casefold().replace("-", " ").split())
    if key not in STATUSES:
        choices = ", ".join(s.replace("_", " ") for s in STATUSES)
        raise CellProblem(f"must be one of {choices}; {_quote(_as_text(value))} is not")
    return key


def published(value: Any) -> bool:
    if blank(value):
        return False
    if isinstance(value, bool):
        return value
    word = _as_text(value).casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellProblem(f"must be yes or no, not {_quote(word)}")


def website(value: Any) -> str:
    address = text(value, label="", max_length=500, required=False)
    if address and not address.casefold().startswith(("http://", "https://")):
        raise CellProblem(f"must be an address starting with http:// or https://, not {_quote(address)}")
    return address


def slug(value: Any) -> str | None:
    cleaned = text(value, label="", max_length=200, required=False)
    if cleaned and not SLUG.fullmatch(cleaned):
        raise CellProblem(
            f"may hold only lower-case letters, digits and single hyphens (such as my-entry), not {_quote(cleaned)}"
        )
    return cleaned or None


def published_at(value: Any) -> datetime | None:
    if blank(value):
        return None
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0))
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            moment = None
    if moment is None:
        raise CellProblem(f"must be a date such as 2015-06-30 or 2015-06-30T14:00:00Z, not {_quote(_as_text(value))}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
