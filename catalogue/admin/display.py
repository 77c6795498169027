"""How admin pages write sizes and missing values (dates: catalogue.timeutil)."""

from __future__ import annotations

#: what an entry without a title (a draft) is called on admin pages and in the audit log
UNTITLED = "(untitled draft)"


def file_size(size_bytes: int) -> str:
    """`1.2 MB`, `340 KB`, `12 bytes`: what a person reading a list of files wants."""
    if size_bytes < 1024:
        return f"{size_bytes} byte" + ("" if size_bytes == 1 else "s")
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.0f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"
