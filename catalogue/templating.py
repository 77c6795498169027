"""Jinja2 environment: filters and globals every template may use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from litestar.plugins.jinja import JinjaTemplateEngine

from catalogue.assets import asset_url, plain_asset_url
from catalogue.navigation import visitor
from catalogue.nominations.window import effective_deadline
from catalogue.rendering import render_markdown
from catalogue.taxonomy.models import PATH_SEPARATOR
from catalogue.text import UGC_LINK_REL, linkify
from catalogue.timeutil import uk_date, uk_datetime, uk_parts

STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "withdrawn": "Withdrawn",
    "shortlisted": "Shortlisted",
    "winner": "Winner",
    "highly_commended": "Highly commended",
    "not_shortlisted": "Not shortlisted",
}


@dataclass(kw_only=True)
class PathNode:
    """One category of a nested picker. `index`: its 1-based place in the flat list (stable
    control ids), 0 for a parent that is not itself offered and only groups its children."""

    name: str
    path: str
    parent: str
    index: int
    children: list[PathNode] = field(default_factory=list)


def path_tree(paths: Iterable[str]) -> list[PathNode]:
    """Nest flat label paths ("Acute > Surgery") under their parents, in the order given."""
    nodes: dict[str, PathNode] = {}
    roots: list[PathNode] = []

    def node_for(path: str, index: int) -> PathNode:
        if path in nodes:
            if index:
                nodes[path].index = index
            return nodes[path]
        parent, _, name = path.rpartition(PATH_SEPARATOR)
        node = nodes[path] = PathNode(name=name, path=path, parent=parent, index=index)
        (node_for(parent, 0).children if parent else roots).append(node)
        return node

    for index, path in enumerate(paths, start=1):
        node_for(path, index)
    return roots


def configure_template_engine(engine: JinjaTemplateEngine, *, reload_templates: bool, plain_asset_urls: bool) -> None:
    """`reload_templates`: check each template file for changes on every render (development);
    otherwise templates load once per process (a stat per render saved). `plain_asset_urls`:
    link `/static/...` (briefly cached), so a developer's edit to a stylesheet shows on reload
    rather than hiding behind a cache-forever URL."""
    env = engine.engine
    env.auto_reload = reload_templates
    env.filters["date"] = uk_date
    env.filters["datetime"] = uk_datetime
    env.filters["path_tree"] = path_tree
    env.filters["linkify"] = linkify
    #: Markdown through the project's sanitiser, as entry bodies are
    env.filters["markdown"] = render_markdown
    env.globals["UGC_LINK_REL"] = UGC_LINK_REL
    env.globals["asset_url"] = plain_asset_url if plain_asset_urls else asset_url
    env.globals["uk_parts"] = uk_parts
    env.globals["effective_deadline"] = lambda award, cycle: effective_deadline(award=award, cycle=cycle)
    env.filters["status_label"] = lambda status: STATUS_LABELS.get(str(status), str(status))
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["visitor"] = visitor
    env.trim_blocks = True
    env.lstrip_blocks = True
