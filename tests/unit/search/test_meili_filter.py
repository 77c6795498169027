from search.engines.meili_filter import build_filter, quote
from search.query import Scope, SearchQuery


def test_quote_escapes_backslash_before_double_quote():
    assert quote('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'
    assert quote('\\"') == '"\\\\\\""'
    assert quote("Café > Crèche") == '"Café > Crèche"'


def test_no_filters_is_an_empty_string():
    assert build_filter(SearchQuery()) == ""


def test_every_facet_is_anded_and_values_within_a_facet_ored():
    query = SearchQuery(
        categories=("Acute > Family Care", 'Mental "Health"'),
        awards=('Best \\ "digital"',),
        cycles=(2015, 2016),
        statuses=("winner",),
    )
    assert build_filter(query) == (
        'award = "Best \\\\ \\"digital\\"" AND (cycle = 2015 OR cycle = 2016) AND status = "winner"'
        ' AND (categories.lvl1 = "Acute > Family Care" OR categories.lvl0 = "Mental \\"Health\\"")'
    )


def test_without_drops_only_that_facets_clause():
    query = SearchQuery(categories=("Acute",), awards=("A",), regions=("London",))
    assert build_filter(query, without="categories") == 'award = "A" AND region = "London"'
    assert build_filter(query, without="award") == 'region = "London" AND categories.lvl0 = "Acute"'


def test_scopes_are_ored_each_an_and_of_branch_and_award():
    query = SearchQuery(
        scopes=(
            Scope(category_path="Acute > Stroke", award="Innovation"),
            Scope(category_path="Mental Health"),
            Scope(award='Quote "me"'),
        )
    )
    assert build_filter(query) == (
        '((categories.lvl1 = "Acute > Stroke" AND award = "Innovation")'
        ' OR categories.lvl0 = "Mental Health" OR award = "Quote \\"me\\"")'
    )


def test_scopes_survive_disjunctive_removal_and_empty_scopes_match_nothing():
    query = SearchQuery(categories=("Acute",), scopes=(Scope(award="A"),))
    assert build_filter(query, without="categories") == 'award = "A"'
    assert build_filter(SearchQuery(scopes=())) == "id IS NULL"
    assert build_filter(SearchQuery(scopes=(Scope(),))) == ""


def test_cycle_values_are_integers_never_raw_text():
    assert build_filter(SearchQuery(cycles=("2015",))) == "cycle = 2015"  # type: ignore[arg-type]  # a year as text


def test_a_scope_with_an_award_id_filters_on_the_id_not_the_name():
    query = SearchQuery(scopes=(Scope(category_path="Acute", award="Innovation", award_id=12), Scope(award_id=3)))
    assert build_filter(query) == '((categories.lvl0 = "Acute" AND award_id = 12) OR award_id = 3)'
