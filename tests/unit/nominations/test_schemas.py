"""The one validator (NominationIn) and the lenient form binding: exact messages at and beyond
every limit, wrong types, and what a draft needs compared with a submission."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalogue.nominations.schemas import (
    NominationCreateIn,
    NominationForm,
    NominationIn,
    errors_of,
    parse_form,
)

COMPLETE = {
    "title": "Twitter takeover",
    "organisation": "Shift.ms",
    "organisation_type": "Charity",
    "region": "National",
    "contact_name": "Ada",
    "contact_email": "ada@example.org",
    "summary": "Short.",
    "body": "Long.",
    "categories": ["Acute"],
}


def errors(**changes) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        NominationIn.model_validate({**COMPLETE, **changes})
    return errors_of(info.value)


def test_a_complete_entry_is_valid_and_normalised():
    entry = NominationIn.model_validate(
        {
            **COMPLETE,
            "title": "  Twitter \t takeover ",
            "categories": ["Acute >  Family Care", "Acute > Family Care"],
            "links": ["  https://a.example/x ", ""],
        }
    )
    assert (entry.title, entry.categories, entry.links, entry.action) == (
        "Twitter takeover",
        ["Acute > Family Care"],
        ["https://a.example/x"],
        "submit",
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", 200),
        ("organisation", 200),
        ("organisation_type", 80),
        ("contact_name", 200),
        ("summary", 600),
        ("body", 20_000),
    ],
)
def test_text_fields_accept_their_limit_and_reject_one_more(field, limit):
    assert getattr(NominationIn.model_validate({**COMPLETE, field: "x" * limit}), field) == "x" * limit
    label = {
        "title": "Title",
        "organisation": "Organisation",
        "organisation_type": "Organisation type",
        "contact_name": "Contact name",
        "summary": "Summary",
        "body": "Description",
    }[field]
    assert errors(**{field: "x" * (limit + 1)}) == {
        field: f"{label} must be {limit:,} characters or fewer (it has {limit + 1:,})"
    }


def test_submitting_needs_every_main_field_but_a_draft_needs_only_the_contact():
    assert errors_of_empty("submit") == {
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
    assert errors_of_empty("draft") == {
        "contact_name": "Enter the contact's name",
        "contact_email": "Enter the contact's e-mail address",
    }


def errors_of_empty(action: str) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        NominationIn.model_validate({"action": action, "title": "   "})
    return errors_of(info.value)


@pytest.mark.parametrize(
    "email", ["ada", "ada@", "@example.org", "ada@example", "a da@example.org", "ada@exa_mple.org", "<ada@example.org>"]
)
def test_malformed_email_addresses_are_refused(email):
    assert errors(contact_email=email) == {
        "contact_email": "Enter an e-mail address in the right format, like name@example.org"
    }


def test_email_length_limit():
    at_limit = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "c" * 6  # 254 characters
    assert len(at_limit) == 254
    assert NominationIn.model_validate({**COMPLETE, "contact_email": at_limit}).contact_email == at_limit
    assert errors(contact_email="a" + at_limit) == {"contact_email": "Contact e-mail must be 254 characters or fewer"}


def test_links_are_http_addresses_at_most_five():
    assert errors(links=["https://ok.example", "javascript:alert(1)"]) == {
        "links": "Links, line 2: “javascript:alert(1)” is not a web address starting with https:// or http://"
    }
    assert errors(links=[f"https://e.example/{i}" for i in range(6)]) == {"links": "Add at most 5 links (you have 6)"}
    five = [f"https://e.example/{i}" for i in range(5)]
    assert NominationIn.model_validate({**COMPLETE, "links": five}).links == five
    assert errors(website="https://" + "a" * 493) == {
        "website": "Website: a web address must be 500 characters or fewer"
    }


def test_social_handles():
    assert errors(social_handles=["@ok", "two words"]) == {
        "social_handles": "Social media handles, line 2: a handle has no spaces (for example @yourtrust)"
    }
    assert errors(social_handles=["@" + "x" * 100]) == {
        "social_handles": "Social media handles, line 1: a handle must be 100 characters or fewer"
    }
    assert errors(social_handles=[f"@h{i}" for i in range(6)]) == {
        "social_handles": "Add at most 5 social media handles (you have 6)"
    }


def test_categories_limits_and_shape():
    assert errors(categories=[f"Root > Leaf {i}" for i in range(11)]) == {
        "categories": "Choose at most 10 categories (you chose 11)"
    }
    assert errors(categories=["Acute >  > Leaf"]) == {"categories": "Choose categories from the list"}


def test_region_comes_from_the_list():
    assert errors(region="Mars") == {"region": "Choose a region from the list"}


def test_control_characters_are_refused_but_html_is_kept_as_text():
    assert errors(title="bad\x00title") == {"title": "Title contains characters that are not allowed"}
    script = "<script>alert('x')</script>"
    assert NominationIn.model_validate({**COMPLETE, "title": script}).title == script


def test_wrong_types_name_the_field():
    assert errors(title=5, links="https://a.example", consent_to_publish={"a": 1}) == {
        "title": "Title: input should be a valid string",
        "links": "Links: input should be a valid list",
        "consent_to_publish": "Consent to publish: input should be a valid boolean",
    }
    assert errors(surprise="x") == {"surprise": "surprise: extra inputs are not permitted"}


def test_the_api_model_needs_an_award():
    with pytest.raises(ValidationError) as info:
        NominationCreateIn.model_validate(COMPLETE)
    assert errors_of(info.value) == {"award_id": "Award: field required"}


def test_the_form_binding_keeps_what_was_typed_and_ignores_files_in_text_fields():
    form = NominationForm.from_form(
        {
            "title": "  A title ",
            "links": "https://a.example\n\n  https://b.example ",
            "categories": "Acute",
            "consent_to_publish": "yes",
            "summary": object(),
            "remove_attachments": ["3", "x"],
            "action": "draft",
        }
    )
    assert (
        form.title,
        form.links,
        form.categories,
        form.consent_to_publish,
        form.summary,
        form.remove_attachments,
        form.action,
    ) == ("  A title ", "https://a.example\n\n  https://b.example ", ["Acute"], True, "", [3], "draft")
    entry = parse_form(
        NominationForm.from_form({**COMPLETE, "links": "https://a.example\n\nhttps://b.example"}), action="submit"
    )
    assert entry.links == ["https://a.example", "https://b.example"]
