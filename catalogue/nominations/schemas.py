"""What an entrant may send, checked in one place.

`NominationIn` is the single validator: `POST /api/nominations` binds it directly (Litestar
turns its errors into field-named 400s) and the HTML form feeds it the values of the lenient
`NominationForm`, so both paths give the same messages for the same input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from catalogue.params import BodyId
from catalogue.taxonomy.domain import TaxonomyError, normalise_path

TITLE_MAX = 200
ORGANISATION_MAX = 200
ORGANISATION_TYPE_MAX = 80
CONTACT_NAME_MAX = 200
EMAIL_MAX = 254
SUMMARY_MAX = 600
BODY_MAX = 20_000
URL_MAX = 500
LINKS_MAX = 5
HANDLE_MAX = 100
HANDLES_MAX = 5
CATEGORIES_MAX = 10
ATTACHMENTS_MAX = 5

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "National",
    "Outside the UK",
)
ORGANISATION_TYPES = (
    "NHS trust",
    "Integrated care board",
    "GP practice",
    "Local authority",
    "Charity",
    "Social enterprise",
    "Care provider",
    "Patient or community group",
    "Company",
    "Individual",
)

LABELS = {
    "title": "Title",
    "organisation": "Organisation",
    "organisation_type": "Organisation type",
    "region": "Region",
    "contact_name": "Contact name",
    "contact_email": "Contact e-mail",
    "summary": "Summary",
    "body": "Description",
    "website": "Website",
    "links": "Links",
    "social_handles": "Social media handles",
    "categories": "Categories",
    "consent_to_publish": "Consent to publish",
    "attachments": "Attachments",
    "award_id": "Award",
    "action": "Action",
}

#: What each required field asks for when it is missing.
MISSING = {
    "title": "Enter a title for your entry",
    "organisation": "Enter the name of your organisation",
    "organisation_type": "Enter your organisation type",
    "region": "Choose your region",
    "contact_name": "Enter the contact's name",
    "contact_email": "Enter the contact's e-mail address",
    "summary": "Enter a summary",
    "body": "Describe your work",
    "categories": "Choose at least one category",
}
ALWAYS_REQUIRED = ("contact_name", "contact_email")
REQUIRED_TO_SUBMIT = ("title", "organisation", "organisation_type", "region", "summary", "body", "categories")

# C0 controls other than tab, newline and carriage return (PostgreSQL rejects NUL outright)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(
    r"^[^@\s<>\"(),;:\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


#: what an undecodable byte in a form became (catalogue.forms): the field was not valid UTF-8
UNREADABLE = "\ufffd"


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _text(name: str, max_length: int, *, multiline: bool = False) -> AfterValidator:
    label = LABELS[name]

    def check(value: str) -> str:
        value = value.replace("\r\n", "\n").strip() if multiline else " ".join(value.split())
        if _CONTROL.search(value):
            raise _fail("control_character", f"{label} contains characters that are not allowed")
        if UNREADABLE in value:
            raise _fail("control_character", f"{label} contains characters that could not be read; type them again")
        if len(value) > max_length:
            raise _fail("too_long", f"{label} must be {max_length:,} characters or fewer (it has {len(value):,})")
        return value

    return AfterValidator(check)


def _check_url(value: str, *, label: str) -> str:
    if len(value) > URL_MAX:
        raise _fail("too_long", f"{label}: a web address must be {URL_MAX} characters or fewer")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value or _CONTROL.search(value):
        raise _fail("url", f"{label}: “{value[:80]}” is not a web address starting with https:// or http://")
    return value


def _website(value: str) -> str:
    value = value.strip()
    return _check_url(value, label="Website") if value else value


def _links(values: list[str]) -> list[str]:
    cleaned = [v.strip() for v in values if v.strip()]
    if len(cleaned) > LINKS_MAX:
        raise _fail("too_many", f"Add at most {LINKS_MAX} links (you have {len(cleaned)})")
    for number, value in enumerate(cleaned, start=1):
        _check_url(value, label=f"Links, line {number}")
    return cleaned


def _handles(values: list[str]) -> list[str]:
    cleaned = [v.strip() for v in values if v.strip()]
    if len(cleaned) > HANDLES_MAX:
        raise _fail("too_many", f"Add at most {HANDLES_MAX} social media handles (you have {len(cleaned)})")
    for number, value in enumerate(cleaned, start=1):
        if len(value) > HANDLE_MAX:
            raise _fail(
                "too_long", f"Social media handles, line {number}: a handle must be {HANDLE_MAX} characters or fewer"
            )
        if any(ch.isspace() for ch in value) or _CONTROL.search(value):
            raise _fail(
                "handle", f"Social media handles, line {number}: a handle has no spaces (for example @yourtrust)"
            )
    return cleaned


def _email(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    if len(value) > EMAIL_MAX:
        raise _fail("too_long", f"Contact e-mail must be {EMAIL_MAX} characters or fewer")
    if not _EMAIL.match(value):
        raise _fail("email", "Enter an e-mail address in the right format, like name@example.org")
    return value


def _region(value: str) -> str:
    value = value.strip()
    if value and value not in REGIONS:
        raise _fail("choice", "Choose a region from the list")
    return value


def _categories(values: list[str]) -> list[str]:
    paths: list[str] = []
    for value in values:
        try:
            path = normalise_path(value)
        except TaxonomyError:
            raise _fail("category", "Choose categories from the list") from None
        if path not in paths:
            paths.append(path)
    if len(paths) > CATEGORIES_MAX:
        raise _fail("too_many", f"Choose at most {CATEGORIES_MAX} categories (you chose {len(paths)})")
    return paths


class NominationIn(BaseModel):
    """One entry as sent by an entrant. `action` decides which fields are required."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    action: Literal["draft", "submit"] = Field(
        default="submit", description="`draft` saves without submitting; `submit` enters it"
    )
    title: Annotated[str, _text("title", TITLE_MAX)] = ""
    organisation: Annotated[str, _text("organisation", ORGANISATION_MAX)] = ""
    organisation_type: Annotated[str, _text("organisation_type", ORGANISATION_TYPE_MAX)] = ""
    region: Annotated[str, AfterValidator(_region)] = Field(default="", description="One of: " + ", ".join(REGIONS))
    contact_name: Annotated[str, _text("contact_name", CONTACT_NAME_MAX)] = ""
    contact_email: Annotated[str, AfterValidator(_email)] = ""
    summary: Annotated[str, _text("summary", SUMMARY_MAX, multiline=True)] = ""
    body: Annotated[str, _text("body", BODY_MAX, multiline=True)] = Field(
        default="", description="Markdown; raw HTML is shown as text"
    )
    website: Annotated[str, AfterValidator(_website)] = ""
    links: Annotated[list[str], AfterValidator(_links)] = Field(default_factory=list)
    social_handles: Annotated[list[str], AfterValidator(_handles)] = Field(default_factory=list)
    categories: Annotated[list[str], AfterValidator(_categories)] = Field(
        default_factory=list, description="Category label paths, e.g. `Acute > Together we can`"
    )
    consent_to_publish: bool = False

    @field_validator(*ALWAYS_REQUIRED, *REQUIRED_TO_SUBMIT, mode="after")
    @classmethod
    def _required(cls, value: Any, info: ValidationInfo) -> Any:
        needed = info.field_name in ALWAYS_REQUIRED or info.data.get("action", "submit") == "submit"
        if needed and not value:
            raise _fail("required", MISSING[str(info.field_name)])
        return value


