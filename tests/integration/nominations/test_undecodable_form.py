"""A form field that is not valid UTF-8: the form again (400), the field named, what was
typed kept with the undecodable bytes replaced; never a 500."""

from __future__ import annotations

from html import unescape

from tests.integration.nominations.conftest import VALID, open_form
from tests.judging_world import csrf_token

BAD = b"\xff\xfe\xc0\xaf"


def _multipart(fields: dict, *, boundary: str = "catalogue-test-boundary") -> tuple[bytes, str]:
    chunks = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            raw = item if isinstance(item, bytes) else str(item).encode()
            chunks.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + raw + b"\r\n"
            )
    chunks.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n".encode()
    )
    body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_undecodable_title_shows_the_form_again_naming_the_field(client, award):
    form = open_form(client, award.id)
    fields = {
        **VALID,
        "title": b"Peer " + BAD + b" network",
        "action": "submit",
        "submission_key": form.submission_key,
        "_csrf_token": form.csrf,
    }
    body, content_type = _multipart(fields)
    response = client.post(f"/nominate/{award.id}", content=body, headers={"content-type": content_type})
    assert response.status_code == 400, response.text[:500]
    page = unescape(response.text)
    assert "Title contains characters that could not be read" in page
    assert 'value="Peer \ufffd' in page  # what was typed, the bad bytes replaced
    assert str(VALID["organisation"]) in page  # the rest of the form kept


def test_undecodable_bytes_in_an_urlencoded_form_are_not_a_500(client):
    response = client.post(
        "/login",
        content=b"_csrf_token=" + csrf_token(client).encode() + b"&email=a%FF%FE\xc0\xaf%40example.org&password=%FF%FE",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert "email" in response.text.lower()


def test_undecodable_bytes_in_the_api_are_a_400(client):
    body = b'{"title": "\xff\xfe"}'
    response = client.post("/api/nominations", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
