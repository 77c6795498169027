"""/admin/taxonomy: the category tree."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import categories, queries
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_id, text
from catalogue.context import DbSession


def _taxonomy_context(db_session: Session) -> tuple[str, dict[str, Any]]:
    return "taxonomy.html", {"nodes": queries.flat_tree(db_session)}


@get("/taxonomy", name="admin_taxonomy", sync_to_thread=True)
def taxonomy_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _taxonomy_context(db_session)
    return render(template, context, user=user, request=request)


def _touched(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


@post("/taxonomy/add", name="admin_category_add", sync_to_thread=True, status_code=303)
def category_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c = categories.add_category(db_session, actor=user, path=text(data, "path"))
        return f"Category {c.path} added (touches {_touched(0)})."

    return act(
        request,
        db_session,
        user,
        form_key="add",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/rename", name="admin_category_rename", sync_to_thread=True, status_code=303)
def category_rename(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = categories.rename_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_name=text(data, "new_name")
        )
        return f"Renamed to {c.path}; {_touched(n)} will be re-indexed."

    return act(
        request,
        db_session,
        user,
        form_key="rename",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/move", name="admin_category_move", sync_to_thread=True, status_code=303)
def category_move(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = categories.move_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_parent_id=as_id(data, "new_parent_id")
        )
        return f"Moved to {c.path}; {_touched(n)} will be re-indexed."

    return act(
        request,
        db_session,
        user,
        form_key="move",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


@post("/taxonomy/deprecate", name="admin_category_deprecate", sync_to_thread=True, status_code=303)
def category_deprecate(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    deprecated = text(data, "action") != "restore"

    def action() -> str:
        c, n = categories.set_category_deprecated(
            db_session, actor=user, category_id=as_id(data, "category_id"), deprecated=deprecated
        )
        verb = "deprecated: hidden from new entries" if deprecated else "restored"
        return f"{c.path} {verb}; its {_touched(n)} keep it."

    return act(
        request,
        db_session,
        user,
        form_key="deprecate",
        form=data,
        action=action,
        redirect_to="/admin/taxonomy",
        page=lambda: _taxonomy_context(db_session),
    )


HANDLERS = [taxonomy_page, category_add, category_rename, category_move, category_deprecate]
