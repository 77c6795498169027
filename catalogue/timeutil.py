"""Time: stored in UTC, entered and shown in UK time (Europe/London, GMT in winter, BST in summer)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """Aware UTC now (SQLModel's UTCDateTime columns require aware values)."""
    return datetime.now(UTC)


def _uk(value: datetime) -> datetime:
    # a naive value is UTC (SQLite hands back what was stored)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UK)


def uk_date(value: datetime | None) -> str:
    """`31 March 2027` (the UK calendar day of that moment)."""
    return f"{_uk(value):%-d %B %Y}" if value else ""


def uk_datetime(value: datetime | None) -> str:
    """`31 March 2027, 17:00 BST`: en-GB, 24-hour UK time with its zone (GMT or BST)."""
    return f"{_uk(value):%-d %B %Y, %H:%M %Z}" if value else ""


def uk_parts(value: datetime | None) -> tuple[str, str]:
    """The UK date and time of a moment as `<input type=date>` and `<input type=time>` values."""
    if value is None:
        return "", ""
    local = _uk(value)
    return f"{local:%Y-%m-%d}", f"{local:%H:%M}"


class NotAUkTime(ValueError):
    """A wall-clock time that does not exist in the UK (skipped when the clocks go forward)."""


def from_uk(day: date, clock: time) -> datetime:
    """The UTC moment of a UK wall-clock time. In the hour repeated when the clocks go back the
    first (BST) one is meant; a time skipped when they go forward is refused."""
    local = datetime.combine(day, clock, tzinfo=UK)
    moment = local.astimezone(UTC)
    if moment.astimezone(UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NotAUkTime(f"{clock:%H:%M} on {day:%-d %B %Y} does not exist in the UK: the clocks go forward an hour")
    return moment
