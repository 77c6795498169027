from search.facets import build_category_tree, build_flat_facet, levels_needed
from search.query import CategoryNode, FacetValue

COUNTS = {
    0: {"Acute": 5, "Mental Health": 3, "community": 1},
    1: {"Acute > Family Care": 4, "Acute > Stroke": 2, "Mental Health > Digital technology": 3},
    2: {"Acute > Family Care > Digital technology": 1, "Acute > Family Care > Dementia": 3},
}


def test_without_selection_only_the_top_level_is_listed_sorted_by_name():
    assert build_category_tree(level_counts={0: COUNTS[0]}, selected=()) == [
        CategoryNode(name="Acute", path="Acute", count=5),
        CategoryNode(name="community", path="community", count=1),
        CategoryNode(name="Mental Health", path="Mental Health", count=3),
    ]


def test_children_are_listed_under_the_selected_paths_ancestors_and_itself():
    tree = build_category_tree(level_counts=COUNTS, selected=("Acute > Family Care",))
    assert tree == [
        CategoryNode(
            name="Acute",
            path="Acute",
            count=5,
            expanded=True,
            children=[
                CategoryNode(
                    name="Family Care",
                    path="Acute > Family Care",
                    count=4,
                    selected=True,
                    expanded=True,
                    children=[
                        CategoryNode(name="Dementia", path="Acute > Family Care > Dementia", count=3),
                        CategoryNode(
                            name="Digital technology", path="Acute > Family Care > Digital technology", count=1
                        ),
                    ],
                ),
                CategoryNode(name="Stroke", path="Acute > Stroke", count=2),
            ],
        ),
        CategoryNode(name="community", path="community", count=1),
        CategoryNode(name="Mental Health", path="Mental Health", count=3),
    ]


def test_several_selected_paths_each_open_their_branch():
    tree = build_category_tree(level_counts=COUNTS, selected=("Acute > Stroke", "Mental Health"))
    assert [(n.path, n.selected, n.expanded, [c.path for c in n.children]) for n in tree] == [
        ("Acute", False, True, ["Acute > Family Care", "Acute > Stroke"]),
        ("community", False, False, []),
        ("Mental Health", True, True, ["Mental Health > Digital technology"]),
    ]
    assert [(c.path, c.selected, c.expanded, c.children) for c in tree[0].children] == [
        ("Acute > Family Care", False, False, []),
        ("Acute > Stroke", True, True, []),
    ]


def test_a_selected_path_with_no_matches_still_shows_with_zero():
    tree = build_category_tree(level_counts={0: {"Acute": 2}, 1: {}}, selected=("Rare > Thing",))
    assert tree == [
        CategoryNode(name="Acute", path="Acute", count=2),
        CategoryNode(
            name="Rare",
            path="Rare",
            count=0,
            expanded=True,
            children=[
                CategoryNode(name="Thing", path="Rare > Thing", count=0, selected=True, expanded=True),
            ],
        ),
    ]


def test_levels_needed_reaches_the_children_of_the_deepest_selection():
    assert levels_needed(()) == 1
    assert levels_needed(("Acute",)) == 2
    assert levels_needed(("Acute", "A > B > C")) == 4


def test_flat_facets_sort_by_count_then_value_and_keep_selected_zeroes():
    assert build_flat_facet(counts={"b": 2, "a": 2, "c": 5}, selected=["zzz", "a"]) == [
        FacetValue(value="c", count=5),
        FacetValue(value="a", count=2, selected=True),
        FacetValue(value="b", count=2),
        FacetValue(value="zzz", count=0, selected=True),
    ]
