from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow

PATH_SEPARATOR = " > "


class Category(SQLModel, table=True):
    """A taxonomy node; `path` is the materialised label path, e.g. `Acute > Family Care`."""

    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("path", name="uq_category_path"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=140)
    path: str = Field(max_length=1000)
    depth: int = 0
    position: int = 0
    deprecated: bool = False
    created_at: datetime = Field(default_factory=utcnow)
