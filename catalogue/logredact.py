"""One logging filter that keeps edit tokens out of every log line.

A private edit link (`/nominations/edit/<token>`) opens an entry to whoever holds it, and
uvicorn's access log writes each request's path. `catalogue run` puts this filter on every
handler (access log, server log, our own loggers), so no record reaches a log unredacted."""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[redacted]"
#: the token segment of an edit link, wherever it appears (paths, full URLs, messages)
_EDIT_TOKEN = re.compile(r"(/nominations/edit/)[^/?#\s\"']+")


def redact(text: str) -> str:
    return _EDIT_TOKEN.sub(rf"\g<1>{REDACTED}", text)


def _redact_value(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    """Rewrites the message and its arguments in place (uvicorn's access formatter reads the
    path from the arguments), then lets the record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_value(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_value(v) for k, v in record.args.items()}
        return True
