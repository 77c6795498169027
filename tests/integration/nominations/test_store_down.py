"""A shared store (real redis-server) that goes down: signing in and sending entries answer a
clear 503 (HTML for browsers, JSON for the API), nothing is accepted and lost, and both work
again once it is back."""

from __future__ import annotations

from dataclasses import replace

from litestar.testing import TestClient
from sqlmodel import select

from catalogue.accounts.domain import create_user
from catalogue.app import create_app
from catalogue.nominations.models import Nomination
from catalogue.stores import StoreUnavailable
from tests.integration.nominations.conftest import VALID, open_form, post_form
from tests.integration.nominations.conftest import submit as submit_form
from tests.integration.nominations.test_api import ENTRY
from tests.judging_world import PASSWORD, csrf_token

MESSAGE = StoreUnavailable.detail


def _login(client: TestClient):
    client.cookies.clear()
    return client.post(
        "/login",
        data={"_csrf_token": csrf_token(client), "email": "judge@example.org", "password": PASSWORD},
        follow_redirects=False,
    )


def test_a_store_outage_is_a_503_and_nothing_is_lost(settings, award, session, redis_process, caplog):
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Judge")
    session.commit()
    with TestClient(create_app(replace(settings, store_url=redis_process.url))) as client:
        redis_process.stop()

        page = _login(client)
        assert page.status_code == 503
        assert "text/html" in page.headers["content-type"]
        assert MESSAGE in page.text.replace("&#39;", "'")
        assert "Traceback" not in page.text

        api = client.post("/api/nominations", json={**ENTRY, "award_id": award.id})
        assert (api.status_code, api.json()) == (503, {"status": 503, "error": MESSAGE})

        form = open_form(client, award.id)  # pages that need no store keep working
        fields = {**VALID, "action": "submit", "submission_key": form.submission_key}
        entry = post_form(client, f"/nominate/{award.id}", csrf=form.csrf, fields=fields)
        assert entry.status_code == 503
        session.expire_all()
        assert session.exec(select(Nomination.id)).all() == []

        redis_process.start()
        assert _login(client).status_code == 303
        assert submit_form(client, award.id).status_code == 201
    assert "store unavailable" in caplog.text
