"""Pure rules of the public search: query-string parsing and the links the page offers."""

from __future__ import annotations

from catalogue.public.domain import (
    MAX_PAGE,
    SearchLinks,
    SearchParams,
    branch_paths,
    choose_category,
    distinctive_words,
    parse_search_params,
    query_params,
)
from search.query import SearchQuery, Sort


def test_clean_params_become_the_query_with_no_messages():
    parsed = parse_search_params(
        params=SearchParams(
            q="  peer   support ",
            category=("Acute>Family Care",),
            award=("Best app",),
            cycle=("2015",),
            status=("winner", "Highly commended"),
            sort="newest",
            page="3",
        )
    )

    assert parsed.query == SearchQuery(
        text="peer support",
        categories=("Acute > Family Care",),
        awards=("Best app",),
        cycles=(2015,),
        statuses=("winner", "highly_commended"),
        sort=Sort.newest,
        page=3,
    )
    assert (parsed.typed_text, parsed.messages) == ("peer   support", ())


def test_page_is_clamped_to_the_served_range():
    assert [
        parse_search_params(params=SearchParams(page=p)).query.page
        for p in ("-1", "0", "1", "+2", str(MAX_PAGE + 1), "1e3", "9" * 40)
    ] == [1, 1, 1, 2, MAX_PAGE, 1, 1]


def test_too_many_values_for_one_filter_are_cut_with_a_message():
    parsed = parse_search_params(params=SearchParams(region=tuple(f"R{i}" for i in range(25))))

    assert parsed.query.regions == tuple(f"R{i}" for i in range(20))
    assert parsed.messages == ("Only the first 20 region filters were used.",)


def test_choosing_a_category_replaces_its_relatives_and_a_selected_one_steps_up():
    assert choose_category((), "A") == ("A",)
    assert choose_category(("A",), "A > B") == ("A > B",)
    assert choose_category(("A > B", "C"), "A") == ("C", "A")
    assert choose_category(("A > B", "C"), "A > B") == ("C", "A")
    assert choose_category(("C",), "C") == ()


def test_links_keep_the_state_and_reset_the_page():
    links = SearchLinks(
        query=SearchQuery(text="peer", categories=("A > B",), statuses=("winner",), sort=Sort.title, page=3)
    )

    assert links.current() == "/case-studies?q=peer&category=A%20%3E%20B&status=winner&sort=title&page=3"
    assert links.toggle("status", "winner") == "/case-studies?q=peer&category=A%20%3E%20B&sort=title"
    assert (
        links.toggle("cycle", "2015") == "/case-studies?q=peer&category=A%20%3E%20B&cycle=2015&status=winner&sort=title"
    )
    assert [(c.name, c.href) for c in links.breadcrumb("A > B")] == [
        ("A", "/case-studies?q=peer&category=A&status=winner&sort=title"),
        ("B", "/case-studies?q=peer&category=A%20%3E%20B&status=winner&sort=title"),
    ]
    assert links.clear_all() == "/case-studies?q=peer&sort=title"


def test_canonical_params_leave_defaults_out():
    assert query_params(SearchQuery()) == []
    assert query_params(SearchQuery(text="x", sort=Sort.relevance, page=1)) == [("q", "x")]


def test_related_helpers():
    assert distinctive_words("Twitter for social care leaders: a takeover") == ["takeover", "twitter", "leaders"]
    assert branch_paths(["A > B > C", "D", "A > B > E"]) == ("A > B", "D")
