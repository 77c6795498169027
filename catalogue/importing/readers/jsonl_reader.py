"""JSON Lines: one object a line; its keys are the columns, in the order first seen."""

from __future__ import annotations

import json
from typing import Any

from catalogue.importing.readers.grid import MAX_ROWS
from catalogue.importing.table import MISSING, Problem, Row, Table, UnreadableFile


def read_jsonl(text: str) -> Table:
    objects: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(
                    row=number, column=-1, where=f"line {number}", reason=f"is not valid JSON ({_json_reason(exc)})"
                )
            )
            continue
        if not isinstance(value, dict):
            problems.append(
                Problem(row=number, column=-1, where=f"line {number}", reason="must be a JSON object, {...}")
            )
            continue
        objects.append((number, value))
    if len(objects) > MAX_ROWS:
        raise UnreadableFile(f"The file holds {len(objects):,} entries; at most {MAX_ROWS:,} can be imported at once.")
    if not objects and not problems:
        raise UnreadableFile("The file holds no rows.")
    headers = tuple(dict.fromkeys(key for _, value in objects for key in value))
    rows = tuple(Row(number=n, cells=tuple(value.get(key, MISSING) for key in headers)) for n, value in objects)
    return Table(kind="jsonl", headers=headers, rows=rows, problems=tuple(problems))


def _json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting property name enclosed in double quotes": "a name in double quotes was expected",
        "Expecting value": "a value was expected",
        "Expecting ',' delimiter": "a comma was expected",
        "Expecting ':' delimiter": "a colon was expected",
        "Unterminated string starting at": "a text value is not closed with a double quote",
        "Extra data": "something follows the object on the same line",
        "Invalid control character at": "a text value holds a control character",
    }
    return f"{reasons.get(exc.msg, exc.msg[:1].lower() + exc.msg[1:])} at character {exc.colno}"
