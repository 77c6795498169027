"""Judges' progress for administrators, and the reminder that mails a judge what is outstanding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from catalogue.accounts.models import Role, User
from catalogue.accounts.queries import judges
from catalogue.admin.rules import AdminError, get_row, record_audit
from catalogue.db import row_id
from catalogue.judging.entries import Progress, outstanding, progress
from catalogue.judging.scopes import judge_scopes
from catalogue.mail import MailMessage
from catalogue.outbox.mail import queue_mail

#: most entries a reminder lists by name (the rest are counted)
MAX_LISTED = 100


@dataclass(frozen=True, kw_only=True)
class JudgeProgress:
    judge: User
    assigned: bool
    progress: Progress


def judges_progress(session: Session, *, now: datetime) -> list[JudgeProgress]:
    """Every judge with the counts their own dashboard shows (the same judgeable rule)."""
    rows = []
    for judge in judges(session):
        scopes = judge_scopes(session, judge_id=row_id(judge))
        rows.append(
            JudgeProgress(
                judge=judge,
                assigned=bool(scopes),
                progress=progress(session, judge_id=row_id(judge), scopes=scopes, now=now),
            )
        )
    return rows


def reminder_mail(*, judge: User, titles: list[tuple[int, str, str]], base_url: str) -> MailMessage:
    """The reminder: every outstanding entry (title, award, link to its review page)."""
    entries = f"{len(titles)} {'entry' if len(titles) == 1 else 'entries'}"
    lines = [
        f"Hello {judge.display_name or judge.email},",
        "",
        f"You have {entries} still to score:",
        "",
    ]
    for nid, title, award in titles[:MAX_LISTED]:
        lines.append(f"- {title} ({award}): {base_url}/judging/entries/{nid}")
    if len(titles) > MAX_LISTED:
        lines.append(f"- and {len(titles) - MAX_LISTED} more: {base_url}/judging")
    lines += ["", "Drafts count as outstanding until you submit them.", "", f"Your list: {base_url}/judging"]
    return MailMessage(to=judge.email, subject=f"Reminder: {entries} to score", body="\n".join(lines))


def remind_judge(session: Session, *, actor: User, judge_id: int, base_url: str, now: datetime) -> int:
    """Queue a reminder to one judge listing what they have not scored yet; audited.

    Returns how many entries it lists; refuses a judge with nothing outstanding."""
    judge = get_row(session, User, judge_id, what="judge", field="judge_id")
    if judge.role != Role.judge or not judge.is_active:
        raise AdminError(f"{judge.email} is not an active judge.", field="judge_id")
    scopes = judge_scopes(session, judge_id=judge_id)
    rows = outstanding(session, judge_id=judge_id, scopes=scopes, now=now)
    if not rows:
        raise AdminError(f"{judge.email} has nothing left to score, so no reminder was sent.", field="judge_id")
    titles = [(r.id, r.title, r.award) for r in rows]
    queue_mail(session, message=reminder_mail(judge=judge, titles=titles, base_url=base_url.rstrip("/")))
    record_audit(
        session,
        actor=actor,
        action="judge.remind",
        target=f"user {judge.id}: {judge.email}",
        details={"outstanding": len(rows), "entries": [r.id for r in rows[:MAX_LISTED]]},
    )
    return len(rows)
