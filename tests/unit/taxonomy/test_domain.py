import pytest
from sqlmodel import col, select

from catalogue.nominations.models import NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy import domain
from catalogue.taxonomy.domain import TaxonomyError
from catalogue.taxonomy.models import Category
from tests.factories import existing_category, make_nomination


def _paths(session) -> list[tuple[str, int]]:
    return [(c.path, c.depth) for c in session.exec(select(Category).order_by(Category.path))]


def test_parse_and_normalise_paths():
    assert domain.parse_path("  Acute >Family   Care> Digital technology ") == [
        "Acute",
        "Family Care",
        "Digital technology",
    ]
    assert domain.normalise_path("Acute>Family Care") == "Acute > Family Care"
    assert domain.ancestor_paths("A > B > C") == ["A", "A > B", "A > B > C"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "category path must not be empty"),
        ("   ", "category path must not be empty"),
        (
            "A >  > C",
            "a category name can't contain '>' (it separates levels), and every level needs a name: 'A >  > C'",
        ),
        (
            "Heart >> lungs",
            "a category name can't contain '>' (it separates levels), and every level needs a name: 'Heart >> lungs'",
        ),
        ("A >", "a category name can't contain '>' (it separates levels), and every level needs a name: 'A >'"),
        ("x" * 121, "category name must be at most 120 characters"),
        (" > ".join("abcdefghi"), "category path 'a > b > c > d > e > f > g > h > i' is deeper than 8 levels"),
    ],
)
def test_bad_paths_are_rejected_with_a_clear_error(path, message):
    with pytest.raises(TaxonomyError) as error:
        domain.parse_path(path)

    assert str(error.value) == message


def test_a_name_containing_the_separator_is_rejected():
    with pytest.raises(TaxonomyError) as error:
        domain.validate_name("Surgery > Theatres")

    assert str(error.value) == "a category name can't contain '>' (it separates levels): 'Surgery > Theatres'"


def test_ensure_path_creates_missing_ancestors_and_is_idempotent(session):
    leaf = domain.ensure_path(session, path="Acute > Family Care > Digital technology")
    again = domain.ensure_path(session, path=" Acute>Family Care >Digital technology")

    assert again.id == leaf.id
    assert _paths(session) == [
        ("Acute", 0),
        ("Acute > Family Care", 1),
        ("Acute > Family Care > Digital technology", 2),
    ]
    parent = session.get(Category, leaf.parent_id)
    assert (leaf.name, leaf.slug, parent.path) == ("Digital technology", "digital-technology", "Acute > Family Care")


def test_the_same_name_may_sit_under_many_parents(session):
    a = domain.ensure_path(session, path="Acute > Family Care > Digital technology")
    b = domain.ensure_path(session, path="Mental Health > Digital technology")

    assert (a.name, b.name) == ("Digital technology", "Digital technology")
    assert a.id != b.id


def test_rename_moves_descendant_paths_and_reindexes_their_entries(session):
    leaf = domain.ensure_path(session, path="Acute > Family Care > Digital technology")
    family = existing_category(session, "Acute > Family Care")
    nomination = make_nomination(session, categories=["Acute > Family Care > Digital technology"])
    session.exec(select(SearchOutbox)).all()
    before = len(session.exec(select(SearchOutbox)).all())

    domain.rename(session, category=family, new_name="  Children and Families ")

    assert _paths(session) == [
        ("Acute", 0),
        ("Acute > Children and Families", 1),
        ("Acute > Children and Families > Digital technology", 2),
    ]
    assert session.get(Category, leaf.id).path == "Acute > Children and Families > Digital technology"
    queued = [row.nomination_id for row in session.exec(select(SearchOutbox).order_by(col(SearchOutbox.id)))]
    assert queued[before:] == [nomination.id]


