"""Outgoing mail: SMTP when CATALOGUE_SMTP_URL is set, otherwise the message is logged.

`smtp://user:pass@host:port` speaks plain SMTP and upgrades with STARTTLS whenever the server
offers it; `smtps://` uses TLS from the first byte (port 465 by default). smtplib blocks; the
mail worker (catalogue/outbox/mail.py) calls it from a worker thread.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from catalogue.settings import Settings

logger = logging.getLogger("catalogue.mail")
SMTP_TIMEOUT_SECONDS = 20


@dataclass(frozen=True, kw_only=True)
class MailMessage:
    to: str
    subject: str
    body: str


def smtp_configured(settings: Settings) -> bool:
    return bool(settings.smtp_url)


def build_email(settings: Settings, message: MailMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


def send_mail(settings: Settings, message: MailMessage) -> None:
    """Send one message through the configured SMTP server (blocking)."""
    url = urlsplit(settings.smtp_url)
    implicit_tls = url.scheme == "smtps"
    host = url.hostname or "localhost"
    port = url.port or (465 if implicit_tls else 25)
    email = build_email(settings, message)
    if implicit_tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        if not implicit_tls and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(email)
