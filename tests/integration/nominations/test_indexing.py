"""A submitted entry reaches the judges' `nominations` index through the outbox at once, and
stays out of the public `case_studies` index until an administrator publishes it."""

from __future__ import annotations

from sqlmodel import select

from catalogue.nominations.models import Nomination
from search.query import PRIVATE_INDEX, PUBLIC_INDEX, SearchQuery
from tests.integration.nominations.conftest import VALID, edit_link, hidden, post_form, submit


def test_submitted_entry_is_in_the_judges_index_only(client, award, session):
    submit(client, award.id, title="Peer network takeover")
    service = client.app.state.ctx.search
    assert service.drain_outbox() == 1
    [entry] = session.exec(select(Nomination)).all()
    query = SearchQuery(text="takeover")
    private = service.search(query, index=PRIVATE_INDEX)
    assert [(hit.id, hit.title) for hit in private.hits] == [(str(entry.id), "Peer network takeover")]
    assert service.search(query, index=PUBLIC_INDEX).total == 0


def test_an_edit_is_reindexed(client, award, session):
    link = edit_link(submit(client, award.id, title="First title").text)
    service = client.app.state.ctx.search
    service.drain_outbox()
    page = client.get(link)
    post_form(
        client,
        link,
        csrf=hidden(page.text, "_csrf_token"),
        fields={**VALID, "title": "Renamed entry", "action": "submit"},
    )
    assert service.drain_outbox() == 1
    assert [h.title for h in service.search(SearchQuery(text="renamed"), index=PRIVATE_INDEX).hits] == ["Renamed entry"]
    assert service.search(SearchQuery(text="first"), index=PRIVATE_INDEX).total == 0


def test_the_plain_text_of_the_body_follows_every_edit(client, award, session):
    link = edit_link(submit(client, award.id, title="Markdown entry").text)
    page = client.get(link)
    post_form(
        client,
        link,
        csrf=hidden(page.text, "_csrf_token"),
        fields={
            **VALID,
            "body": "We ran **weekly** clinics:\n\n- *gardening*\n- walking &amp; talking",
            "action": "submit",
        },
    )
    [entry] = session.exec(select(Nomination)).all()
    session.refresh(entry)
    assert entry.body_text == "We ran weekly clinics: gardening walking & talking"
    service = client.app.state.ctx.search
    service.drain_outbox()
    [hit] = service.search(SearchQuery(text="gardening"), index=PRIVATE_INDEX).hits
    assert "**" not in hit.snippet_html and "<mark>gardening</mark>" in hit.snippet_html
