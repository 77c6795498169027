from seed.load import load_seed
from tests.factories import make_nomination

NOT_FOUND_JSON = {"status": 404, "error": "No published case study has this address."}


def _seeded(session):
    load_seed(session)
    session.commit()


def test_seed_case_study_pages_render_with_sanitised_markdown(session, client):
    _seeded(session)

    page = client.get("/case-studies/shift-ms-twitter-takeover")

    assert page.status_code == 200
    assert "<h1>Shift.ms Twitter Takeover</h1>" in page.text
    assert "<p>Most people with multiple sclerosis (MSers) are diagnosed" in page.text
    assert '<a href="/case-studies?category=Acute%20%3E%20Family%20Care%20%3E%20Digital%20technology">' in page.text


def test_markdown_body_is_sanitised(session, client):
    _seeded(session)
    make_nomination(
        session,
        title="Risky",
        published=True,
        slug="risky",
        body="Hi <script>alert(1)</script> [x](javascript:alert(2)) **bold**",
    )
    session.commit()

    page = client.get("/case-studies/risky")

    assert page.status_code == 200
    assert "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) <strong>bold</strong></p>" in page.text
    assert "<script>alert" not in page.text


def test_unpublished_entries_are_404_exactly_like_unknown_slugs(session, client):
    _seeded(session)
    make_nomination(session, title="Secret", slug="secret-entry", status="winner", published=False)
    session.commit()

    unpublished, unknown = client.get("/case-studies/secret-entry"), client.get("/case-studies/no-such-entry")
    api_unpublished = client.get("/api/case-studies/secret-entry")
    api_unknown = client.get("/api/case-studies/no-such-entry")

    assert (unpublished.status_code, unknown.status_code) == (404, 404)
    assert unpublished.text == unknown.text
    assert (api_unpublished.status_code, api_unpublished.json()) == (404, NOT_FOUND_JSON)
    assert (api_unknown.status_code, api_unknown.json()) == (404, NOT_FOUND_JSON)


def test_api_case_study(session, client):
    _seeded(session)

    data = client.get("/api/case-studies/local-trust-is-a-top-tweeter").json()

    assert {k: data[k] for k in ("slug", "title", "organisation", "cycle", "status", "categories")} == {
        "slug": "local-trust-is-a-top-tweeter",
        "title": "Local Trust is a top Tweeter",
        "organisation": "South West Yorkshire Partnership NHS Foundation Trust",
        "cycle": 2015,
        "status": "winner",
        "categories": [
            "Making Social media work for us",
            "Mental Health > Digital technology",
            "Mental Health > Together we can",
        ],
    }


def test_api_categories_counts_published_entries_with_descendants(session, client):
    _seeded(session)
    make_nomination(session, categories=["Acute > Family Care > Digital technology"], published=False)
    session.commit()
    client.app.state.ctx.search.drain_outbox()  # the counts are the search engine's facets

    tree = client.get("/api/categories").json()

    acute = next(node for node in tree if node["path"] == "Acute")
    family = next(node for node in acute["children"] if node["path"] == "Acute > Family Care")
    digital = family["children"][0]
    assert (acute["count"], family["count"]) == (1, 1)
    assert digital == {
        "name": "Digital technology",
        "path": "Acute > Family Care > Digital technology",
        "slug": "digital-technology",
        "depth": 2,
        "deprecated": False,
        "count": 1,
        "children": [],
    }


def test_errors_render_html_for_browsers_and_json_for_the_api(client):
    html = client.get("/nowhere", headers={"accept": "text/html"})
    api = client.get("/api/nowhere")

    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html")
    assert "<h1>Not Found</h1>" in html.text
    assert (api.status_code, api.json()) == (404, {"status": 404, "error": "Not Found"})


def test_security_headers_and_gzip(session, client):
    _seeded(session)

    response = client.get("/", headers={"accept-encoding": "gzip"})

    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["content-encoding"] == "gzip"


def test_healthz_reports_the_database_the_engine_and_the_backlog(session, client):
    make_nomination(session, title="Queued")
    session.commit()

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "search": "ok", "install": "ok", "outbox_backlog": 1},
    )
