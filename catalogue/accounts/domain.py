"""Account rules: creating users, Argon2 password hashing, signing in, changing passwords,
ending every session of a user.

Hashing costs ~0.2 s of CPU by design: callers run these functions in a worker thread (every
account controller is a `sync_to_thread` handler), never on the event loop.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from catalogue.accounts.models import Role, User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MAX_EMAIL_LENGTH = 254

#: argon2-cffi's defaults: Argon2id, RFC 9106 "low memory" profile (t=3, m=64 MiB, p=4).
_hasher = PasswordHasher()
#: verified against when the email is unknown, so both paths cost the same time
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


class AccountError(ValueError):
    """An account rule was broken; `field` names the form field it belongs beside."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def validate_email(email: str) -> str:
    cleaned = normalise_email(email)
    local, at, domain = cleaned.partition("@")
    if not at or not local or "." not in domain or " " in cleaned or len(cleaned) > MAX_EMAIL_LENGTH:
        raise AccountError("Enter an email address like name@example.org.", field="email")
    return cleaned


def validate_password(password: str, *, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.", field=field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.", field=field)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(*, password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def end_all_sessions(session: Session, *, user: User) -> User:
    """Every session holds the user's `session_version` and is refused once it differs (checked
    on every guarded request), so bumping it signs the user out everywhere at once."""
    user.session_version = (user.session_version or 0) + 1
    session.add(user)
    session.flush()
    return user


def get_by_email(session: Session, *, email: str) -> User | None:
    return session.exec(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def create_user(session: Session, *, email: str, role: Role | str, password: str, display_name: str = "") -> User:
    """A new active user; the email must be unused (case-insensitively)."""
    cleaned = validate_email(email)
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"The role must be one of: {', '.join(r.value for r in Role)}.", field="role") from None
    validate_password(password)
    if get_by_email(session, email=cleaned) is not None:
        raise AccountError(f"A user with the email {cleaned} already exists.", field="email")
    user = User(
        email=cleaned,
        role=role,
        password_hash=hash_password(password),
        display_name=" ".join(display_name.split())[:200] or cleaned.split("@")[0],
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same cost either way)."""
    user = get_by_email(session, email=email)
    if user is None or not user.is_active:
        verify_password(password_hash=_DUMMY_HASH, password=password)
        return None
    if not verify_password(password_hash=user.password_hash, password=password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user


def change_password(
    session: Session, *, user: User, current_password: str, new_password: str, confirm_password: str
) -> User:
    if not verify_password(password_hash=user.password_hash, password=current_password):
        raise AccountError("Your current password is not correct.", field="current_password")
    validate_password(new_password, field="new_password")
    if new_password != confirm_password:
        raise AccountError("The two new passwords do not match.", field="confirm_password")
    if new_password == current_password:
        raise AccountError("Choose a password different from your current one.", field="new_password")
    user.password_hash = hash_password(new_password)
    return end_all_sessions(session, user=user)
