"""HSTS: sent in production when the public URL is https; never in development or on http."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from catalogue.app import create_app
from catalogue.security import STRICT_TRANSPORT_SECURITY


@pytest.mark.parametrize(
    ("env", "base_url", "expected"),
    [
        ("production", "https://awards.example.org", STRICT_TRANSPORT_SECURITY),
        ("production", "http://awards.example.org", None),
        ("development", "https://awards.example.org", None),
        ("test", "https://awards.example.org", None),
    ],
)
def test_strict_transport_security(make_settings, env, base_url, expected):
    with TestClient(create_app(make_settings(env=env, base_url=base_url))) as client:
        for path in ("/", "/healthz", "/static/css/site.css", "/no-such-page"):
            response = client.get(path)
            assert response.headers.get("strict-transport-security") == expected, path


def test_hsts_value_is_a_year_with_subdomains():
    assert STRICT_TRANSPORT_SECURITY == "max-age=31536000; includeSubDomains"
