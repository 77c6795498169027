"""Case-study page (related, Open Graph, category links), Atom feed and streamed exports."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

from catalogue.importing import auto_mapping, read_table, validate

ATOM = "{http://www.w3.org/2005/Atom}"


def test_case_study_page_has_related_open_graph_and_category_links(public_client):
    page = public_client.get("/case-studies/dementia-friendly-wards")

    assert page.status_code == 200
    assert '<meta property="og:title" content="Dementia friendly hospital wards">' in page.text
    assert '<meta property="og:url" content="http://127.0.0.1:8000/case-studies/dementia-friendly-wards">' in page.text
    assert (
        '<li><a href="/case-studies?category=Acute">Acute</a></li><li><a href="/case-studies?'
        'category=Acute%20%3E%20Family%20Care">Family Care</a></li>'
    ) in page.text
    related = page.text.split('id="related-title"')[1]
    assert [line.split('"')[1] for line in related.split("<h3><a href=")[1:]] == [
        "/case-studies/shift-ms-twitter-takeover"
    ]
    assert '<dd><span class="badge badge-highly_commended">Highly commended</span></dd>' in page.text


def test_atom_feed_lists_published_case_studies_newest_first(public_client):
    response = public_client.get("/case-studies/feed.atom")
    feed = ET.fromstring(response.content)  # noqa: S314 - the app's own feed, not untrusted input

    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert [e.findtext(f"{ATOM}id", "").rsplit("/", 1)[1] for e in feed.findall(f"{ATOM}entry")] == [
        "carers-cafe",
        "dementia-friendly-wards",
        "shift-ms-twitter-takeover",
        "twitter-for-social-care-leaders",
        "local-trust-is-a-top-tweeter",
    ]
    assert [c.get("term") for c in feed.findall(f"{ATOM}entry")[1].findall(f"{ATOM}category")] == [
        "Acute > Family Care"
    ]


def test_jsonl_export_streams_every_published_case_study_in_the_import_format(public_client):
    response = public_client.get("/case-studies/export.jsonl")
    lines = response.text.splitlines()

    assert response.headers["content-disposition"] == 'attachment; filename="case-studies.jsonl"'
    assert sorted(json.loads(line)["slug"] for line in lines) == [
        "carers-cafe",
        "dementia-friendly-wards",
        "local-trust-is-a-top-tweeter",
        "shift-ms-twitter-takeover",
        "twitter-for-social-care-leaders",
    ]
    table = read_table(response.content, filename="case-studies.jsonl")
    parsed = validate(table, auto_mapping(table.headers), reject_unmapped=True)  # the export imports as it is
    cafe = next(entry for entry in parsed if entry.slug == "carers-cafe")
    assert (cafe.title, cafe.award, cafe.cycle, cafe.categories, cafe.status, cafe.published) == (
        "Carers café in the community",
        "Dementia care award",
        2016,
        ["Community Services > Learning from carers"],
        "shortlisted",
        True,
    )


def test_csv_export_has_a_header_and_one_row_per_case_study(public_client):
    response = public_client.get("/case-studies/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert sorted((r["slug"], r["categories"]) for r in rows)[:2] == [
        ("carers-cafe", "Community Services > Learning from carers"),
        ("dementia-friendly-wards", "Acute > Family Care"),
    ]
    assert len(rows) == 5
    table = read_table(response.content, filename="case-studies.csv")
    assert len(validate(table, auto_mapping(table.headers), reject_unmapped=True)) == 5  # imports as it is
