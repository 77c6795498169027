"""`POST /api/nominations`: entering an award from another system."""

from __future__ import annotations

from typing import Annotated

from litestar import Response, post
from litestar.exceptions import ClientException, TooManyRequestsException, ValidationException
from litestar.params import HeaderParameter, JSONBody

from catalogue.context import DbSession, SettingsDep
from catalogue.db import row_id
from catalogue.mail import smtp_configured
from catalogue.nominations import domain, queries, replies
from catalogue.nominations.idempotency import SUBMISSION_KEY_MAX_LENGTH, SUBMISSION_KEY_MIN_LENGTH, SubmissionKeyReused
from catalogue.nominations.ratelimit import submission_rate_limit
from catalogue.nominations.schemas import NominationCreatedOut, NominationCreateIn
from catalogue.timeutil import utcnow


class EntriesClosedError(ClientException):
    status_code = 409


@post(
    "/api/nominations",
    name="api_nominations_create",
    sync_to_thread=True,
    tags=["nominations"],
    summary="Enter an award (draft or submission)",
    description=(
        'Creates an entry for an open award. Send `action: "draft"` to save without submitting. '
        "Errors are field-named (`errors: [{field, message}]`, status 400); an award that is "
        "not open gives 409; too many requests from one address give 429. Attachments are "
        "added through the private edit link. Send an `Idempotency-Key` header so that a "
        "retried request returns the first entry instead of creating a second. The private "
        "edit link is e-mailed to the contact; it is returned here only when no mail server "
        "is configured."
    ),
    raises=[ValidationException, EntriesClosedError, TooManyRequestsException],
    guards=[submission_rate_limit],
)
def api_create(
    db_session: DbSession,
    settings: SettingsDep,
    data: JSONBody[NominationCreateIn],
    idempotency_key: Annotated[
        str | None,
        HeaderParameter(
            name="idempotency-key",
            required=False,
            min_length=SUBMISSION_KEY_MIN_LENGTH,
            max_length=SUBMISSION_KEY_MAX_LENGTH,
            description=f"A random string ({SUBMISSION_KEY_MIN_LENGTH}-{SUBMISSION_KEY_MAX_LENGTH} characters) "
            "identifying this entry; the same key with a different body is refused (422)",
        ),
    ] = None,
) -> Response[NominationCreatedOut]:
    try:
        result = domain.create_nomination(
            db_session,
            award_id=data.award_id,
            data=data,
            files=[],
            submission_key=idempotency_key,
            secret_key=settings.secret_key,
            uploads=replies.uploads(settings),
            now=utcnow(),
        )
    except domain.NominationInvalid as exc:
        raise ValidationException(
            detail="The entry was not valid.",
            extra=[{"key": field, "message": message} for field, message in exc.errors.items()],
        ) from None
    except domain.EntriesClosed as exc:
        raise EntriesClosedError(detail=str(exc)) from None
    except SubmissionKeyReused as exc:
        raise ClientException(status_code=422, detail=str(exc)) from None
    nomination = result.nomination
    context = queries.entry_award_context(db_session, nomination=nomination)
    if not result.duplicate:
        replies.queue_confirmation(db_session, settings, context, nomination=nomination, token=result.edit_token)
    mailed = smtp_configured(settings)
    out = NominationCreatedOut(
        id=row_id(nomination),
        status=str(nomination.status),
        duplicate=result.duplicate,
        edit_url=None if mailed or result.duplicate else replies.edit_url(settings, result.edit_token),
        message=(
            "This request was already handled; the edit link is given only in the first reply."
            if result.duplicate
            else "The private edit link has been e-mailed to the contact."
            if mailed
            else "No mail server is configured: keep the edit link, it is shown only here."
        ),
    )
    return Response(out, status_code=200 if result.duplicate else 201)
