"""Every judging, admin and account route against anonymous, judge of branch A, judge of
branch B and admin. The route list is read from the app, so a new route without an expected
row fails this test."""

from __future__ import annotations

import pytest
from sqlmodel import select

from catalogue.importing import pending
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import Attachment, AwardCriterion, Cycle
from tests.judging_world import csrf_token, sign_in_as, world  # noqa: F401 - fixture

ROLES = ("anonymous", "judge_b", "judge_a", "admin")  # admin last: some of its POSTs change data
AREAS = ("/admin", "/judging", "/account", "/login", "/logout")

# (method, route template): {role: expected status}. Anonymous GETs are sent to /login (303);
# anonymous POSTs get 401. Judges get 403 on admin routes. An administrator who is not
# assigned may open the judging pages read-only, but scoring is 403.
# Judge B gets 404 for judge A's entry: it does not exist as far as B is concerned.
# POSTs carry a valid CSRF token and an empty form: 400 means the guard let the request
# through to the domain rules, which refused the empty form.
ANON_GET, ANON_POST = 303, 401
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/login"): {"anonymous": 200, "judge_b": 303, "judge_a": 303, "admin": 303},
    ("POST", "/login"): {"anonymous": 400, "judge_b": 400, "judge_a": 400, "admin": 400},
    ("POST", "/logout"): {"anonymous": 303, "judge_b": 303, "judge_a": 303, "admin": 303},
    ("GET", "/account/password"): {"anonymous": ANON_GET, "judge_b": 200, "judge_a": 200, "admin": 200},
    ("POST", "/account/password"): {"anonymous": ANON_POST, "judge_b": 400, "judge_a": 400, "admin": 400},
    ("GET", "/judging"): {"anonymous": ANON_GET, "judge_b": 200, "judge_a": 200, "admin": 200},
    ("GET", "/judging/entries/{nomination_id:int}"): {
        "anonymous": ANON_GET,
        "judge_b": 404,
        "judge_a": 200,
        "admin": 200,
    },
    ("POST", "/judging/entries/{nomination_id:int}"): {
        "anonymous": ANON_POST,
        "judge_b": 404,
        "judge_a": 303,
        "admin": 403,
    },
}
_ADMIN_GETS = [
    "/admin",
    "/admin/programmes",
    "/admin/cycles",
    "/admin/cycles/{cycle_id:int}",
    "/admin/awards",
    "/admin/awards/{award_id:int}",
    "/admin/taxonomy",
    "/admin/judges",
    "/admin/entries",
    "/admin/entries/{nomination_id:int}",
    "/admin/results",
    "/admin/results/rankings.csv",
    "/admin/results/scores.csv",
    "/admin/results/judges",
    "/admin/reindex",
    "/admin/mail",
    "/admin/revisions",
    "/admin/audit",
    "/admin/import",
    "/admin/import/template.xlsx",
    "/admin/import/template.csv",
    "/admin/import/{token:str}",  # a real upload's token (see the test)
]
_ADMIN_POSTS = {
    "/admin/programmes": 400,
    "/admin/programmes/{programme_id:int}": 400,
    "/admin/cycles": 400,
    "/admin/cycles/{cycle_id:int}": 400,
    "/admin/awards": 400,
    "/admin/awards/{award_id:int}": 400,
    "/admin/awards/{award_id:int}/move": 400,  # no direction chosen
    "/admin/awards/{award_id:int}/criteria": 400,
    "/admin/criteria/{criterion_id:int}": 400,
    "/admin/criteria/{criterion_id:int}/move": 400,  # no direction chosen
    "/admin/criteria/{criterion_id:int}/delete": 400,  # judge A's draft froze the criteria
    "/admin/taxonomy/add": 400,
    "/admin/taxonomy/rename": 400,
    "/admin/taxonomy/move": 400,
    "/admin/taxonomy/merge": 400,
    "/admin/taxonomy/deprecate": 400,
    "/admin/judges": 400,
    "/admin/assignments": 400,
    "/admin/assignments/{assignment_id:int}/delete": 303,
    "/admin/entries/{nomination_id:int}/outcome": 400,
    "/admin/entries/{nomination_id:int}/publish": 400,
    "/admin/entries/{nomination_id:int}/unpublish": 400,
    "/admin/entries/bulk": 400,  # nothing selected
    "/admin/reindex": 303,
    "/admin/users/{user_id:int}/sessions/end": 303,
    # judge B has nothing left to be reminded of: the assignment removal above ran first
    "/admin/results/judges/{user_id:int}/remind": 400,
    "/admin/revisions/{revision_id:int}/approve": 400,
    "/admin/revisions/{revision_id:int}/reject": 400,
    "/admin/import": 400,  # no file
    "/admin/import/{token:str}": 400,  # no programme, no columns
}
for _path in _ADMIN_GETS:
    EXPECTED[("GET", _path)] = {"anonymous": ANON_GET, "judge_b": 403, "judge_a": 403, "admin": 200}
