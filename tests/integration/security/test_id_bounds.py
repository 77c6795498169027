"""Ids beyond what a 64-bit row id holds: a page that does not exist (path) or a bad input
naming the field (query string, form, JSON), never a 500 from the database driver."""

from __future__ import annotations

import re

import pytest

from catalogue.params import MAX_ID
from tests.judging_world import csrf_token, sign_in_as, world  # noqa: F401 - fixture

HUGE = "99999999999999999999"
TOO_BIG = str(MAX_ID + 1)
_INT_PARAM = re.compile(r"\{(\w+):int\}")


def _role_for(path: str) -> str | None:
    if path.startswith("/admin"):
        return "admin@example.org"
    if path.startswith("/judging"):
        return "judge.a@example.org"
    return None


def id_routes(app) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if not _INT_PARAM.search(route.path):
            continue
        for method in getattr(route, "route_handler_map", {}):
            if method in ("GET", "POST"):
                found.append((method, route.path))
    return sorted(found)


def test_routes_with_ids_are_many(client):
    """The walk below covers every route with an int in its path (guards against a rename)."""
    paths = {path for _, path in id_routes(client.app)}
    assert "/nominate/{award_id:int}" in paths
    assert "/judging/entries/{nomination_id:int}" in paths
    assert "/admin/criteria/{criterion_id:int}/delete" in paths
    assert len(paths) >= 10


@pytest.mark.parametrize("value", [HUGE, TOO_BIG, "0"])
def test_every_path_id_out_of_range_is_404(world, client, value):  # noqa: F811 - fixture
    failures = []
    for method, template in id_routes(client.app):
        client.cookies.clear()
        email = _role_for(template)
        if email:
            sign_in_as(client, email)
        url = _INT_PARAM.sub(value, template).replace("{token:str}", "x" * 30)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post(url, data={"_csrf_token": csrf_token(client)}, follow_redirects=False)
        if response.status_code != 404:
            failures.append((method, url, response.status_code))
        elif "text/html" in response.headers.get("content-type", ""):
            assert "Not Found" in response.text
    assert failures == []


def test_anonymous_nominate_page_with_huge_id_is_404(client):
    response = client.get(f"/nominate/{HUGE}")
    assert response.status_code == 404
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/admin/entries", "award"),
        *[
            (path, field)
            for path in ("/admin/results", "/admin/results/rankings.csv", "/admin/results/scores.csv")
            for field in ("award", "cycle")
        ],
    ],
)
def test_query_id_out_of_range_is_400_naming_the_field(world, client, path, field):  # noqa: F811 - fixture
    sign_in_as(client, "admin@example.org")
    response = client.get(f"{path}?{field}={HUGE}", headers={"accept": "application/json"})
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/admin/assignments", "judge_id"),
        ("/admin/assignments", "award_id"),
        ("/admin/assignments", "category_id"),
        ("/admin/cycles", "programme_id"),
        ("/admin/awards", "cycle_id"),
        ("/admin/taxonomy/rename", "category_id"),
        ("/admin/taxonomy/move", "category_id"),
        ("/admin/taxonomy/merge", "category_id"),
        ("/admin/taxonomy/add", "parent_id"),
        ("/admin/taxonomy/deprecate", "category_id"),
    ],
)
def test_form_id_out_of_range_is_400_naming_the_field(world, client, path, field):  # noqa: F811 - fixture
    sign_in_as(client, "admin@example.org")
    response = client.post(
        path, data={"_csrf_token": csrf_token(client), field: HUGE, "category_id": "1"} | {field: HUGE}
    )
    assert response.status_code == 400
    assert field in response.text


def test_api_award_id_out_of_range_is_400_naming_the_field(client):
    response = client.post("/api/nominations", json={"award_id": int(HUGE), "title": "x"})
    assert response.status_code == 400
    assert "award_id" in [e["field"] for e in response.json()["errors"]]
