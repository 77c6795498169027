"""Outgoing mail through an outbox: queued in the caller's transaction, sent by a worker.

A message is queued with the change it announces, so it exists exactly when that change was
committed: a rolled-back request sends nothing, a committed one is never lost to an SMTP
outage (the row waits and is retried with exponential backoff).

Several replicas may run the worker. A worker *leases* a batch: in one short transaction it
sets `claimed_until` on due rows nobody holds, with a conditional UPDATE whose WHERE
re-checks the lease (on PostgreSQL the candidates are also read `FOR UPDATE SKIP LOCKED`, so
replicas do not wait on each other; SQLite serialises writers, so the re-check decides).
Only the worker whose UPDATE matched sends the row; after sending, it marks the row sent.
A lease outlives a whole batch (SMTP timeouts included), so a slow worker's rows are not
taken over while it still holds them; a worker that dies lets its lease lapse and another
replica sends the rows later. The one window left (SMTP accepted, process gone before the
row is marked) resends once: SMTP gives no way to make that exactly-once.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from catalogue.mail import MailMessage, send_mail, smtp_configured
from catalogue.outbox.backoff import backoff_delay
from catalogue.outbox.models import MailOutbox
from catalogue.settings import Settings
from catalogue.timeutil import utcnow

logger = logging.getLogger("catalogue.mail")

BATCH_SIZE = 5
#: longer than a batch can take (each message at most ~SMTP_TIMEOUT_SECONDS per step)
LEASE = timedelta(minutes=5)
PENDING, SENT, SKIPPED = "pending", "sent", "skipped"


def queue_mail(session: Session, *, message: MailMessage) -> None:
    """Queue `message` in the caller's transaction; the mail worker sends it after the commit."""
    session.add(MailOutbox(to=message.to, subject=message.subject, body=message.body))


@dataclass(frozen=True, kw_only=True)
class MailDrainReport:
    claimed: int
    sent: int
    skipped: int
    failed: int


def _claimable(now: datetime) -> ColumnElement[bool]:
    return (
        (col(MailOutbox.state) == PENDING)
        & (col(MailOutbox.next_attempt_at) <= now)
        & or_(col(MailOutbox.claimed_until).is_(None), col(MailOutbox.claimed_until) < now)
    )


def claim_mail(db_engine: Engine, *, now: datetime, batch_size: int = BATCH_SIZE) -> list[MailOutbox]:
    """Lease up to `batch_size` due rows to this worker (see the module docstring)."""
    with Session(db_engine, expire_on_commit=False) as session:
        statement = select(MailOutbox).where(_claimable(now)).order_by(col(MailOutbox.id)).limit(batch_size)
        if session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        candidates = list(session.execute(statement).scalars())
        claimed = []
        for row in candidates:
            result = cast(  # an UPDATE gives a CursorResult, which has rowcount
                CursorResult[Any],
                session.execute(
                    update(MailOutbox)
                    .where(col(MailOutbox.id) == row.id, _claimable(now))
                    .values(claimed_until=now + LEASE)
                    .execution_options(synchronize_session=False)
                ),
            )
            if result.rowcount == 1:
                claimed.append(row)
        session.commit()
        return claimed


def _finish(db_engine: Engine, row_id: int | None, **values: object) -> None:
    with Session(db_engine) as session:
        session.execute(
            update(MailOutbox)
            .where(col(MailOutbox.id) == row_id)
            .values(claimed_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def drain_mail_once(
    *, db_engine: Engine, settings: Settings, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> MailDrainReport:
    """Send one leased batch. Without CATALOGUE_SMTP_URL a message is logged by recipient and
    subject only (never the body: it holds the edit link, which the page already showed) and
    marked skipped."""
    now = now or utcnow()
    rows = claim_mail(db_engine, now=now, batch_size=batch_size)
    sent = skipped = failed = 0
    for row in rows:
        if not smtp_configured(settings):
            logger.info("mail (no CATALOGUE_SMTP_URL set, not sent) to=%s subject=%s", row.to, row.subject)
            _finish(db_engine, row.id, state=SKIPPED, sent_at=utcnow(), body="")
            skipped += 1
            continue
        try:
            send_mail(settings, MailMessage(to=row.to, subject=row.subject, body=row.body))
        except (OSError, smtplib.SMTPException) as exc:
            attempts = row.attempts + 1
            error = f"{type(exc).__name__}: {exc}"[:2000]
            _finish(
                db_engine, row.id, attempts=attempts, next_attempt_at=now + backoff_delay(attempts), last_error=error
            )
            logger.warning(
                "could not send mail to %s (subject %r), attempt %d, will retry: %s",
                row.to,
                row.subject,
                attempts,
                error,
            )
            failed += 1
            continue
        _finish(db_engine, row.id, state=SENT, sent_at=utcnow(), body="", last_error="")
        sent += 1
    return MailDrainReport(claimed=len(rows), sent=sent, skipped=skipped, failed=failed)


@dataclass(frozen=True, kw_only=True)
class PendingMail:
    """What the admin page may show of a queued message: never its body."""

    id: int
    to: str
    subject: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    created_at: datetime


def pending_mail(session: Session, *, limit: int = 200) -> list[PendingMail]:
    """Messages not yet sent, the longest-failing first (for the admin page)."""
    statement = (
        select(
            col(MailOutbox.id),
            col(MailOutbox.to),
            col(MailOutbox.subject),
            col(MailOutbox.attempts),
            col(MailOutbox.next_attempt_at),
            col(MailOutbox.last_error),
            col(MailOutbox.created_at),
        )
        .where(col(MailOutbox.state) == PENDING)
        .order_by(col(MailOutbox.attempts).desc(), col(MailOutbox.id))
        .limit(limit)
    )
    return [PendingMail(**row._mapping) for row in session.execute(statement)]
