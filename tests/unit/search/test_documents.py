from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.rendering import markdown_to_text, rendered_text
from search.documents import build_document, category_levels


def test_a_nomination_becomes_the_design_document_shape():
    document = build_document(
        nomination_id=42,
        slug="shift-ms-twitter-takeover",
        title="Shift.ms \ue000Twitter Takeover",
        organisation="Shift.ms",
        organisation_type="Charity",
        region="National",
        summary="Peer support",
        body_text="Each weekend a \ue001member hosts posts",
        award="Peer network",
        award_id=7,
        cycle=2015,
        status="winner",
        category_paths=[
            "Mental Health > Digital technology",
            "Acute > Family Care > Digital technology",
            "Mental Health",
        ],
        published_at=datetime(2023, 11, 14, 22, 13, 20),  # noqa: DTZ001 - naive, as SQLite hands it back
    )
    assert document == {
        "id": "42",
        "slug": "shift-ms-twitter-takeover",
        "title": "Shift.ms Twitter Takeover",
        "organisation": "Shift.ms",
        "organisation_type": "Charity",
        "region": "National",
        "summary": "Peer support",
        "body": "Each weekend a member hosts posts",
        "award": "Peer network",
        "award_id": 7,
        "cycle": 2015,
        "status": "winner",
        "categories": {
            "lvl0": ["Acute", "Mental Health"],
            "lvl1": ["Acute > Family Care", "Mental Health > Digital technology"],
            "lvl2": ["Acute > Family Care > Digital technology"],
        },
        "themes": ["Digital technology", "Mental Health"],
        "category_paths": [
            "Acute > Family Care > Digital technology",
            "Mental Health",
            "Mental Health > Digital technology",
        ],
        "published_at": 1700000000,
    }


def test_unpublished_has_null_published_at_and_aware_times_convert_exactly():
    base: dict[str, Any] = dict(
        nomination_id=1,
        slug="s",
        title="t",
        organisation="o",
        organisation_type="",
        region="",
        summary="",
        body_text="",
        award="a",
        cycle=2016,
        status="draft",
        category_paths=[],
    )
    assert build_document(**base, published_at=None)["published_at"] is None
    assert (
        build_document(**base, published_at=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC))["published_at"]
        == 1700000000
    )
    assert build_document(**base, published_at=None)["categories"] == {}


def test_category_levels_deduplicate_shared_ancestors():
    assert category_levels(["A > B > C", "A > B > D", "E"]) == {
        "lvl0": ["A", "E"],
        "lvl1": ["A > B"],
        "lvl2": ["A > B > C", "A > B > D"],
    }


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c\n\t.-+=1#*_`[]<>&!~|\\\"'é")), max_size=60))
def test_the_fast_path_for_plain_bodies_equals_the_markdown_renderer(text):
    assert markdown_to_text(text) == rendered_text(text)


def test_markdown_becomes_plain_text():
    assert markdown_to_text("Each *weekend* a member\n\n- hosts\n- posts &amp; <b>") == (
        "Each weekend a member hosts posts & <b>"
    )
