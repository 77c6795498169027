"""Jinja2 environment: filters and globals every template may use."""

from __future__ import annotations

from litestar.plugins.jinja import JinjaTemplateEngine

from catalogue.nominations.window import effective_deadline
from catalogue.rendering import render_markdown
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


def configure_template_engine(engine: JinjaTemplateEngine, *, reload_templates: bool) -> None:
    """`reload_templates`: check each template file for changes on every render (development);
    otherwise templates load once per process (a stat per render saved)."""
    env = engine.engine
    env.auto_reload = reload_templates
    env.filters["date"] = uk_date
    env.filters["datetime"] = uk_datetime
    #: Markdown through the project's sanitiser, as entry bodies are
    env.filters["markdown"] = render_markdown
    env.globals["uk_parts"] = uk_parts
    env.globals["effective_deadline"] = lambda award, cycle: effective_deadline(award=award, cycle=cycle)
    env.filters["status_label"] = lambda status: STATUS_LABELS.get(str(status), str(status))
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.trim_blocks = True
    env.lstrip_blocks = True