class NominationCreateIn(NominationIn):
    """`POST /api/nominations`: an entry plus the award it is entered for."""

    award_id: BodyId = Field(description="An award whose cycle is open for entries")


def errors_of(exc: ValidationError) -> dict[str, str]:
    """Field name -> one message (the first), for the form and the API alike."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        if name in errors:
            continue
        message = error["msg"]
        if error["type"] not in _OWN_KINDS:
            message = f"{LABELS.get(name, name)}: {message[0].lower()}{message[1:]}"
        errors[name] = message
    return errors


_OWN_KINDS = {"control_character", "too_long", "url", "too_many", "handle", "email", "choice", "category", "required"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _str(value: Any) -> str:
    """A form value as text; anything else (a file where text belongs) becomes empty."""
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else ""


def _strs(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and v]


TEXT_FIELDS = (
    "title",
    "organisation",
    "organisation_type",
    "region",
    "contact_name",
    "contact_email",
    "summary",
    "body",
    "website",
    "links",
    "social_handles",
)


@dataclass(kw_only=True)
class NominationForm:
    """The HTML form exactly as typed (links and handles as their textarea text), so a page
    with errors can show everything again. Nothing here is validated."""

    title: str = ""
    organisation: str = ""
    organisation_type: str = ""
    region: str = ""
    contact_name: str = ""
    contact_email: str = ""
    summary: str = ""
    body: str = ""
    website: str = ""
    links: str = ""
    social_handles: str = ""
    categories: list[str] = field(default_factory=list)
    consent_to_publish: bool = False
    action: str = "submit"
    #: the idempotency key rendered into the form: one entry per key
    submission_key: str = ""
    #: the honeypot; people never see it, so it stays empty
    leave_blank: str = ""
    remove_attachments: list[int] = field(default_factory=list)

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> NominationForm:
        removals = [int(v) for v in _strs(data.get("remove_attachments", [])) if v.isdigit()]
        return cls(
            **{name: _str(data.get(name, "")) for name in TEXT_FIELDS},
            categories=_strs(data.get("categories", [])),
            consent_to_publish=_str(data.get("consent_to_publish", "")) == "yes",
            action=_str(data.get("action", "submit")) or "submit",
            submission_key=_str(data.get("submission_key", ""))[:100],
            leave_blank=_str(data.get("leave_blank", "")),
            remove_attachments=removals,
        )

    @classmethod
    def from_entry(cls, nomination: Any, *, category_paths: list[str]) -> NominationForm:
        return cls(
            title=nomination.title,
            organisation=nomination.organisation,
            organisation_type=nomination.organisation_type,
            region=nomination.region,
            contact_name=nomination.contact_name,
            contact_email=nomination.contact_email,
            summary=nomination.summary,
            body=nomination.body,
            website=nomination.website,
            links="\n".join(nomination.links),
            social_handles="\n".join(nomination.social_handles),
            categories=list(category_paths),
            consent_to_publish=nomination.consent_to_publish,
        )

    def model_input(self, *, action: str) -> dict[str, Any]:
        values: dict[str, Any] = {name: getattr(self, name) for name in TEXT_FIELDS}
        values["links"] = _lines(self.links)
        values["social_handles"] = _lines(self.social_handles)
        values["categories"] = list(self.categories)
        values["consent_to_publish"] = self.consent_to_publish
        values["action"] = action
        return values


def parse_form(form: NominationForm, *, action: str) -> NominationIn:
    """Validate what the HTML form sent; raises pydantic's ValidationError."""
    return NominationIn.model_validate(form.model_input(action=action))


@dataclass(kw_only=True)
class NominationCreatedOut:
    id: int
    status: str
    duplicate: bool
    #: the private edit link, returned only when it is not sent by e-mail (no SMTP configured)
    edit_url: str | None
    message: str
