"""How admin pages write dates, sizes and missing values (en-GB, times in UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

#: what an entry without a title (a draft) is called on admin pages and in the audit log
UNTITLED = "(untitled draft)"


def moment(value: datetime | None) -> str:
    """`31 March 2027, 17:00` (UTC); blank for no value."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%-d %B %Y, %H:%M")


def file_size(size_bytes: int) -> str:
    """`1.2 MB`, `340 KB`, `12 bytes`: what a person reading a list of files wants."""
    if size_bytes < 1024:
        return f"{size_bytes} byte" + ("" if size_bytes == 1 else "s")
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.0f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"