def test_rename_onto_an_existing_path_is_refused(session):
    domain.ensure_path(session, path="Acute > Surgery")
    medicine = domain.ensure_path(session, path="Acute > Medicine")

    with pytest.raises(TaxonomyError) as error:
        domain.rename(session, category=medicine, new_name="Surgery")

    assert str(error.value) == "a category 'Acute > Surgery' already exists"


def test_move_takes_the_whole_branch_and_counts_touched_entries(session):
    domain.ensure_path(session, path="Acute > Family Care > Digital technology")
    family = existing_category(session, "Acute > Family Care")
    community = domain.ensure_path(session, path="Community Services")
    make_nomination(session, categories=["Acute > Family Care > Digital technology", "Acute > Family Care"])
    make_nomination(session, categories=["Acute > Family Care"])

    assert domain.count_entries_touched(session, category=family) == 2
    domain.move(session, category=family, new_parent=community)

    assert _paths(session) == [
        ("Acute", 0),
        ("Community Services", 0),
        ("Community Services > Family Care", 1),
        ("Community Services > Family Care > Digital technology", 2),
    ]
    assert family.parent_id == community.id


def test_move_to_the_top_level_and_refuse_moving_under_itself(session):
    leaf = domain.ensure_path(session, path="A > B > C")
    b = existing_category(session, "A > B")

    with pytest.raises(TaxonomyError) as error:
        domain.move(session, category=b, new_parent=leaf)
    assert str(error.value) == "a category cannot be moved under itself or its own descendants"

    domain.move(session, category=b, new_parent=None)
    assert _paths(session) == [("A", 0), ("B", 0), ("B > C", 1)]


def test_deprecate_keeps_the_node_and_its_links(session):
    leaf = domain.ensure_path(session, path="Acute > Surgery")
    nomination = make_nomination(session, categories=["Acute > Surgery"])

    domain.deprecate(session, category=leaf)

    assert session.get(Category, leaf.id).deprecated is True
    links = session.exec(
        select(NominationCategory.category_id).where(NominationCategory.nomination_id == nomination.id)
    ).all()
    assert links == [leaf.id]


def test_a_path_typed_in_another_case_finds_the_existing_nodes(session):
    leaf = domain.ensure_path(session, path="Acute > Family Care")
    again = domain.ensure_path(session, path="acute > FAMILY care")
    child = domain.ensure_path(session, path="ACUTE > family care > Digital technology")

    assert again.id == leaf.id
    assert child.path == "Acute > Family Care > Digital technology"
    assert domain.find_path(session, path="acute>family care") == leaf
    assert domain.find_path(session, path="Acute > Surgery") is None
    assert _paths(session) == [
        ("Acute", 0),
        ("Acute > Family Care", 1),
        ("Acute > Family Care > Digital technology", 2),
    ]


def test_a_rename_to_a_siblings_name_in_another_case_is_refused_but_a_case_fix_is_not(session):
    domain.ensure_path(session, path="Digital inclusion")
    lower = domain.ensure_path(session, path="Going the extra mile")

    with pytest.raises(TaxonomyError) as error:
        domain.rename(session, category=lower, new_name="digital INCLUSION")
    assert str(error.value) == "a category 'Digital inclusion' already exists"

    domain.rename(session, category=lower, new_name="Going the Extra Mile")
    assert lower.path == "Going the Extra Mile"


def test_new_and_moved_nodes_go_last_among_their_siblings(session):
    for path in ["B", "A", "C > X", "C > Y"]:
        domain.ensure_path(session, path=path)
    x = existing_category(session, "C > X")

    assert [(n.name, n.position) for n in domain.children_of(session, parent_id=None)] == [
        ("B", 0),
        ("A", 1),
        ("C", 2),
    ]
    domain.move(session, category=x, new_parent=None)
    assert [(n.name, n.position) for n in domain.children_of(session, parent_id=None)] == [
        ("B", 0),
        ("A", 1),
        ("C", 2),
        ("X", 3),
    ]
