"""The app's store registry: in-process without CATALOGUE_STORE_URL, Redis with it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.testing import TestClient

from catalogue.app import create_app
from catalogue.settings import SettingsError, load_settings


def test_without_a_url_the_named_stores_are_in_process(settings):
    app = create_app(settings)
    assert isinstance(app.stores.get("sessions"), MemoryStore)
    assert app.stores.get("sessions") is app.stores.get("sessions")
    assert app.stores.get("sessions") is not app.stores.get("other")


def test_with_a_url_the_named_stores_share_one_redis_in_their_own_namespaces(settings, redis_server):
    app = create_app(replace(settings, store_url=redis_server))
    sessions, other = app.stores.get("sessions"), app.stores.get("other")
    assert isinstance(sessions, RedisStore) and isinstance(other, RedisStore)
    assert sessions._redis is other._redis  # one connection pool

    async def roundtrip() -> tuple[bytes | None, bytes | None]:
        await sessions.set("k", b"v", expires_in=60)
        return await sessions.get("k"), await other.get("k")

    with TestClient(app) as client, client.portal() as portal:
        assert client.get("/healthz").status_code == 200
        assert portal.call(roundtrip) == (b"v", None)
    # a second app (another replica) on the same server sees the same entry
    with TestClient(create_app(replace(settings, store_url=redis_server))) as client, client.portal() as portal:
        assert portal.call(client.app.stores.get("sessions").get, "k") == b"v"


@pytest.mark.parametrize(
    "url", ["redis://h:6379/0", "rediss://u:p@h:6380/1", "unix:///run/redis.sock", "valkey://valkey:6379/0"]
)
def test_store_url_accepts_redis_and_valkey_urls(url):
    settings = load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_STORE_URL": url})
    assert settings.store_url.startswith(("redis://", "rediss://", "unix://"))
    assert "p@" not in repr(settings)


@pytest.mark.parametrize("url", ["http://h:6379", "memcached://h", "h:6379"])
def test_store_url_refuses_anything_else_in_one_line(url):
    with pytest.raises(SettingsError, match=r"^CATALOGUE_STORE_URL must start with redis://") as info:
        load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_STORE_URL": url})
    assert "\n" not in str(info.value)


def test_trusted_proxies_are_ips_or_networks():
    settings = load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_TRUSTED_PROXIES": "10.0.0.5, 172.16.0.0/12"})
    assert settings.trusted_proxies == ("10.0.0.5/32", "172.16.0.0/12")
    assert load_settings({"CATALOGUE_ENV": "development"}).trusted_proxies == ()
    with pytest.raises(SettingsError, match=r"CATALOGUE_TRUSTED_PROXIES: 'proxy\.local' is not an IP"):
        load_settings({"CATALOGUE_ENV": "development", "CATALOGUE_TRUSTED_PROXIES": "proxy.local"})
