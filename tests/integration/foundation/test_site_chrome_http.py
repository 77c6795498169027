"""Over HTTP: the API documentation page has no inline script or style and loads nothing from
elsewhere; every response, a 404 for an unknown path included, has the security headers;
/favicon.ico is the site's icon; case-study summaries link their bare addresses."""

from __future__ import annotations

import re

from catalogue.accounts.domain import create_user
from catalogue.assets import asset_url
from catalogue.security import SECURITY_HEADERS
from tests.factories import make_nomination
from tests.judging_world import PASSWORD, sign_in_as


def test_the_api_documentation_page_is_ours_and_csp_clean(client):
    page = client.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == SECURITY_HEADERS["content-security-policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert [re.findall(r'src="([^"]+)"', attrs) for attrs, _ in scripts] == [
        [asset_url("vendor/htmx/htmx.min.js")],
        [asset_url("vendor/swagger-ui/swagger-ui-bundle.js")],
        [asset_url("js/api-docs.js")],
    ]
    assert all(body.strip() == "" for _, body in scripts)  # no inline script
    assert "<style" not in page.text and " style=" not in page.text
    assert re.findall(r'(?:src|href)="(https?:)?//', page.text) == []  # nothing from another host
    assert 'data-spec-url="/schema/openapi.json"' in page.text
    for asset in (asset_url("vendor/swagger-ui/swagger-ui-bundle.js"), asset_url("vendor/swagger-ui/swagger-ui.css")):
        assert client.get(asset).status_code == 200, asset


def test_a_404_for_a_path_no_route_serves_has_every_security_header(client):
    for path in ("/no-such-page", "/api/no-such-thing", "/static/no-such-file.css"):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 404, path
        assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, path


def test_favicon_ico_is_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response.headers["content-type"]) == (200, "image/svg+xml")
    assert response.text.startswith("<svg")
    assert client.head("/favicon.ico").status_code == 200


def test_a_case_study_summary_links_its_bare_addresses(session, client):
    make_nomination(
        session,
        title="Linked",
        published=True,
        slug="linked",
        summary="Our report: https://example.org/report. <b>Not bold</b> javascript:alert(1)",
    )
    session.commit()
    page = client.get("/case-studies/linked")
    assert page.status_code == 200
    assert (
        '<p class="lead">Our report: <a href="https://example.org/report" rel="nofollow ugc noopener noreferrer">'
        "https://example.org/report</a>. &lt;b&gt;Not bold&lt;/b&gt; javascript:alert(1)</p>"
    ) in page.text


def test_error_pages_greet_the_signed_in_user_and_never_offer_to_sign_in_again(session, client):
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Jo Judge")
    session.commit()
    sign_in_as(client, "judge@example.org")

    refused = client.get("/admin", headers={"accept": "text/html"})
    assert refused.status_code == 403
    assert "You are signed in as <strong>Jo Judge</strong> (judge)." in refused.text
    assert 'href="/login"' not in refused.text
    assert '<a href="/judging">Judging</a>' in refused.text and 'href="/admin"' not in refused.text

    # a form sent without its CSRF token is refused before anyone looks at who is signed in
    no_token = client.post("/logout", headers={"accept": "text/html"})
    assert no_token.status_code == 403
    assert 'href="/login"' not in no_token.text and "signed in as" not in no_token.text
