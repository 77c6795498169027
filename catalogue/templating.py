"""Jinja2 environment: filters and globals every template may use."""

from __future__ import annotations

from datetime import datetime

from litestar.plugins.jinja import JinjaTemplateEngine

from catalogue.navigation import visitor

STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "withdrawn": "Withdrawn",
    "shortlisted": "Shortlisted",
    "winner": "Winner",
    "highly_commended": "Highly commended",
    "not_shortlisted": "Not shortlisted",
}


def format_date(value: datetime | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def configure_template_engine(engine: JinjaTemplateEngine, *, reload_templates: bool) -> None:
    """`reload_templates`: check each template file for changes on every render (development);
    otherwise templates load once per process (a stat per render saved)."""
    env = engine.engine
    env.auto_reload = reload_templates
    env.filters["date"] = format_date
    env.filters["status_label"] = lambda status: STATUS_LABELS.get(str(status), str(status))
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["visitor"] = visitor
    env.trim_blocks = True
    env.lstrip_blocks = True
