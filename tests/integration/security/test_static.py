"""Static files: a name the OS cannot hold is a missing file, not a server error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/static/a%00.css", "/static/css/%00", "/static/css/site.css%00.css"])
def test_null_byte_in_a_static_path_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_static_files_keep_their_cache_control(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "max-age=3600"
