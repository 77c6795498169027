"""Login throttling on the shared store, in-process and on a real Redis: the guesser waits
longer and longer, the owner with the right password from their own address gets in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from litestar.testing import TestClient

from catalogue.accounts.domain import create_user
from catalogue.accounts.ratelimit import DEFAULT_POLICY, Policy, growing_delay
from catalogue.app import create_app
from tests.judging_world import PASSWORD, csrf_token

#: waits of a minute and more: a test never races a wait that ends before its next request
SLOW = Policy(first_wait=60, account_cap=120)
PAIR_FREE, ADDRESS_LIMIT = SLOW.pair_free, SLOW.address_limit
OWNER = "198.51.100.7"
ATTACKER = "203.0.113.66"


class FromLoopback:
    """The app as a reverse proxy on 127.0.0.1 reaches it (TestClient's peer is no address)."""

    def __init__(self, app) -> None:
        self.app = app

    def __getattr__(self, name):
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope["client"] = ("127.0.0.1", 40000)
        await self.app(scope, receive, send)


@pytest.fixture
def throttled(store_settings, session) -> Iterator[TestClient]:
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Judge")
    create_user(session, email="other@example.org", role="judge", password=PASSWORD, display_name="Other")
    session.commit()
    app = create_app(replace(store_settings, trusted_proxies=("127.0.0.1/32",)))
    app.state.login_policy = SLOW
    with TestClient(FromLoopback(app)) as client:
        yield client


def attempt(client: TestClient, *, address: str, email: str = "judge@example.org", password: str = PASSWORD):
    client.cookies.clear()
    headers = {"x-forwarded-for": f"10.9.9.9, {address}"}  # the left hop is the client's own claim
    return client.post(
        "/login",
        data={"_csrf_token": csrf_token(client), "email": email, "password": password},
        headers=headers,
        follow_redirects=False,
    )


def test_the_wait_grows_from_the_third_failure_and_is_capped():
    assert [growing_delay(failures=n, free=3, cap=900) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 16]
    assert growing_delay(failures=40, free=3, cap=900) == 900
    assert DEFAULT_POLICY.pair_cap == 900 and DEFAULT_POLICY.account_cap == 30


def test_the_attacker_waits_while_the_owner_gets_in(throttled):
    statuses = [attempt(throttled, address=ATTACKER, password=f"guess {i}").status_code for i in range(PAIR_FREE)]
    assert statuses == [400] * PAIR_FREE
    blocked = attempt(throttled, address=ATTACKER)  # even the right password must wait
    assert blocked.status_code == 429
    assert 50 <= int(blocked.headers["retry-after"]) <= 60
    assert "Too many failed sign-in attempts. Try again in" in blocked.text
    # the owner, from their own address, with the right password: straight in
    owner = attempt(throttled, address=OWNER)
    assert (owner.status_code, owner.headers["location"]) == (303, "/judging")


def test_many_addresses_only_slow_an_account_and_never_its_known_owner(throttled):
    assert attempt(throttled, address=OWNER).status_code == 303  # the owner's address is known
    for n in range(SLOW.account_free):  # one failure each from many addresses: no pair waits
        assert attempt(throttled, address=f"203.0.113.{n}", password="wrong").status_code == 400
    slowed = attempt(throttled, address="203.0.113.200")
    assert slowed.status_code == 429
    assert int(slowed.headers["retry-after"]) <= SLOW.account_cap  # bounded, not a lockout
    assert attempt(throttled, address=OWNER).status_code == 303


def test_an_address_is_limited_across_accounts(throttled):
    for n in range(ADDRESS_LIMIT):
        assert attempt(throttled, address=ATTACKER, email=f"guess{n}@example.org", password="x").status_code == 400
    assert attempt(throttled, address=ATTACKER, email="other@example.org").status_code == 429
    assert attempt(throttled, address=OWNER, email="other@example.org").status_code == 303


def test_without_trusted_proxies_x_forwarded_for_is_ignored(store_settings, session):
    """A client naming a new address in each request is still one address."""
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Judge")
    session.commit()
    app = create_app(store_settings)
    app.state.login_policy = SLOW
    with TestClient(FromLoopback(app)) as client:
        for n in range(PAIR_FREE):
            assert attempt(client, address=f"192.0.2.{n}", password="wrong").status_code == 400
        assert attempt(client, address="192.0.2.99").status_code == 429
