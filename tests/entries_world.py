"""The judging world (tests/judging_world.py) with what an entry's admin page shows: judges'
scores and a recusal, an attachment whose file is in the uploads store, an entry already
given an outcome while its award is still open, and a draft with no title yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from catalogue.accounts.domain import create_user
from catalogue.db import row_id
from catalogue.judging.domain import ScoreInput, criteria_of, save_score
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.attachments import path_for
from catalogue.nominations.models import Attachment, Nomination, NominationStatus
from tests.factories import existing_category, make_nomination, make_open_award
from tests.judging_world import BRANCH_A, PASSWORD, World, build_world

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(kw_only=True)
class EntriesWorld:
    world: World
    attachment: Attachment  # on world.a_family, its file written
    early: Nomination  # a winner in an award whose entries are still open, consent given
    untitled: Nomination  # a draft without a title


def build_entries_world(session: Session, *, uploads_dir: Path) -> EntriesWorld:
    world = build_world(session)
    judge_c = create_user(session, email="judge.c@example.org", role="judge", password=PASSWORD, display_name="Judge C")
    session.add(JudgeAssignment(user_id=row_id(judge_c), category_id=row_id(existing_category(session, BRANCH_A))))
    session.flush()
    impact, innovation = criteria_of(session, award_id=row_id(world.award))
    save_score(
        session,
        judge=world.judge_a,
        nomination_id=row_id(world.a_family),
        data=ScoreInput(
            values={str(impact.id): "8", str(innovation.id): "5"}, comment="Strong ward results.", submit=True
        ),
    )
    save_score(
        session,
        judge=judge_c,
        nomination_id=row_id(world.a_family),
        data=ScoreInput(conflict_declared=True, conflict_reason="I advised the trust on this app."),
    )
    attachment = Attachment(
        nomination_id=row_id(world.a_family),
        filename="family-app-evaluation.pdf",
        content_type="application/pdf",
        size_bytes=len(PDF),
        sha256="1" * 64,
        storage_key="fa-family-app-evaluation",
    )
    session.add(attachment)
    path = path_for(uploads_dir, attachment.storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    early = make_nomination(
        session,
        title="Early bird",
        award=make_open_award(session, name="Open innovation"),
        status=NominationStatus.winner.value,
        categories=["Acute > Surgery"],
    )
    early.consent_to_publish = True
    session.add(early)
    untitled = make_nomination(session, award=world.award, status="draft", organisation="")
    untitled.title = ""
    session.add(untitled)
    session.commit()
    return EntriesWorld(world=world, attachment=attachment, early=early, untitled=untitled)