# the world's one attachment belongs to another entry: the guard let the admin through to the lookup
EXPECTED[("GET", "/admin/entries/{nomination_id:int}/attachments/{attachment_id:int}")] = {
    "anonymous": ANON_GET,
    "judge_b": 403,
    "judge_a": 403,
    "admin": 404,
}
for _path, _status in _ADMIN_POSTS.items():
    EXPECTED[("POST", _path)] = {"anonymous": ANON_POST, "judge_b": 403, "judge_a": 403, "admin": _status}


def app_routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if not route.path.startswith(AREAS):
            continue
        for method in getattr(route, "route_handler_map", {}):
            if method in ("GET", "POST"):
                found.add((method, route.path))
    return found


def concrete(template: str, ids: dict[str, int | str]) -> str:
    for name, value in ids.items():
        template = template.replace("{" + name + (":int}" if isinstance(value, int) else ":str}"), str(value))
    return template


def test_every_guarded_route_is_in_the_matrix(client):
    assert app_routes(client.app) == set(EXPECTED)


def test_authorisation_matrix(world, client, session):  # noqa: F811 - fixture
    ids = {
        "nomination_id": world.a_family.id,
        "award_id": world.award.id,
        "cycle_id": world.award.cycle_id,
        "programme_id": session.get_one(Cycle, world.award.cycle_id).programme_id,
        "user_id": world.judge_b.id,
        "criterion_id": session.exec(
            select(AwardCriterion.id).where(AwardCriterion.award_id == world.award.id)
        ).first(),
        "assignment_id": session.exec(
            select(JudgeAssignment.id).where(JudgeAssignment.user_id == world.judge_b.id)
        ).one(),
        "attachment_id": session.exec(select(Attachment.id)).one(),
        "revision_id": 1,  # none pending: the guard let the request through, the rule refused it
        "token": pending.save(
            client.app.state.ctx.settings.data_dir / "imports",
            data=b"title,organisation,award,cycle,categories\nA,B,C,2016,D\n",
            filename="entries.csv",
            uploaded_by=world.admin.id,
        ).token,
    }
    emails = {"judge_a": "judge.a@example.org", "judge_b": "judge.b@example.org", "admin": "admin@example.org"}
    got: dict[tuple[str, str, str], int] = {}
    for role in ROLES:
        client.cookies.clear()
        if role != "anonymous":
            sign_in_as(client, emails[role])
        signed_in = dict(client.cookies)  # restored before each request (logout clears it)
        for method, template in sorted(EXPECTED):
            client.cookies.clear()
            for name, value in signed_in.items():
                client.cookies.set(name, value)
            url = concrete(template, ids)
            if method == "GET":
                response = client.get(url, follow_redirects=False)
            else:
                response = client.post(url, data={"_csrf_token": csrf_token(client)}, follow_redirects=False)
            got[(role, method, template)] = response.status_code
    client.app.state.reindex_tracker.wait(30)
    expected = {(role, m, t): EXPECTED[(m, t)][role] for role in ROLES for (m, t) in EXPECTED}
    assert got == expected


@pytest.mark.parametrize("path", ["/judging", "/admin/results?award=1", "/account/password"])
def test_anonymous_pages_redirect_to_sign_in_with_the_way_back(client, path):
    response = client.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/login?next={path.replace('?', '%3F').replace('=', '%3D')}",
    )
