from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow


class Role(StrEnum):
    admin = "admin"
    judge = "judge"


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=255)
    role: Role = Field(default=Role.judge)
    is_active: bool = True
    #: held in each session; bumping it ends every session of this user (see accounts/sessions.py)
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow)
