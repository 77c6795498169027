"""Open data: the Atom feed of newly published case studies and the CSV / JSON Lines exports.

The exports use the import format (README.md, "Import format"), so an export can be imported
elsewhere as it is. Builders are pure: rows in, bytes out, a batch at a time so a response can
stream.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.public.queries import PublishedRow, iter_published

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
EXPORT_FIELDS = (
    "slug",
    "title",
    "organisation",
    "organisation_type",
    "region",
    "summary",
    "body",
    "award",
    "cycle",
    "categories",
    "status",
    "published",
    "published_at",
    "website",
)
#: separator between category paths in a CSV cell (paths themselves use " > ")
CSV_PATH_SEPARATOR = " | "
#: a cell starting with one of these is run as a formula by spreadsheet programs
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_record(row: PublishedRow) -> dict[str, Any]:
    """One case study in the import format (plus slug, organisation type, region, dates)."""
    n = row.nomination
    return {
        "slug": n.slug,
        "title": n.title,
        "organisation": n.organisation,
        "organisation_type": n.organisation_type,
        "region": n.region,
        "summary": n.summary,
        "body": n.body,
        "award": row.award,
        "cycle": row.cycle,
        "categories": list(row.category_paths),
        "status": str(n.status),
        "published": True,
        "published_at": _iso(n.published_at),
        "website": n.website,
    }


def jsonl_chunks(batches: Iterable[list[PublishedRow]]) -> Iterator[bytes]:
    for batch in batches:
        yield "".join(json.dumps(export_record(row), ensure_ascii=False) + "\n" for row in batch).encode("utf-8")


def _csv_cell(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(batches: Iterable[list[PublishedRow]]) -> Iterator[bytes]:
    """CSV with a header row; categories joined by ' | '; cells that a spreadsheet would run
    as a formula are prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    yield buffer.getvalue().encode("utf-8")
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        for row in batch:
            record = export_record(row)
            record["categories"] = CSV_PATH_SEPARATOR.join(record["categories"])
            writer.writerow([_csv_cell(record[field]) for field in EXPORT_FIELDS])
        yield buffer.getvalue().encode("utf-8")


def atom_feed(*, rows: list[PublishedRow], base_url: str, now: datetime) -> bytes:
    """An Atom 1.0 feed of case studies, newest first."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", "Catalogue: newly published case studies")
    sub(feed, "subtitle", "Award entries and case studies from health and social care.")
    sub(feed, "id", f"{base_url}/case-studies/feed.atom")
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base_url}/case-studies/feed.atom")
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base_url}/case-studies?sort=newest")
    sub(feed, "updated", _iso(rows[0].nomination.published_at) if rows else _iso(now))
    sub(sub(feed, "author"), "name", "Catalogue")
    for row in rows:
        n = row.nomination
        url = f"{base_url}/case-studies/{n.slug}"
        entry = sub(feed, "entry")
        sub(entry, "title", n.title)
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "published", _iso(n.published_at))
        sub(
            entry,
            "updated",
            _iso(n.updated_at if n.updated_at and n.published_at and n.updated_at > n.published_at else n.published_at),
        )
        sub(sub(entry, "author"), "name", n.organisation)
        sub(entry, "summary", n.summary or n.title)
        for path in row.category_paths:
            sub(entry, "category", term=path, label=path)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


EXPORT_FORMATS = {
    "csv": ("text/csv", csv_chunks),
    "jsonl": ("application/x-ndjson", jsonl_chunks),
}


def export_stream(*, db_engine: Engine, fmt: str) -> Iterator[bytes]:
    """Every published case study in `fmt` (csv or jsonl), read in batches by its own session
    so the response can stream after the request's session has closed."""
    _, builder = EXPORT_FORMATS[fmt]
    with Session(db_engine) as session:
        yield from builder(iter_published(session))


def latest_feed(*, session: Session, base_url: str, now: datetime) -> bytes:
    rows = [row for batch in iter_published(session, newest_first=True, limit=FEED_SIZE) for row in batch]
    return atom_feed(rows=rows, base_url=base_url, now=now)
