"""Schemathesis against /schema/openapi.json: every documented operation, anonymously and as
an administrator, answers without a 5xx and as its schema says (status code, content type,
headers, body). The counts are printed so CI shows how much was exercised.

Runs once (SQLite only): under CATALOGUE_TEST_DATABASE_URL it skips with a reason, as the
schema and the handlers are the same over both databases and a second pass would double
the minutes this costs on two cores."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import ASGIClient, get_client
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import POSTGRES_URL
from tests.judging_world import PASSWORD, build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
#: cases per operation and mode; CATALOGUE_SCHEMATHESIS_EXAMPLES=N scales both (N positive, N/2 negative)
_N = int(os.environ.get("CATALOGUE_SCHEMATHESIS_EXAMPLES", "10"))
EXAMPLES = {GenerationMode.POSITIVE: _N, GenerationMode.NEGATIVE: max(1, _N // 2)}
#: signing out ends the admin pass's session; it is exercised anonymously
ADMIN_SKIPS = {"POST /logout"}
_CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')

pytestmark = pytest.mark.skipif(
    bool(POSTGRES_URL), reason="schemathesis runs once, in the SQLite pass (see module docstring)"
)


@dataclass
class Tally:
    operations: int = 0
    cases: int = 0
    unsatisfiable: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)


def _signed_in_client(app, *, email: str | None) -> ASGIClient:
    """An in-process client with a CSRF cookie and header (and a session when `email`)."""
    client = get_client(app).__enter__()
    token = _CSRF_FIELD.search(client.get("/login").text)
    assert token is not None, "no CSRF field on /login"
    client.headers["x-csrftoken"] = token.group(1)
    if email:
        response = client.post(
            "/login", data={"email": email, "password": PASSWORD, "_csrf_token": token.group(1)}, allow_redirects=False
        )
        assert response.status_code == 303, response.text
        assert client.get("/admin", allow_redirects=False).status_code == 200
    return client


def _run_cases(operation, mode: GenerationMode, *, label: str, client: ASGIClient, tally: Tally) -> None:
    """Send this operation's generated cases (derandomised) and tally what the checks say."""

    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        tally.cases += 1
        response = case.call(session=client, allow_redirects=False)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as exc:
            failures = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
            for failure in failures:
                key = f"{label}: {failure.title}"
                tally.failures[key] += 1
                tally.examples.setdefault(
                    key,
                    f"{response.status_code} path={case.path_parameters} query={case.query} "
                    f"body={case.body!r:.300} -> {response.text[:300]!r}\n    {failure.message[:500]}",
                )

    run()


def _fuzz(app, client: ASGIClient, *, skip: set[str]) -> Tally:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    tally = Tally()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if label in skip:
            continue
        tally.operations += 1
        for mode in EXAMPLES:
            if mode is GenerationMode.NEGATIVE and list(operation.body):
                # invalid bodies are costly to draw (most drafts are filtered out); the handlers
                # parse forms leniently, so positive bodies already reach every branch
                continue

            try:
                _run_cases(operation, mode, label=f"{label} [{mode.value}]", client=client, tally=tally)
            except Unsatisfiable:  # nothing to make invalid (e.g. no parameters, no body)
                tally.unsatisfiable += 1
    return tally


def _report(who: str, tally: Tally) -> None:
    """Printed past pytest's capture so that every CI log shows how much was exercised."""
    print(  # noqa: T201 - the counts CI shows
        f"\nschemathesis ({who}): {tally.operations} operations, {tally.cases} cases, "
        f"{sum(tally.failures.values())} failures, "
        f"{tally.unsatisfiable} operation modes with nothing to generate"
    )
    for key, count in sorted(tally.failures.items()):
        print(f"  FAIL x{count}: {key}\n    {tally.examples[key]}")  # noqa: T201


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_operation_conforms_to_the_schema(app, session, who, capsys) -> None:
    build_world(session)
    client = _signed_in_client(app, email="admin@example.org" if who == "admin" else None)
    try:
        app.state.ctx.search.drain_outbox()
        tally = _fuzz(app, client, skip=ADMIN_SKIPS if who == "admin" else set())
    finally:
        client.__exit__(None, None, None)  # stops its event loop: later tests in this worker run their own
    with capsys.disabled():
        _report(who, tally)
    assert tally.operations >= 40, "the schema lost operations"
    assert tally.cases > tally.operations
    assert not tally.failures, f"{sum(tally.failures.values())} schemathesis failures (printed above)"
