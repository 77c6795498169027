"""The mail worker: a task beside the search outbox worker, draining `mail_outbox`."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from catalogue.outbox.mail import drain_mail_once
from catalogue.outbox.polling import PollingWorker
from catalogue.settings import Settings


class MailWorker(PollingWorker):
    """Sends due mail in a worker thread until stopped; sleeps when nothing is due."""

    name = "mail-outbox-worker"
    logger = logging.getLogger("catalogue.mail")

    def __init__(self, *, db_engine: Engine, settings: Settings, poll_interval: float = 1.0) -> None:
        super().__init__(poll_interval=poll_interval)
        self.db_engine = db_engine
        self.settings = settings

    def drain_once(self) -> bool:
        report = drain_mail_once(db_engine=self.db_engine, settings=self.settings)
        return report.claimed > 0 and report.failed == 0
