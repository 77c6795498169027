"""Server-side sessions that can be ended: sign-out, a password change and an administrator's
"sign out everywhere" end them at once, on every replica; CSRF tokens are tied to the session."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from litestar.testing import TestClient
from sqlmodel import col, select

from catalogue.accounts.csrf import REFUSED
from catalogue.accounts.models import User
from catalogue.admin.models import AuditLog
from catalogue.app import create_app
from tests.judging_world import PASSWORD, csrf_token, login, post, sign_in_as

COOKIE = "catalogue_session"
NEW_PASSWORD = "another long password"


def _set_cookies(response) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie"]


def _stored(client: TestClient, session_id: str) -> bool:
    store = client.app.stores.get("sessions")
    # in a thread of its own: a browser test earlier in this worker may leave a loop running here
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, store.exists(session_id)).result()


def _as(client: TestClient, session_id: str, csrf: str | None = None) -> TestClient:
    client.cookies.clear()
    client.cookies.set(COOKIE, session_id)
    if csrf is not None:
        client.cookies.set("csrftoken", csrf)
    return client


def _signed_in(client: TestClient, email: str) -> tuple[str, str]:
    """Sign in afresh; the (session id, csrftoken) cookies that browser now holds."""
    sign_in_as(client, email)
    return client.cookies[COOKIE], client.cookies["csrftoken"]


def test_anonymous_visits_get_no_session_and_write_nothing(world, client):
    client.cookies.clear()
    for url in ("/", "/login", "/case-studies?q=family"):
        response = client.get(url)
        assert response.status_code == 200
        assert not any(c.startswith(f"{COOKIE}=") for c in _set_cookies(response)), url


def test_the_cookie_holds_only_a_random_id_and_the_data_stays_on_the_server(world, client):
    session_id, _ = _signed_in(client, "judge.a@example.org")
    assert re.fullmatch(r"[0-9a-f]{64}", session_id)
    assert _stored(client, session_id)


def test_sign_out_deletes_the_session_and_the_old_cookie_is_refused(world, client):
    session_id, csrf = _signed_in(client, "judge.a@example.org")
    assert client.get("/judging").status_code == 200
    out = post(client, "/logout")
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert any(c.startswith(f"{COOKIE}=null;") for c in _set_cookies(out))
    assert not _stored(client, session_id)
    replay = _as(client, session_id, csrf).get("/judging", follow_redirects=False)
    assert (replay.status_code, replay.headers["location"]) == (303, "/login?next=/judging")
    # and it cannot be brought back by posting with it either
    assert post(_as(client, session_id, csrf), "/account/password", {}).status_code == 401
    assert not _stored(client, session_id)


def test_signing_in_never_keeps_a_session_id_chosen_beforehand(world, client):
    planted = "ab" * 32
    client.cookies.clear()
    token = csrf_token(client)
    response = _as(client, planted, client.cookies["csrftoken"]).post(
        "/login",
        data={"_csrf_token": token, "email": "judge.a@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    issued = next(c for c in _set_cookies(response) if c.startswith(f"{COOKIE}="))
    assert planted not in issued
    assert not _stored(client, planted)
    assert _as(client, planted).get("/judging", follow_redirects=False).status_code == 303


def test_password_change_keeps_this_session_and_ends_every_other(world, client, session):
    other_id, _other_csrf = _signed_in(client, "judge.a@example.org")
    mine_id, _mine_csrf = _signed_in(client, "judge.a@example.org")
    assert other_id != mine_id
    changed = post(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert (changed.status_code, changed.headers["location"]) == (303, "/account/password")
    renewed_id = client.cookies[COOKIE]
    assert renewed_id != mine_id  # re-issued under a new id
    page = client.get("/account/password")
    assert page.status_code == 200
    assert "Your password has been changed. Other sessions have been signed out." in page.text
    for stale in (other_id, mine_id):
        response = _as(client, stale).get("/judging", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login?next=/judging")
    assert _as(client, renewed_id).get("/judging").status_code == 200
    session.expire_all()
    assert session.exec(select(User.session_version).where(User.email == "judge.a@example.org")).one() == 1


def test_an_administrator_signs_a_user_out_everywhere_and_it_is_audited(world, client, session):
    first, _ = _signed_in(client, "judge.a@example.org")
    second, _ = _signed_in(client, "judge.a@example.org")
    judge_b, _ = _signed_in(client, "judge.b@example.org")
    admin_id, _ = _signed_in(client, "admin@example.org")
    page = client.get("/admin/judges").text
    action = f"/admin/users/{world.judge_a.id}/sessions/end"
    assert f'action="{action}"' in page
    assert "Sign out everywhere" in page
    done = post(client, action)
    assert (done.status_code, done.headers["location"]) == (303, "/admin/judges")
    assert (
        "Every session of judge.a@example.org has ended; they must sign in again." in client.get("/admin/judges").text
    )
    for ended in (first, second):
        response = _as(client, ended).get("/judging", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login?next=/judging")
    assert _as(client, judge_b).get("/judging").status_code == 200  # nobody else is touched
    assert _as(client, admin_id).get("/admin").status_code == 200
    entry = session.exec(select(AuditLog).order_by(col(AuditLog.id).desc())).first()
    assert entry is not None
    assert (entry.user_id, entry.action, entry.target, entry.details) == (
        world.admin.id,
        "user.sessions_end",
        f"user {world.judge_a.id}: judge.a@example.org",
        {"session_version": 1},
    )
    # signing in again works as usual
    assert login(client, "judge.a@example.org").status_code == 303
    assert client.get("/judging").status_code == 200


def test_ending_sessions_of_an_unknown_user_says_so_and_judges_cannot_do_it(world, client, session):
    sign_in_as(client, "admin@example.org")
    unknown = post(client, "/admin/users/9999/sessions/end")
    assert unknown.status_code == 400
    assert '<div class="notice error" role="alert" id="sessions-alert">No user with the number 9999 exists.</div>' in (
        unknown.text
    )
    sign_in_as(client, "judge.b@example.org")
    assert post(client, f"/admin/users/{world.judge_a.id}/sessions/end").status_code == 403
    session.expire_all()
    assert session.exec(select(User.session_version).where(User.email == "judge.a@example.org")).one() == 0
    assert session.exec(select(AuditLog).where(AuditLog.action == "user.sessions_end")).first() is None


def test_an_attackers_own_csrf_cookie_with_a_victims_session_is_refused(world, client, session):
    # the attacker gets a perfectly valid token pair of their own, anonymously
    client.cookies.clear()
    attacker_token = csrf_token(client)
    attacker_cookie = client.cookies["csrftoken"]
    victim_id, victim_csrf = _signed_in(client, "judge.a@example.org")
    assert attacker_cookie != victim_csrf
    forged = _as(client, victim_id, attacker_cookie).post(
        "/account/password",
        data={
            "_csrf_token": attacker_token,
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert REFUSED in forged.text
    assert forged.headers["content-type"].startswith("text/html")
    assert post(_as(client, victim_id, attacker_cookie), "/logout").status_code == 403
    assert _stored(client, victim_id)
    session.expire_all()
    assert session.exec(select(User.session_version).where(User.email == "judge.a@example.org")).one() == 0
    # the victim's own cookie and token still work
    assert post(_as(client, victim_id, victim_csrf), "/logout").status_code == 303


def test_a_csrf_cookie_planted_before_sign_in_is_replaced_at_sign_in(world, client):
    client.cookies.clear()
    planted = csrf_token(client)
    planted_cookie = client.cookies["csrftoken"]
    response = client.post(
        "/login",
        data={"_csrf_token": planted, "email": "judge.a@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert any(c.startswith("csrftoken=") for c in _set_cookies(response))
    assert client.cookies["csrftoken"] != planted_cookie
    victim_id = client.cookies[COOKIE]
    replay = _as(client, victim_id, planted_cookie).post(
        "/logout", data={"_csrf_token": planted}, follow_redirects=False
    )
    assert replay.status_code == 403


def test_sessions_end_on_every_replica_sharing_one_redis_store(world, settings, redis_store_factory):
    """Two app instances (replicas) with their own Redis clients on one server: a session made
    on one works on the other, and signing out on one ends it on both."""
    replica_a, replica_b = create_app(settings), create_app(settings)
    for app in (replica_a, replica_b):
        app.stores.register("sessions", redis_store_factory(), allow_override=True)
    with TestClient(replica_a) as a, TestClient(replica_b) as b:
        session_id, csrf = _signed_in(a, "judge.a@example.org")
        assert _as(b, session_id, csrf).get("/judging").status_code == 200
        assert post(_as(a, session_id, csrf), "/logout").status_code == 303
        replay = _as(b, session_id, csrf).get("/judging", follow_redirects=False)
        assert (replay.status_code, replay.headers["location"]) == (303, "/login?next=/judging")


def test_a_new_secret_key_signs_everyone_out(world, settings, redis_store_factory):
    before = create_app(settings)
    after = create_app(replace(settings, secret_key="a completely different secret key, 32+ chars"))
    for app in (before, after):
        app.stores.register("sessions", redis_store_factory(), allow_override=True)
    with TestClient(before) as old, TestClient(after) as new:
        session_id, csrf = _signed_in(old, "judge.a@example.org")
        assert _as(old, session_id, csrf).get("/judging").status_code == 200
        response = _as(new, session_id, csrf).get("/judging", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login?next=/judging")
