"""What each audit action code means, in words: the one place for the audit log's labels.

Every `record_audit(action=...)` (and `AuditLog(action=...)`) in catalogue/ must have an entry
in ACTIONS (a test reads the source to check). A sentence marks where its target goes with
TARGET, so the page can link the target; details are shown as labelled values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue.templating import STATUS_LABELS
from catalogue.timeutil import uk_datetime

#: where the target's name goes in a sentence
TARGET = "\x00"

Details = Mapping[str, Any]


def _scope(d: Details) -> str:
    branch, award = d.get("category"), d.get("award")
    if branch and award:
        return f"the branch {branch} for the award {award}"
    if branch:
        return f"the branch {branch}"
    return f"the award {award}" if award else "nothing"


def _status(value: Any) -> str:
    return STATUS_LABELS.get(str(value), str(value)).lower()


@dataclass(frozen=True)
class Label:
    """`name`: what the action filter offers; `describe`: the sentence for one row."""

    name: str
    describe: Callable[[Details], str]


ACTIONS: dict[str, Label] = {
    "programme.create": Label("Programme created", lambda _: f"Created the programme {TARGET}"),
    "cycle.create": Label("Cycle created", lambda _: f"Created the cycle {TARGET}"),
    "award.create": Label("Award created", lambda _: f"Created the award {TARGET}"),
    "programme.update": Label("Programme changed", lambda _: f"Changed the programme {TARGET}"),
    "cycle.update": Label("Cycle changed", lambda _: f"Changed the cycle {TARGET}"),
    "award.update": Label("Award changed", lambda _: f"Changed the award {TARGET}"),
    "award.move": Label("Award reordered", lambda d: f"Moved the award {TARGET} {d.get('direction')} the list"),
    "criterion.update": Label(
        "Criterion changed", lambda d: f"Changed the criterion {d.get('criterion')} of the award {TARGET}"
    ),
    "criterion.move": Label(
        "Criterion reordered",
        lambda d: f"Moved the criterion {d.get('criterion')} of the award {TARGET} {d.get('direction')}",
    ),
    "judge.remind": Label(
        "Judge reminded", lambda d: f"Mailed {TARGET} their {d.get('outstanding')} outstanding entries"
    ),
    "criterion.add": Label(
        "Criterion added", lambda d: f"Added the criterion {d.get('criterion')} to the award {TARGET}"
    ),
    "criterion.remove": Label(
        "Criterion removed", lambda d: f"Removed the criterion {d.get('criterion')} from the award {TARGET}"
    ),
    "category.add": Label("Category added", lambda _: f"Added the category {TARGET}"),
    "category.rename": Label("Category renamed", lambda d: f"Renamed the category {d.get('from')} to {TARGET}"),
    "category.move": Label("Category moved", lambda d: f"Moved the category {d.get('from')} to {TARGET}"),
    "category.merge": Label("Categories merged", lambda d: f"Merged the category {d.get('merged')} into {TARGET}"),
    "import.upload": Label("File uploaded for import", lambda _: f"Uploaded {TARGET} for import"),
    "import": Label("Entries imported", lambda d: f"Imported {d.get('imported')} entries from {TARGET}"),
    "category.deprecate": Label("Category deprecated", lambda _: f"Deprecated the category {TARGET}"),
    "category.restore": Label("Category restored", lambda _: f"Restored the category {TARGET}"),
    "judge.create": Label("Judge account created", lambda _: f"Created the judge account {TARGET}"),
    "user.sessions_end": Label("Signed out everywhere", lambda _: f"Signed {TARGET} out everywhere"),
    "assignment.add": Label("Judge assigned", lambda d: f"Assigned judge {TARGET} to {_scope(d)}"),
    "assignment.remove": Label("Judge unassigned", lambda d: f"Removed judge {TARGET} from {_scope(d)}"),
    "entry.outcome": Label("Outcome set", lambda d: f"Set the outcome of {TARGET} to {_status(d.get('to'))}"),
    "entry.publish": Label(
        "Entry published",
        lambda d: f"Published {TARGET} with an override" if d.get("override") else f"Published {TARGET}",
    ),
    "entry.unpublish": Label("Entry unpublished", lambda _: f"Unpublished {TARGET}"),
    "entry.bulk": Label("Bulk action on entries", lambda d: f"{d.get('bulk_action')}: {TARGET}"),
    "search.reindex": Label("Re-index started", lambda _: f"Started re-indexing {TARGET}"),
    "revision.submit": Label(
        "Changes proposed by an entrant", lambda _: f"The entrant proposed changes to the published {TARGET}"
    ),
    "revision.withdraw": Label(
        "Proposed changes taken back", lambda _: f"The entrant took back their proposed changes to {TARGET}"
    ),
    "revision.approve": Label("Changes approved", lambda _: f"Approved the entrant's changes to {TARGET}"),
    "revision.reject": Label("Changes rejected", lambda _: f"Rejected the entrant's changes to {TARGET}"),
}


def name(action: str) -> str:
    label = ACTIONS.get(action)
    return label.name if label else action


DETAIL_LABELS = {
    "merged": "Merged",
    "into": "Into",
    "removed": "Categories removed",
    "format": "Format",
    "rows": "Rows",
    "bytes": "Size in bytes",
    "programme": "Programme",
    "imported": "Entries imported",
    "published": "Published",
    "categories_created": "Categories created",
    "from": "From",
    "to": "To",
    "entries_touched": "Entries re-indexed",
    "entries": "Entries",
    "cycle": "Cycle",
    "blind_judging": "Blind judging",
    "criterion": "Criterion",
    "weight": "Weight",
    "max_score": "Maximum score",
    "opens_at": "Entries open",
    "closes_at": "Entries close",
    "category": "Branch",
    "award": "Award",
    "session_version": "Session version",
    "revision": "Revision",
    "fields": "Fields",
    "reason": "Reason",
    "override": "Published although",
    "bulk_action": "Action",
    "outcome": "Outcome",
    "changed": "Changed",
    "refused": "Refused",
    "name": "Name",
    "description": "Description",
}

#: `kind id: name`, how every audited target is written
_TARGET = re.compile(r"^(entry|award|user|category|cycle|programme) (\d{1,19}): (.*)$", re.S)
#: where a target of each kind is shown
TARGET_PAGES = {
    "entry": "/admin/entries/{id}",
    "award": "/admin/awards/{id}",
    "user": "/admin/judges",
    "category": "/admin/taxonomy",
    "cycle": "/admin/awards",
    "programme": "/admin/awards",
}


@dataclass(frozen=True, kw_only=True)
class Target:
    text: str
    kind: str = ""
    ident: int | None = None


def parse_target(target: str) -> Target:
    match = _TARGET.match(target)
    if match is None:
        return Target(text=target)
    return Target(kind=match[1], ident=int(match[2]), text=match[3])


def _value(key: str, value: Any, *, statuses: bool) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and set(value) <= {"from", "to"}:
        old, new = (_value(key, value.get(end), statuses=statuses) for end in ("from", "to"))
        return f"{old} → {new}"
    if isinstance(value, str) and statuses and key in ("from", "to", "outcome"):
        return STATUS_LABELS.get(value, value)
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return uk_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return "" if value is None else str(value)


def detail_rows(action: str, details: Details) -> list[tuple[str, str]]:
    """(label, value) of each detail that has a value."""
    statuses = action.startswith("entry.")
    return [
        (DETAIL_LABELS.get(key, key.replace("_", " ").capitalize()), _value(key, value, statuses=statuses))
        for key, value in details.items()
        if value is not None and value != "" and value != []
    ]


def sentence(action: str, details: Details) -> tuple[str, str]:
    """The text before and after the target; an unknown code is shown as it is."""
    label = ACTIONS.get(action)
    text = label.describe(details) if label else f"{action}: {TARGET}"
    before, _, after = text.partition(TARGET)
    return before, after
