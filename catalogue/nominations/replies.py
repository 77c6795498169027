"""What the entry pages and the API share: where uploads go, the private edit link, the edit
rule for a page, and the confirmation mail queued with the change it confirms."""

from __future__ import annotations

from sqlmodel import Session

from catalogue.db import row_id
from catalogue.nominations import domain, queries
from catalogue.nominations.confirmation import confirmation_mail
from catalogue.nominations.models import Nomination
from catalogue.nominations.window import EditWindow, edit_window
from catalogue.outbox.mail import queue_mail
from catalogue.settings import Settings
from catalogue.timeutil import utcnow


def uploads(settings: Settings) -> domain.Uploads:
    return domain.Uploads(directory=settings.uploads_dir, max_bytes=settings.upload_max_bytes)


def edit_url(settings: Settings, token: str) -> str:
    return f"{settings.base_url}/nominations/edit/{token}"


def window_for(db_session: Session, context: queries.AwardContext, nomination: Nomination | None = None) -> EditWindow:
    """The edit rule for this entry (or, before there is one, for an entry of this award)."""
    if nomination is not None:
        return domain.entry_window(db_session, nomination=nomination, context=context, now=utcnow())
    return edit_window(
        award=context.award,
        cycle=context.cycle,
        status=None,
        judging_started=queries.judging_started(db_session, award_id=row_id(context.award)),
        now=utcnow(),
    )


def queue_confirmation(
    db_session: Session, settings: Settings, context: queries.AwardContext, *, nomination: Nomination, token: str
) -> None:
    """Queued in the request's transaction; the mail worker sends it once that has committed."""
    queue_mail(
        db_session,
        message=confirmation_mail(
            nomination=nomination,
            context=context,
            window=window_for(db_session, context, nomination),
            edit_url=edit_url(settings, token),
        ),
    )
