"""/case-studies and /api/case-studies over HTTP with the real engine (embedded, or Meilisearch
under CATALOGUE_TEST_ENGINE=meilisearch)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from catalogue.app import create_app
from tests.public_corpus import SEED_SLUGS

ALL_PUBLISHED = sorted([*SEED_SLUGS, "carers-cafe", "dementia-friendly-wards"])
#: in the taxonomy's order (the seed source's); the Shift.ms case study is filed under every path
TOP_LEVEL_COUNTS = [
    ("Together we can", 1),
    ("Digital technology", 1),
    ("Integrating health and social care", 1),
    ("Digital inclusion", 1),
    ("Learning from carers", 1),
    ("Listening to service users", 1),
    ("Patient Empowerment", 1),
    ("Going the extra mile", 1),
    ("Making Social media work for us", 3),
    ("Acute", 2),
    ("Leadership and Management", 2),
    ("Primary Care", 1),
    ("Community Services", 2),
    ("Mental Health", 2),
    ("Social Care", 2),
    ("Commissioning and Procurement", 1),
]
#: Acute's children, in the source's order: only Family Care has a second case study
ACUTE_CHILDREN = [
    ("Acute > Together we can", 1),
    ("Acute > Family Care", 2),
    ("Acute > Surgery", 1),
    ("Acute > Medicine", 1),
    ("Acute > Clinical Support", 1),
    ("Acute > Learning from carers", 1),
    ("Acute > Listening to service users", 1),
    ("Acute > Patient Empowerment", 1),
]


def _api(client, query: str) -> dict:
    response = client.get("/api/case-studies?" + query)
    assert response.status_code == 200, response.text
    return response.json()


def _slugs(data: dict) -> list[str]:
    return sorted(hit["slug"] for hit in data["hits"])


def _tree(nodes: list[dict]) -> list[tuple]:
    return [(n["path"], n["count"], n["selected"], _tree(n["children"])) for n in nodes]


def test_everything_published_and_nothing_else(public_client):
    data = _api(public_client, "")

    assert (data["total"], _slugs(data)) == (5, ALL_PUBLISHED)
    assert _tree(data["category_tree"]) == [(path, count, False, []) for path, count in TOP_LEVEL_COUNTS]
    assert data["facets"]["status"] == [
        {"value": "shortlisted", "count": 2, "selected": False},
        {"value": "winner", "count": 2, "selected": False},
        {"value": "highly_commended", "count": 1, "selected": False},
    ]


def test_a_typo_still_finds_the_entry(public_client):
    data = _api(public_client, "q=dementa")

    assert _slugs(data) == ["carers-cafe", "dementia-friendly-wards", "local-trust-is-a-top-tweeter"]
    assert data["hits"][0]["slug"] == "dementia-friendly-wards"
    # the typed word is marked in the title (Meilisearch marks the matched prefix "Dementi")
    title_html = data["hits"][0]["title_html"]
    assert title_html.startswith("<mark>Dementi")
    assert title_html.replace("<mark>", "").replace("</mark>", "") == "Dementia friendly hospital wards"


def test_an_unpublished_entry_is_never_found(public_client):
    data = _api(public_client, "q=secret+pilot")

    assert (data["total"], data["hits"]) == (0, [])


def test_choosing_a_category_level_narrows_hits_and_expands_the_tree(public_client):
    data = _api(public_client, "category=Acute")

    assert _slugs(data) == ["dementia-friendly-wards", "shift-ms-twitter-takeover"]
    acute = [node for node in _tree(data["category_tree"]) if node[0] == "Acute"]
    assert acute == [("Acute", 2, True, [(path, count, False, []) for path, count in ACUTE_CHILDREN])]
    # the tree's own counts are disjunctive: the other branches keep their counts
    assert [(n[0], n[1]) for n in _tree(data["category_tree"])] == TOP_LEVEL_COUNTS


def test_two_category_paths_at_once_match_either(public_client):
    data = _api(public_client, "category=Acute+%3E+Family+Care&category=Community+Services")

    assert _slugs(data) == ["carers-cafe", "dementia-friendly-wards", "shift-ms-twitter-takeover"]
    assert data["query"]["category"] == ["Acute > Family Care", "Community Services"]
    expanded = [node for node in _tree(data["category_tree"]) if node[3]]
    assert expanded == [
        (
            "Acute",
            2,
            False,
            [
                (
                    path,
                    count,
                    path == "Acute > Family Care",
                    [
                        ("Acute > Family Care > Digital technology", 1, False, []),
                        ("Acute > Family Care > Digital inclusion", 1, False, []),
                    ]
                    if path == "Acute > Family Care"
                    else [],
                )
                for path, count in ACUTE_CHILDREN
            ],
        ),
        (
            "Community Services",
            2,
            True,
            [
                ("Community Services > Together we can", 1, False, []),
                ("Community Services > Digital technology", 1, False, []),
                ("Community Services > Digital inclusion", 1, False, []),
                ("Community Services > Learning from carers", 2, False, []),
                ("Community Services > Listening to service users", 1, False, []),
                ("Community Services > Patient Empowerment", 1, False, []),
            ],
        ),
    ]


def test_flat_facets_filter_and_combine(public_client):
    data = _api(public_client, "status=winner&cycle=2015")

    assert _slugs(data) == ["local-trust-is-a-top-tweeter", "shift-ms-twitter-takeover"]
    assert data["query"]["status"] == ["winner"] and data["query"]["cycle"] == [2015]


def test_sort_by_title(public_client):
    data = _api(public_client, "sort=title")

    assert [hit["title"] for hit in data["hits"]] == [
        "Carers café in the community",
        "Dementia friendly hospital wards",
        "Local Trust is a top Tweeter",
        "Shift.ms Twitter Takeover",
        "Twitter for social care leaders",
    ]


@pytest.mark.parametrize(
    ("query", "expected_query", "messages"),
    [
        ("page=-1", {"page": 1}, ["Page numbers start at 1, so the first page is shown."]),
        ("page=0", {"page": 1}, ["Page numbers start at 1, so the first page is shown."]),
        (
            "page=1000000000",
            {"page": 1},
            [
                "Only the first 50 pages of results can be shown; add words or filters to narrow the search.",
                "There is only 1 page of results, so the last one is shown.",
            ],
        ),
        ("page=2", {"page": 1}, ["There is only 1 page of results, so the last one is shown."]),
        ("page=abc", {"page": 1}, ["“abc” is not a page number, so the first page is shown."]),
        ("page=1&page=x", {"page": 1}, ["“x” is not a page number, so the first page is shown."]),
        (
            "sort=loudest",
            {"sort": "relevance"},
            ["“loudest” is not a way to sort, so results are sorted by relevance."],
        ),
        ("sort=newest&sort=title", {"sort": "title"}, []),
        ("category=Nowhere+%3E+Land", {"category": []}, ["There is no category “Nowhere > Land”, so it was ignored."]),
        ("category=Acute+%3E+%3E+x", {"category": []}, ["“Acute > > x” is not a category path, so it was ignored."]),
        ("category=+acute+", {"category": []}, ["There is no category “acute”, so it was ignored."]),
        ("category=Acute&category=Acute", {"category": ["Acute"]}, []),
        ("cycle=twenty", {"cycle": []}, ["“twenty” is not a year, so it was ignored."]),
        ("cycle=99999999999999999999", {"cycle": []}, ["“99999999999999999999” is not a year, so it was ignored."]),
        (
            "status=loser",
            {"status": []},
            ["“loser” is not an outcome (winner, highly commended, shortlisted), so it was ignored."],
        ),
        ("status=Highly+commended&status=highly_commended", {"status": ["highly_commended"]}, []),
        ("q=a%00b", {"q": "ab"}, []),
        ("q=%ff%fe", {"q": "\ufffd\ufffd"}, []),
        ("unknown=1&q=", {"q": ""}, []),
    ],
)
def test_bad_input_is_clamped_or_ignored_with_a_message(public_client, query, expected_query, messages):
    data = _api(public_client, query)

    assert {key: data["query"][key] for key in expected_query} == expected_query
    assert data["messages"] == messages


def test_a_10000_character_query_is_shortened_and_kept_in_the_box(public_client):
    typed = "dementia " * 1111 + "x"  # 10,000 characters

    data = _api(public_client, "q=" + quote(typed))
    page = public_client.get("/case-studies", params={"q": typed})

    assert data["messages"] == ["Your search was 10,000 characters long; only the first 500 were used."]
    assert len(data["query"]["q"]) == 500
    assert page.status_code == 200
    assert f'value="{typed}"' in page.text
    assert "Your search was 10,000 characters long; only the first 500 were used." in page.text


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=1000000000",
        "sort=%00",
        "category=%3E",
        "q=" + "é" * 3000,
        "cycle=&status=&award=&region=&organisation_type=&category=&page=&sort=",
    ],
)
def test_the_html_page_never_fails_on_bad_input(public_client, query):
    response = public_client.get("/case-studies?" + query)

    assert response.status_code == 200
    assert response.text.count('id="search-app"') == 1


def test_what_was_typed_stays_in_the_box_with_a_clamp_message(public_client):
    page = public_client.get("/case-studies?q=Dementia+%3Cb%3E&page=-1")

    assert 'value="Dementia &lt;b&gt;"' in page.text
    assert "<li>Page numbers start at 1, so the first page is shown.</li>" in page.text


def test_html_results_carry_highlights_badges_and_facet_links(public_client):
    page = public_client.get("/case-studies?q=dementia&category=Acute")

    assert page.status_code == 200
    assert (
        '<a href="/case-studies/dementia-friendly-wards"><mark>Dementia</mark> friendly hospital wards</a>' in page.text
    )
    assert '<span class="badge badge-highly_commended">Highly commended</span>' in page.text
    # the selected node links back up (deselects), its child drills down, the breadcrumb can remove it
    assert '<a class="facet-link" href="/case-studies?q=dementia" aria-current="true">' in page.text
    assert (
        '<a class="facet-link" href="/case-studies?q=dementia&amp;category=Acute%20%3E%20Family%20Care">' in page.text
    )
    assert (
        '<a class="remove" href="/case-studies?q=dementia">'
        'Remove<span class="visually-hidden"> category Acute</span></a>'
    ) in page.text
    assert '<input type="hidden" form="search-form" name="category" value="Acute">' in page.text


def test_empty_state_offers_ways_out(public_client):
    page = public_client.get("/case-studies?q=zebra&status=winner")

    assert "No case studies found" in page.text
    assert '<a href="/case-studies?q=zebra">search all case studies for “zebra”</a>' in page.text
    assert '<a href="/case-studies?q=zebra">clear all filters</a>' in page.text


def test_htmx_requests_get_the_fragment_with_title_and_status(public_client):
    fragment = public_client.get("/case-studies?q=dementia", headers={"HX-Request": "true"})
    restore = public_client.get(
        "/case-studies?q=dementia", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert fragment.status_code == 200
    assert fragment.headers["vary"] == "HX-Request,Accept-Encoding"
    assert fragment.text.startswith("<title>Case studies matching “dementia” · Catalogue</title>")
    assert "<html" not in fragment.text
    assert (
        '<p id="search-status" class="visually-hidden" role="status" hx-swap-oob="true">3 case studies found.</p>'
    ) in fragment.text
    assert restore.text.startswith("<!doctype html>")


def test_pagination_links_and_deep_page_clamp(session, client):
    from tests.factories import make_nomination

    for i in range(45):
        make_nomination(
            session, title=f"Peer support story {i:02d}", categories=["Peer > Support"], status="winner", published=True
        )
    session.commit()
    client.app.state.ctx.search.drain_outbox()

    page2 = _api(client, "q=peer&page=2")
    html = client.get("/case-studies?q=peer&page=2").text
    beyond = _api(client, "q=peer&page=7")

    assert (page2["total"], page2["page"], page2["page_count"], len(page2["hits"])) == (45, 2, 3, 20)
    assert re.findall(r'<a href="(/case-studies\?q=peer(?:&amp;page=\d)?)"(?: rel="(?:prev|next)")?', html) == [
        "/case-studies?q=peer",
        "/case-studies?q=peer",
        "/case-studies?q=peer&amp;page=2",
        "/case-studies?q=peer&amp;page=3",
        "/case-studies?q=peer&amp;page=3",
    ]
    assert (beyond["page"], len(beyond["hits"]), beyond["messages"]) == (
        3,
        5,
        ["There are only 3 pages of results, so the last one is shown."],
    )


def test_search_outage_is_a_friendly_503(unreachable_search_settings):
    from litestar.testing import TestClient

    with TestClient(create_app(unreachable_search_settings)) as client:
        page = client.get("/case-studies?q=twitter")
        api = client.get("/api/case-studies?q=twitter")

    assert page.status_code == 503
    assert "<h2>Search is temporarily unavailable</h2>" in page.text
    assert 'value="twitter"' in page.text
    assert "Traceback" not in page.text
    assert (api.status_code, api.json()) == (
        503,
        {"status": 503, "error": "Search is temporarily unavailable. Please try again in a moment."},
    )


def test_openapi_documents_the_search_parameters_with_examples(public_client):
    schema = public_client.get("/schema/openapi.json").json()
    operation = schema["paths"]["/api/case-studies"]["get"]

    assert sorted(p["name"] for p in operation["parameters"]) == [
        "award",
        "category",
        "cycle",
        "organisation_type",
        "page",
        "q",
        "region",
        "sort",
        "status",
    ]
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    assert [e["summary"] for e in examples.values()] == ["Winners in a branch"]
