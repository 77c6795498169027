"""/admin/audit: actions in words with labelled details and links to their targets, filtered
by action and by who did it; a bad filter is a 400 naming it."""

from __future__ import annotations

import html as html_module
import re

from tests.judging_world import post, sign_in_as


def rows(html: str) -> list[str]:
    """Each row's 'What' cell as text."""
    cells = re.findall(r'<td data-label="What">(.*?)</td>', html, flags=re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", c)) for c in cells]


def test_actions_read_as_sentences_with_linked_targets_and_labelled_details(world, client):
    sign_in_as(client, "admin@example.org")
    post(client, "/admin/assignments", {"judge_id": world.judge_a.id, "award_id": world.award.id})
    post(client, f"/admin/entries/{world.a_family.id}/outcome", {"status": "highly_commended"})
    html = client.get("/admin/audit").text
    assert rows(html) == [
        "Set the outcome of Family app to highly commended",
        "Assigned judge judge.a@example.org to the award Best digital service",
    ]
    assert f'Set the outcome of <a href="/admin/entries/{world.a_family.id}">Family app</a>' in html
    assert 'Assigned judge <a href="/admin/judges">judge.a@example.org</a>' in html
    assert "<dt>From</dt><dd>Submitted</dd><dt>To</dt><dd>Highly commended</dd>" in html
    assert "<dt>Award</dt><dd>Best digital service</dd>" in html
    table = html[html.index('<table id="audit-table"') : html.index("</table>")]
    assert "None" not in table and "assignment.add" not in table.replace('data-action="assignment.add"', "")


def test_filters_by_action_and_by_actor(world, client, session):
    sign_in_as(client, "admin@example.org")
    post(client, "/admin/taxonomy/add", {"path": "Community > Pharmacy"})
    post(client, f"/admin/entries/{world.a_family.id}/outcome", {"status": "winner"})
    only = client.get("/admin/audit", params={"action": "category.add"}).text
    assert rows(only) == ["Added the category Community > Pharmacy"]
    assert '<option value="category.add" selected>Category added</option>' in only
    mine = client.get("/admin/audit", params={"actor": str(world.admin.id)}).text
    assert len(rows(mine)) == 2
    assert client.get("/admin/audit", params={"actor": "entrant"}).status_code == 400  # no entrant action yet


def test_bad_filters_are_a_400_naming_the_field(world, client):
    sign_in_as(client, "admin@example.org")
    response = client.get("/admin/audit", params={"action": "entry.explode", "actor": str(world.judge_b.id)})
    assert response.status_code == 400
    assert re.findall(r'<p class="field-error" id="audit-(\w+)-error">', response.text) == ["action", "actor"]
    as_json = client.get("/admin/audit", params={"actor": "x"}, headers={"accept": "application/json"})
    assert (as_json.status_code, [e["field"] for e in as_json.json()["errors"]]) == (400, ["actor"])
    too_long = client.get("/admin/audit", params={"action": "x" * 101}, headers={"accept": "application/json"})
    assert too_long.status_code == 400
