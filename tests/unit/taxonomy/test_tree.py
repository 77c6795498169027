from catalogue.taxonomy import domain
from catalogue.taxonomy.queries import active_paths, category_tree, in_taxonomy_order, tree_order
from search.query import CategoryNode
from tests.factories import make_nomination


def _shape(nodes):
    return [(n.name, n.own, n.count, _shape(n.children)) for n in nodes]


def test_the_tree_keeps_sibling_order_and_counts_entries_in_a_node_and_its_branch(session):
    for path in ["Zeta", "Acute > Surgery", "Acute > Family Care > Digital technology", "Beta"]:
        domain.ensure_path(session, path=path)
    make_nomination(session, categories=["Acute", "Acute > Surgery"])  # counted once for the branch
    make_nomination(session, categories=["Acute > Family Care > Digital technology"], published=True)

    assert _shape(category_tree(session, published_only=False, own=True)) == [
        ("Zeta", 0, 0, []),
        (
            "Acute",
            1,
            2,
            [("Surgery", 1, 1, []), ("Family Care", 0, 1, [("Digital technology", 1, 1, [])])],
        ),
        ("Beta", 0, 0, []),
    ]
    published = category_tree(session, published_only=True, own=True)
    assert [(n.name, n.own, n.count) for n in published[1].children] == [("Surgery", 0, 0), ("Family Care", 0, 1)]


def test_tree_order_is_depth_first_and_the_picker_lists_active_paths_in_it(session):
    for path in ["Zeta", "Acute > Surgery", "Acute > Family Care", "Beta"]:
        domain.ensure_path(session, path=path)
    domain.deprecate(session, category=domain.ensure_path(session, path="Acute > Surgery"))

    assert list(tree_order(session)) == ["Zeta", "Acute", "Acute > Surgery", "Acute > Family Care", "Beta"]
    assert active_paths(session) == ["Zeta", "Acute", "Acute > Family Care", "Beta"]


def test_a_facet_tree_sorted_by_name_is_put_in_taxonomy_order():
    ranks = {"Zeta": 0, "Acute": 1, "Acute > Surgery": 2, "Acute > Family Care": 3}
    by_name = [
        CategoryNode(
            name="Acute",
            path="Acute",
            count=2,
            expanded=True,
            children=[
                CategoryNode(name="Family Care", path="Acute > Family Care", count=1),
                CategoryNode(name="Surgery", path="Acute > Surgery", count=1),
            ],
        ),
        CategoryNode(name="Gone", path="Gone", count=1),
        CategoryNode(name="Zeta", path="Zeta", count=1),
    ]

    ordered = in_taxonomy_order(by_name, ranks=ranks)

    assert [n.path for n in ordered] == ["Zeta", "Acute", "Gone"]
    assert [c.path for c in ordered[1].children] == ["Acute > Surgery", "Acute > Family Care"]
