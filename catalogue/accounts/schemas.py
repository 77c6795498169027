"""Form inputs of the account pages, bound leniently so a bad value re-renders the form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LoginForm:
    email: str = ""
    password: str = ""
    next: str = ""


@dataclass
class PasswordChangeForm:
    current_password: str = ""
    new_password: str = ""
    confirm_password: str = ""
