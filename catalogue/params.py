"""Row ids from the outside world, bound in one place to what the database can hold.

An id past 64 bits used to reach the driver and fail there (OverflowError, a 500). Every id
in a path, query string, form field or JSON body goes through a type or helper here: a path
id out of range is a page that does not exist (404, see catalogue.errors); anywhere else it
is a bad input (400 naming the field)."""

from __future__ import annotations

from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import PathParameter, QueryParameter
from pydantic import Field

#: The largest id a signed 64-bit column (PostgreSQL BIGINT, SQLite INTEGER) holds.
MAX_ID = 2**63 - 1

#: An id in a route path: `{award_id:int}` with `award_id: PathId`.
PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]

#: An optional id in the query string (the parameter's name is the argument's name).
QueryId = Annotated[int | None, QueryParameter(required=False, ge=1, le=MAX_ID)]

#: An id in a JSON body (pydantic models).
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


def in_range(value: int) -> bool:
    return 1 <= value <= MAX_ID


def form_id(raw: str, *, field: str) -> int | None:
    """A form field holding an id: blank is None (the rule needing it says so); digits out
    of range are a bad request naming the field; anything else is None, as before."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    if not in_range(value):
        raise ValidationException(
            f"{field}: not a valid id.",
            extra=[{"key": field, "message": f"{field} must be a whole number from 1 to {MAX_ID}.", "source": "body"}],
        )
    return value
