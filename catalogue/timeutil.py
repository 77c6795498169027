from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now (SQLModel's UTCDateTime columns require aware values)."""
    return datetime.now(UTC)
