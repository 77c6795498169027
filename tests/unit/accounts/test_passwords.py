import pytest

from catalogue.accounts.domain import (
    AccountError,
    hash_password,
    validate_email,
    validate_password,
    verify_password,
)
from catalogue.accounts.guards import safe_next


def test_argon2id_hash_verifies_only_its_password():
    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert verify_password(password_hash=hashed, password="a long enough password") is True
    assert verify_password(password_hash=hashed, password="a long enough passwore") is False
    assert verify_password(password_hash="not a hash", password="x") is False


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "The password must be at least 12 characters long."),
        ("x" * 257, "The password must be at most 256 characters long."),
    ],
)
def test_password_length_rules(password, message):
    with pytest.raises(AccountError) as caught:
        validate_password(password)
    assert (str(caught.value), caught.value.field) == (message, "password")


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "a b@c.org", "@c.org"])
def test_bad_emails_are_refused(email):
    with pytest.raises(AccountError) as caught:
        validate_email(email)
    assert str(caught.value) == "Enter an email address like name@example.org."


def test_email_is_trimmed_and_lower_cased():
    assert validate_email("  Judge@Example.ORG ") == "judge@example.org"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/judging?q=x", "/judging?q=x"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_local_paths_are_followed_after_sign_in(target, expected):
    assert safe_next(target) == expected
