"""Markdown to safe HTML, and Markdown to plain text (for search documents)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from catalogue.text import LINK_SCHEMES, UGC_LINK_REL

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # raw HTML in the source is shown as text, not passed through; bare web addresses
    # become links (linkify-it, as catalogue.text.linkify)
    return MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])


def render_markdown(text: str) -> Markup:
    """Render entrant-written Markdown and sanitise the result with nh3 (ammonia)."""
    html = _markdown().render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=LINK_SCHEMES,
        link_rel=UGC_LINK_REL,
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above


# Text with none of these characters, and no line opening like a list, heading rule or
# numbered item, renders to itself: Markdown would only collapse its whitespace.
_MARKDOWN_CHARS = re.compile(r"[\\`*_\[\]<>&#!~|]")
_BLOCK_START = re.compile(r"^[ \t]*[-+=0-9]", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown body: rendered, tags stripped, entities decoded, spaces collapsed.

    Skips the (slow) renderer when it cannot change anything: equal to `rendered_text`
    for every input (property-tested)."""
    if not _MARKDOWN_CHARS.search(text) and not _BLOCK_START.search(text):
        return " ".join(text.split())
    return rendered_text(text)


def rendered_text(text: str) -> str:
    """`markdown_to_text` the long way, through the renderer."""
    rendered = _markdown().render(text or "")
    spaced = rendered.replace("</p>", "</p> ").replace("<br />", " ").replace("</li>", "</li> ")
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())
