"""Static files: a name the OS cannot hold is a missing file, not a server error."""

from __future__ import annotations

import re

import pytest

from catalogue import assets
from catalogue.assets import STATIC_DIR, static_digest


@pytest.mark.parametrize("path", ["/static/a%00.css", "/static/css/%00", "/static/css/site.css%00.css"])
def test_null_byte_in_a_static_path_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_static_files_keep_their_cache_control(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "max-age=3600"


def test_pages_link_content_hashed_assets_cached_forever(client):
    page = client.get("/")
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert stylesheet is not None
    assert stylesheet.group(1) == f"/assets/{static_digest()}/css/site.css"
    response = client.get(stylesheet.group(1))
    assert (response.status_code, response.headers["cache-control"]) == (200, "max-age=31536000, public, immutable")
    assert response.content == (STATIC_DIR / "css" / "site.css").read_bytes()
    assert "set-cookie" not in response.headers


def test_an_asset_of_another_release_goes_to_the_plain_url(client):
    response = client.get("/assets/0123456789abcdef/css/site.css", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (307, "/static/css/site.css")
    assert client.get("/assets/0123456789abcdef/css/site.css").status_code == 200
    assert client.get("/assets/0123456789abcdef/css/none.css").status_code == 404


def test_the_digest_changes_with_any_file(tmp_path, monkeypatch):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("a{}")
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    assets.static_digest.cache_clear()
    try:
        before = assets.static_digest()
        (tmp_path / "css" / "a.css").write_text("a{color:red}")
        assets.static_digest.cache_clear()
        assert assets.static_digest() != before
    finally:
        monkeypatch.undo()
        assets.static_digest.cache_clear()


@pytest.mark.parametrize(
    "path", ["/assets/x/a%0d%0aSet-Cookie:%20a=b", "/assets/x/%2F%2Fevil.example/a.css", "/assets/x/a%00.css"]
)
def test_a_hostile_asset_path_stays_on_this_site(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (307, 404), response.text
    assert "a" not in response.cookies
    assert response.headers.get("location", "/static/").startswith("/static/")
    assert not response.headers.get("location", "").startswith("/static//")
