"""What the running app holds: settings, the database engine, and the search engine."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from anyio import to_thread
from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.settings import Settings


@dataclass(kw_only=True)
class AppContext:
    settings: Settings
    db_engine: Engine
    #: a search.engines.SearchEngine; typed loosely so catalogue never imports engine code
    search: Any = None


#: Handler parameter types for the app-wide dependencies (explicit, as Litestar 2.25 wants).
DbSession = NamedDependency[Session]
Ctx = NamedDependency[AppContext]
SettingsDep = NamedDependency[Settings]


async def provide_db_session(state: State) -> AsyncGenerator[Session, None]:
    """One session per request: committed after the handler succeeds, rolled back otherwise.

    Commit and close run in a worker thread so the event loop never blocks on the database.
    """
    session = Session(state.ctx.db_engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        await to_thread.run_sync(session.rollback)
        raise
    else:
        await to_thread.run_sync(session.commit)
    finally:
        await to_thread.run_sync(session.close)


async def provide_settings(state: State) -> Settings:
    settings: Settings = state.ctx.settings
    return settings


async def provide_context(state: State) -> AppContext:
    ctx: AppContext = state.ctx
    return ctx
