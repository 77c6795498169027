"""/admin/taxonomy: the category tree, with forms acting on each node in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from catalogue.accounts.guards import CurrentUser
from catalogue.admin import categories
from catalogue.admin.pages import Form, act, render
from catalogue.admin.schemas import as_id, text
from catalogue.context import DbSession
from catalogue.taxonomy.models import Category
from catalogue.taxonomy.queries import TreeNode, category_tree

PAGE = "/admin/taxonomy"


def _walk(nodes: list[TreeNode]) -> list[TreeNode]:
    return [n for node in nodes for n in (node, *_walk(node.children))]


def _taxonomy_context(db_session: Session, *, focus: int | None = None) -> tuple[str, dict[str, Any]]:
    """The tree; `focus` is the node whose form failed, shown open with its branch."""
    tree = category_tree(db_session, published_only=False, own=True)
    flat = _walk(tree)
    focused = db_session.get(Category, focus) if focus is not None else None
    return "taxonomy.html", {
        "tree": tree,
        "node_count": len(flat),
        "paths": [n.path for n in flat if not n.deprecated],
        "focus_path": focused.path if focused else None,
    }


@get("/taxonomy", name="admin_taxonomy", sync_to_thread=True)
def taxonomy_page(request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser) -> Template:
    template, context = _taxonomy_context(db_session)
    return render(template, context, user=user, request=request)


def _touched(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _act(
    request: Request[Any, Any, Any],
    db_session: Session,
    user: CurrentUser,
    *,
    form_name: str,
    data: dict[str, Any],
    node_field: str,
    action: Callable[[], str],
) -> Template | Redirect:
    """One node form: errors come back keyed `<form>-<node id>` so they sit beside that node's fields."""
    node_id = as_id(data, node_field)
    return act(
        request,
        db_session,
        user,
        form_key=f"{form_name}-{node_id}" if node_id is not None else form_name,
        form=data,
        action=action,
        redirect_to=PAGE,
        page=lambda: _taxonomy_context(db_session, focus=node_id),
    )


@post("/taxonomy/add", name="admin_category_add", sync_to_thread=True, status_code=303)
def category_add(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    """The page's own form adds a `path`; a node's form adds a child `name` under `parent_id`."""
    parent_id = as_id(data, "parent_id")

    def action() -> str:
        c = categories.add_category(
            db_session, actor=user, path=text(data, "path"), parent_id=parent_id, name=text(data, "name")
        )
        return f"Category {c.path} added (touches {_touched(0)})."

    return _act(request, db_session, user, form_name="add", data=data, node_field="parent_id", action=action)


@post("/taxonomy/rename", name="admin_category_rename", sync_to_thread=True, status_code=303)
def category_rename(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = categories.rename_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_name=text(data, "new_name")
        )
        return f"Renamed to {c.path}; {_touched(n)} will be re-indexed."

    return _act(request, db_session, user, form_name="rename", data=data, node_field="category_id", action=action)


@post("/taxonomy/move", name="admin_category_move", sync_to_thread=True, status_code=303)
def category_move(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = categories.move_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), new_parent=text(data, "new_parent")
        )
        return f"Moved to {c.path}; {_touched(n)} will be re-indexed."

    return _act(request, db_session, user, form_name="move", data=data, node_field="category_id", action=action)


@post("/taxonomy/merge", name="admin_category_merge", sync_to_thread=True, status_code=303)
def category_merge(
    request: Request[Any, Any, Any], db_session: DbSession, user: CurrentUser, data: Form
) -> Template | Redirect:
    def action() -> str:
        c, n = categories.merge_category(
            db_session, actor=user, category_id=as_id(data, "category_id"), into=text(data, "into")
        )
        return f"Merged into {c.path}; {_touched(n)} will be re-indexed."

    return _act(request, db_session, user, form_name="merge", data=data, node_field="category_id", action=action)


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

    return _act(request, db_session, user, form_name="deprecate", data=data, node_field="category_id", action=action)


HANDLERS = [taxonomy_page, category_add, category_rename, category_move, category_merge, category_deprecate]
