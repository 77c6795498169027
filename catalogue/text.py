"""Small text helpers shared across areas."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3
from linkify_it import LinkifyIt
from markupsafe import Markup, escape

#: rel of every link in text people sent us: no endorsement (nofollow), user-generated (ugc),
#: and the page opened knows nothing of ours (noopener noreferrer)
UGC_LINK_REL = "nofollow ugc noopener noreferrer"
#: the only kinds of address a link in such text may have
LINK_SCHEMES = {"http", "https", "mailto"}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = 120) -> str:
    """ASCII, lower-case, hyphen-separated; never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")
    return slug or "item"


@lru_cache(maxsize=1)
def _linkifier() -> LinkifyIt:
    # web and mail addresses only: no ftp:, no protocol-relative //host
    return LinkifyIt().add("ftp:", None).add("//", None)


def linkify(text: str) -> Markup:
    """Plain text as HTML, its bare web addresses (`https://…`, `www.…`) and e-mail
    addresses made links. linkify-it finds them; everything is escaped, and nh3 keeps
    only http(s) and mailto addresses and sets `rel` (UGC_LINK_REL) on every link."""
    parts: list[str] = []
    last = 0
    for match in _linkifier().match(text or "") or []:
        parts.append(escape(text[last : match.index]))
        parts.append(f'<a href="{escape(match.url)}">{escape(match.text)}</a>')
        last = match.last_index
    parts.append(escape((text or "")[last:]))
    cleaned = nh3.clean(
        "".join(parts), tags={"a"}, attributes={"a": {"href"}}, url_schemes=LINK_SCHEMES, link_rel=UGC_LINK_REL
    )
    return Markup(cleaned)  # noqa: S704 - escaped above, then sanitised by nh3
