"""POST /api/nominations: the same validation in JSON, field-named errors, documented in OpenAPI."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select

from catalogue.nominations.models import Nomination, NominationCategory
from catalogue.outbox.models import SearchOutbox

ENTRY = {
    "title": "Twitter takeover",
    "organisation": "Shift.ms",
    "organisation_type": "Charity",
    "region": "National",
    "contact_name": "Ada",
    "contact_email": "ada@example.org",
    "summary": "Short.",
    "body": "Long.",
    "categories": ["Mental Health > Digital technology"],
}


def test_an_entry_is_created_without_cookies(client, award, session):
    client.cookies.clear()
    response = client.post("/api/nominations", json={**ENTRY, "award_id": award.id})
    assert response.status_code == 201
    body = response.json()
    assert (
        body["status"],
        body["duplicate"],
        body["edit_url"].startswith("http://127.0.0.1:8000/nominations/edit/"),
    ) == ("submitted", False, True)
    session.expire_all()
    [entry] = session.exec(select(Nomination)).all()
    assert (entry.id, entry.title) == (body["id"], "Twitter takeover")
    assert len(session.exec(select(NominationCategory)).all()) == 1
    assert session.exec(select(SearchOutbox.nomination_id)).all() == [entry.id]
    assert client.get(body["edit_url"].replace("http://127.0.0.1:8000", "")).status_code == 200


def test_field_errors_are_named(client, award, session):
    response = client.post(
        "/api/nominations",
        json={**ENTRY, "award_id": award.id, "title": "x" * 201, "contact_email": "nope", "links": ["ftp://x"]},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "title", "message": "Title must be 200 characters or fewer (it has 201)"},
        {"field": "contact_email", "message": "Enter an e-mail address in the right format, like name@example.org"},
        {
            "field": "links",
            "message": "Links, line 1: “ftp://x” is not a web address starting with https:// or http://",
        },
    ]
    session.expire_all()
    assert session.exec(select(Nomination)).all() == []


def test_wrong_types_are_400_with_the_field(client, award):
    response = client.post("/api/nominations", json={**ENTRY, "award_id": "one", "title": 5})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "title", "message": "Input should be a valid string"},
        {"field": "award_id", "message": "Input should be a valid integer, unable to parse string as an integer"},
    ]
    assert client.post("/api/nominations", json=["not", "an", "object"]).status_code == 400


def test_database_checks_give_the_same_shape(client, award):
    unknown_category = client.post(
        "/api/nominations", json={**ENTRY, "award_id": award.id, "categories": ["Acute > Old idea"]}
    )
    unknown_award = client.post("/api/nominations", json={**ENTRY, "award_id": 999})
    assert (unknown_category.status_code, unknown_category.json()["errors"]) == (
        400,
        [
            {
                "field": "categories",
                "message": "“Acute > Old idea” cannot be chosen any more; choose categories from the list",
            }
        ],
    )
    assert (unknown_award.status_code, unknown_award.json()["errors"]) == (
        400,
        [{"field": "award_id", "message": "No award has this id"}],
    )


def test_a_closed_award_is_409(client, award, session):
    session.execute(text("UPDATE cycle SET closes_at = opens_at"))
    session.commit()
    response = client.post("/api/nominations", json={**ENTRY, "award_id": award.id})
    assert response.status_code == 409
    assert response.json()["error"].endswith("so no new entries or changes can be accepted.")


def test_an_idempotency_key_makes_a_retry_return_the_first_entry(client, award, session):
    headers = {"Idempotency-Key": "retry-key-0123456789"}
    first = client.post("/api/nominations", json={**ENTRY, "award_id": award.id}, headers=headers)
    again = client.post("/api/nominations", json={**ENTRY, "award_id": award.id}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    # the retry gets the entry back but not its edit link: a key is not a secret
    assert (again.json()["id"], again.json()["duplicate"], again.json()["edit_url"]) == (first.json()["id"], True, None)
    assert first.json()["edit_url"].rsplit("/", 1)[1] not in again.text
    session.expire_all()
    assert len(session.exec(select(Nomination)).all()) == 1


def test_the_endpoint_is_documented_in_openapi(client):
    schema = client.get("/schema/openapi.json").json()
    operation = schema["paths"]["/api/nominations"]["post"]
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert sorted(component["properties"]) == sorted(
        [
            "action",
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
            "categories",
            "consent_to_publish",
            "award_id",
        ]
    )
    assert component["required"] == ["award_id"]
    assert sorted(operation["responses"]) == ["201", "400", "409", "429"]
    assert [p["name"] for p in operation["parameters"]] == ["idempotency-key"]
    assert "/nominate/{award_id}" not in schema["paths"]
