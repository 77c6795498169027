"""Signing in and out, the session cookie, throttling, and changing a password."""

from __future__ import annotations

from dataclasses import replace

from click.testing import CliRunner
from litestar.testing import TestClient
from sqlmodel import col, select

from catalogue.accounts.domain import authenticate
from catalogue.accounts.models import Role, User
from catalogue.app import create_app
from catalogue.cli import main
from tests.judging_world import PASSWORD, csrf_token, login, post

WRONG = "The email address or password is not correct."


def test_sign_in_lands_on_the_role_home_and_sign_out_ends_the_session(world, client):
    response = login(client, "Judge.A@example.org")
    assert (response.status_code, response.headers["location"]) == (303, "/judging")
    assert client.get("/judging").status_code == 200
    assert post(client, "/logout").headers["location"] == "/"
    response = client.get("/judging", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login?next=/judging")


def test_sign_in_follows_next_only_to_local_paths(world, client):
    client.cookies.clear()
    token = csrf_token(client)
    ok = client.post(
        "/login",
        data={
            "_csrf_token": token,
            "email": "admin@example.org",
            "password": PASSWORD,
            "next": "/admin/results?award=1",
        },
        follow_redirects=False,
    )
    assert ok.headers["location"] == "/admin/results?award=1"
    client.cookies.clear()
    token = csrf_token(client)
    evil = client.post(
        "/login",
        data={"_csrf_token": token, "email": "admin@example.org", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert evil.headers["location"] == "/admin"


def test_session_cookie_is_httponly_and_samesite_and_secure_outside_development(world, settings):
    for env, secure in (("test", False), ("production", True)):
        app = create_app(replace(settings, env=env))
        with TestClient(app, base_url="https://testserver.local") as c:
            response = login(c, "admin@example.org")
            cookie = next(
                v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("catalogue_session=")
            )
            flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
            assert ("httponly" in flags, "samesite" in flags, "secure" in flags) == (True, True, secure)
            assert "samesite=lax" in cookie.lower()


def test_wrong_password_is_a_400_with_one_message_for_unknown_and_known_accounts(world, client):
    for email in ("judge.a@example.org", "nobody@example.org"):
        response = login(client, email, "not the password at all")
        assert response.status_code == 400
        assert f'<div class="notice error" role="alert" id="login-error">{WRONG}</div>' in response.text
        assert "catalogue_session=" not in response.headers.get("set-cookie", "")


def test_password_change_signs_out_other_sessions(world, client, session):
    login(client, "judge.a@example.org")
    old_session_cookie = client.cookies.get("catalogue_session")
    wrong = post(
        client,
        "/account/password",
        {
            "current_password": "nope nope nope",
            "new_password": "another long password",
            "confirm_password": "another long password",
        },
    )
    assert wrong.status_code == 400
    assert (
        '<p class="field-error" id="pw-current_password-error">Your current password is not correct.</p>' in wrong.text
    )
    short = post(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
    )
    assert short.status_code == 400
    assert "The password must be at least 12 characters long." in short.text
    ok = post(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "another long password",
            "confirm_password": "another long password",
        },
    )
    assert (ok.status_code, ok.headers["location"]) == (303, "/account/password")
    assert client.get("/judging").status_code == 200
    client.cookies.set("catalogue_session", old_session_cookie)
    stale = client.get("/judging", follow_redirects=False)
    assert stale.status_code == 303
    session.expire_all()
    assert authenticate(session, email="judge.a@example.org", password="another long password") is not None


def test_cli_creates_users_from_stdin_and_refuses_duplicates(database_url, db_engine, session, monkeypatch, tmp_path):
    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", database_url)
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    created = runner.invoke(
        main,
        ["users", "create", "New.Judge@example.org", "--role", "judge", "--password-stdin"],
        input="a very long password\n",
    )
    assert (created.exit_code, created.output) == (0, "created judge new.judge@example.org (id 1)\n")
    again = runner.invoke(
        main,
        ["users", "create", "new.judge@example.org", "--role", "admin", "--password-stdin"],
        input="a very long password\n",
    )
    assert (again.exit_code, again.output) == (
        1,
        "Error: A user with the email new.judge@example.org already exists.\n",
    )
    weak = runner.invoke(
        main, ["users", "create", "x@example.org", "--role", "admin", "--password-stdin"], input="short\n"
    )
    assert (weak.exit_code, weak.output) == (1, "Error: The password must be at least 12 characters long.\n")
    prompted = runner.invoke(
        main,
        ["users", "create", "boss@example.org", "--role", "admin"],
        input="a very long password\na very long password\n",
    )
    assert prompted.exit_code == 0
    assert session.exec(select(User.email, User.role).order_by(col(User.id))).all() == [
        ("new.judge@example.org", Role.judge),
        ("boss@example.org", Role.admin),
    ]
