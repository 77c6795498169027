"""The OpenAPI document tells the truth about errors: one named error body, and the codes a
route's guards, path parameters, redirects and rate limits give (catalogue/openapi.py)."""

from __future__ import annotations

import json

ERROR_REF = "#/components/schemas/Error"


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield f"{method.upper()} {path}", operation


def test_every_error_response_references_the_one_error_body(client):
    schema = client.get("/schema/openapi.json").json()
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["status", "error"]
    assert set(error["properties"]) == {"status", "error", "errors"}
    assert schema["components"]["schemas"]["FieldError"]["required"] == ["field", "message"]
    assert "status_code" not in json.dumps(schema["paths"]), "Litestar's own error body is still documented"
    checked = 0
    for label, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                assert response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (label, code)
                checked += 1
    assert checked > 100


def test_codes_follow_guards_path_parameters_csrf_and_redirects(client):
    ops = dict(_operations(client.get("/schema/openapi.json").json()))
    assert {"303", "401", "403", "404"} <= set(ops["POST /admin/awards/{award_id}"]["responses"])
    assert {"303", "401"} <= set(ops["GET /account/password"]["responses"])
    assert "403" not in ops["GET /account/password"]["responses"]  # any signed-in user may
    assert "401" not in ops["GET /case-studies"]["responses"]
    assert {"403", "429"} <= set(ops["POST /login"]["responses"])  # CSRF; too many attempts
    assert "403" not in ops["POST /api/nominations"]["responses"]  # CSRF-exempt
    assert "429" in ops["POST /api/nominations"]["responses"]
    assert "503" in ops["GET /api/case-studies"]["responses"]
    assert "content" not in ops["POST /login"]["responses"]["303"]
    page_error = ops["GET /case-studies/{slug}"]["responses"]["404"]["content"]
    assert set(page_error) == {"application/json", "text/html"}
    assert set(ops["GET /api/case-studies/{slug}"]["responses"]["404"]["content"]) == {"application/json"}


def test_required_form_fields_are_marked_required(client):
    schemas = client.get("/schema/openapi.json").json()["components"]["schemas"]
    assert set(schemas["LoginForm"]["required"]) >= {"email", "password"}
    assert set(schemas["PasswordChangeForm"]["required"]) == {"current_password", "new_password", "confirm_password"}


def test_a_real_error_body_has_the_documented_shape(client):
    response = client.get("/api/case-studies/no-such-study")
    assert response.status_code == 404
    body = response.json()
    assert set(body) <= {"status", "error", "errors"}
    assert body["status"] == 404 and isinstance(body["error"], str)
