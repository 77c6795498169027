"""What every reader produces: a table of raw cells with the row numbers people see, and the
problems found, each placed as `row N, column X` (or `line N, field X` in JSON Lines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["csv", "xlsx", "jsonl"]
KIND_NAMES: dict[Kind, str] = {"csv": "CSV", "xlsx": "Excel workbook (XLSX)", "jsonl": "JSON Lines"}
#: how many problems a page lists; the rest are counted
SHOWN_PROBLEMS = 200


class _Missing:
    """A JSON Lines key that a line does not have (told apart from `null`)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class SheetError:
    """A spreadsheet error value such as #N/A or #DIV/0!, kept so it can be named."""

    code: str


@dataclass(frozen=True)
class UnsavedFormula:
    """A formula cell whose result the file does not hold (never opened in a spreadsheet)."""

    formula: str


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Row:
    #: as the file shows it: the spreadsheet row (the header is row 1) or the JSON Lines line
    number: int
    #: one per header; MISSING where a JSON Lines line lacks the key
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    kind: Kind
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    #: problems found while reading (a line that is not JSON, say); reported with the rest
    problems: tuple[Problem, ...] = ()

    def column_name(self, index: int) -> str:
        if self.kind == "jsonl":
            return f"field {self.headers[index]}"
        header = self.headers[index]
        return f"column {column_letter(index)} ({header})" if header else f"column {column_letter(index)}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file, in plain words; row 0 means the file or a whole column."""

    row: int
    column: int
    reason: str = field(compare=False)
    where: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


def place(table: Table, *, row: int, column: int | None, reason: str) -> Problem:
    """A problem with its place spelt out: `row 3, column B (Cycle)` / `line 3, field cycle`."""
    parts = []
    if row:
        parts.append(f"{'line' if table.kind == 'jsonl' else 'row'} {row}")
    if column is not None:
        parts.append(table.column_name(column))
    return Problem(row=row, column=-1 if column is None else column, reason=reason, where=", ".join(parts))


class ImportFailed(Exception):
    """The file cannot be imported as it is; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(problems)} problem(s); nothing was imported")

    @property
    def shown(self) -> list[Problem]:
        return self.problems[:SHOWN_PROBLEMS]

    @property
    def hidden(self) -> int:
        return max(0, len(self.problems) - SHOWN_PROBLEMS)


class UnreadableFile(ValueError):
    """The upload is not a file we can read at all (wrong type, not UTF-8, empty...)."""
