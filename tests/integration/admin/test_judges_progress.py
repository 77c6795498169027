"""/admin/results/judges: each judge's counts, and the reminder mailed through the outbox to a
real SMTP server running in this process (aiosmtpd)."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import col, select

from catalogue.admin.models import AuditLog
from catalogue.app import create_app
from catalogue.outbox.mail import drain_mail_once
from catalogue.outbox.models import MailOutbox
from tests.integration.judging.test_scoring import criteria_ids
from tests.judging_world import build_world, post, sign_in_as


def progress_of(html, email):
    row = html.split(f'data-judge="{email}"', 1)[1].split("</tr>", 1)[0]
    return dict(re.findall(r'class="count-(\w+)"[^>]*>(\d+)', row))


def test_progress_counts_and_a_reminder_listing_what_is_outstanding(make_settings, session, db_engine, smtp_server):
    controller, inbox = smtp_server
    settings = make_settings(
        smtp_url=f"smtp://127.0.0.1:{controller.port}",
        mail_from="Awards <awards@example.org>",
        base_url="https://awards.example.org",
    )
    world = build_world(session)
    impact, innovation = criteria_ids(session, world.award.id)
    with TestClient(create_app(settings)) as client:
        sign_in_as(client, "judge.a@example.org")
        post(client, f"/judging/entries/{world.a_family.id}",
             {f"criterion_{impact}": "5", f"criterion_{innovation}": "5", "action": "submit"})  # fmt: skip
        sign_in_as(client, "admin@example.org")
        page = client.get("/admin/results/judges").text
        assert progress_of(page, "judge.a@example.org") == {"assigned": "2", "scored": "1", "recused": "0",
                                                            "remaining": "1"}  # fmt: skip
        assert progress_of(page, "judge.b@example.org") == {"assigned": "1", "scored": "0", "recused": "0",
                                                            "remaining": "1"}  # fmt: skip

        reminded = post(client, f"/admin/results/judges/{world.judge_a.id}/remind")
        assert (reminded.status_code, reminded.headers["location"]) == (303, "/admin/results/judges")
        assert "A reminder listing 1 outstanding entry is on its way." in client.get("/admin/results/judges").text
        assert inbox.messages == []  # queued in the outbox, not sent by the request
        session.expire_all()
        [(action, target, details)] = [
            (a.action, a.target, a.details)
            for a in session.exec(select(AuditLog).where(AuditLog.action == "judge.remind"))
        ]
        assert (action, target, details) == (
            "judge.remind",
            f"user {world.judge_a.id}: judge.a@example.org",
            {"outstanding": 1, "entries": [world.a_surgery.id]},
        )
        report = drain_mail_once(db_engine=db_engine, settings=settings)
        assert (report.claimed, report.sent) == (1, 1)
        [(recipients, message)] = inbox.messages
        assert (recipients, message["Subject"]) == (["judge.a@example.org"], "Reminder: 1 entry to score")
        body = message.get_content()
        assert (
            f"- Surgery checklist (Blind award): https://awards.example.org/judging/entries/{world.a_surgery.id}"
            in body
        )
        assert "Family app" not in body  # already scored
        assert "Unfinished draft" not in body and "Withdrawn idea" not in body  # not judgeable


def test_a_judge_with_nothing_outstanding_is_not_reminded(world, client, session):
    from catalogue.judging.models import Score, ScoreStatus

    session.add(Score(judge_id=world.judge_b.id, nomination_id=world.b_digital.id, status=ScoreStatus.submitted,
                      conflict_declared=True))  # fmt: skip
    session.commit()
    sign_in_as(client, "admin@example.org")
    assert "Nothing outstanding" in client.get("/admin/results/judges").text.split('data-judge="judge.b@', 1)[1]
    refused = post(client, f"/admin/results/judges/{world.judge_b.id}/remind")
    assert refused.status_code == 400
    assert "judge.b@example.org has nothing left to score, so no reminder was sent." in refused.text
    not_a_judge = post(client, f"/admin/results/judges/{world.admin.id}/remind")
    assert not_a_judge.status_code == 400
    assert "admin@example.org is not an active judge." in not_a_judge.text
    session.expire_all()
    assert session.exec(select(MailOutbox.id)).all() == []
    assert session.exec(select(AuditLog.id).where(col(AuditLog.action) == "judge.remind")).all() == []
