"""The fields of the import format (README.md, "Import format"): their names, labels, help
for the template's notes sheet, and the header spellings that map to each automatically."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: between category paths in one cell (the CSV export's convention; paths themselves use " > ")
CATEGORY_SEPARATOR = "|"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool
    help: str
    example: str
    aliases: tuple[str, ...] = ()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", True, "The entry's title, at most 200 characters.", "Shift.ms Twitter Takeover"),
    FieldSpec(
        "organisation",
        "Organisation",
        True,
        "Who made the entry, at most 200 characters.",
        "Shift.ms",
        ("organization", "org", "organisation name", "organization name"),
    ),
    FieldSpec("summary", "Summary", False, "A short summary, at most 1,000 characters.", "Peer support on Twitter."),
    FieldSpec(
        "body",
        "Body",
        False,
        "The full text, in Markdown (at most 100,000 characters). HTML in it is removed when shown.",
        "Each *weekend* a member of the community takes over the account.",
        ("description", "text", "case study"),
    ),
    FieldSpec("award", "Award", True, "The award's name, at most 200 characters.", "Peer network", ("award name",)),
    FieldSpec(
        "cycle",
        "Cycle",
        True,
        "The awards year, a number from 1900 to 2200.",
        "2015",
        ("year", "award year", "cycle year"),
    ),
    FieldSpec(
        "categories",
        "Categories",
        True,
        "At least one category path. Levels are separated by >, several paths by |, e.g. "
        "Acute > Family Care | Mental Health. Paths the catalogue lacks are created. Several "
        "columns may hold categories (a merged header over them, say).",
        "Acute > Family Care > Digital technology | Mental Health",
        ("category", "category path", "category paths"),
    ),
    FieldSpec(
        "status",
        "Status",
        False,
        "One of: draft, submitted, withdrawn, shortlisted, winner, highly commended, not "
        "shortlisted. Empty means submitted.",
        "winner",
        ("outcome", "result"),
    ),
    FieldSpec(
        "published",
        "Published",
        False,
        "yes or no (also true/false, 1/0). Empty means no. A draft or withdrawn entry cannot be published.",
        "yes",
        ("public", "publish", "is published"),
    ),
    FieldSpec(
        "consent",
        "Consent to publish",
        False,
        "yes or no: whether the entrant agreed to publication, so that an unpublished entry can "
        "be published later. Empty means no; a published entry has consent.",
        "yes",
        ("consent", "consent to publication", "consented"),
    ),
    FieldSpec(
        "website",
        "Website",
        False,
        "An address starting with http:// or https://, at most 500 characters.",
        "https://www.shift.ms",
        ("url", "web site", "web address", "link"),
    ),
    FieldSpec(
        "organisation_type",
        "Organisation type",
        False,
        "At most 80 characters.",
        "Charity",
        ("organization type", "org type", "type of organisation"),
    ),
    FieldSpec("region", "Region", False, "At most 80 characters.", "London"),
    FieldSpec(
        "slug",
        "Slug",
        False,
        "The address of the case study page: lower-case letters, digits and single hyphens. "
        "Empty means one is made from the title.",
        "shift-ms-twitter-takeover",
    ),
    FieldSpec(
        "published_at",
        "Published at",
        False,
        "When it was published: a date cell, or text such as 2015-06-30 or 2015-06-30T14:00:00Z. "
        "Empty means the time of the import (for published entries).",
        "2015-06-30",
        ("publication date", "date published", "published on", "published date"),
    ),
)

BY_NAME = {spec.name: spec for spec in FIELDS}
#: the one field that several columns may fill
MULTI_COLUMN = "categories"


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


_MATCHES = {_key(spelling): spec.name for spec in FIELDS for spelling in (spec.name, spec.label, *spec.aliases)}


def match_header(header: str) -> str | None:
    """The field a column header names (case, spaces and punctuation ignored), if any."""
    return _MATCHES.get(_key(header))
