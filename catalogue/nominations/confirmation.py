"""The confirmation e-mail carrying an entry's private edit link."""

from __future__ import annotations

from catalogue.mail import MailMessage
from catalogue.nominations import queries
from catalogue.nominations.models import Nomination, NominationStatus
from catalogue.nominations.window import EditWindow


def confirmation_mail(
    *, nomination: Nomination, context: queries.AwardContext, window: EditWindow, edit_url: str
) -> MailMessage:
    """What was received, and how long the link works, in the words of the edit rule."""
    submitted = nomination.status == NominationStatus.submitted
    what = "entry" if submitted else "draft entry"
    subject = f"Your entry “{nomination.title}” has been received" if submitted else "Your draft entry has been saved"
    doing = "change or withdraw it" if submitted else "finish, submit, change or withdraw it"
    body = "\n".join(
        [
            f"Hello {nomination.contact_name},",
            "",
            f"Thank you. Your {what} for “{context.award.name}” ({context.programme.name}, "
            f"{context.cycle.name}) is saved" + (" and submitted." if submitted else ", but not submitted yet."),
            "",
            f"You can {doing} through this private link {window.until}:",
            "",
            edit_url,
            "",
            "Keep this link to yourself: anyone who has it can change your entry.",
        ]
    )
    return MailMessage(to=nomination.contact_email, subject=subject, body=body)
