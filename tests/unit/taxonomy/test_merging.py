import pytest
from sqlmodel import col, select

from catalogue.accounts.models import User
from catalogue.db import row_id
from catalogue.judging.models import JudgeAssignment
from catalogue.nominations.models import NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy import domain
from catalogue.taxonomy.domain import TaxonomyError
from catalogue.taxonomy.merging import merge
from catalogue.taxonomy.models import Category
from tests.factories import existing_category, make_nomination


def _paths(session) -> list[str]:
    return [c.path for c in session.exec(select(Category).order_by(Category.path))]


def _links(session, nomination) -> list[str]:
    return sorted(
        session.exec(
            select(Category.path)
            .join(NominationCategory, col(NominationCategory.category_id) == Category.id)
            .where(NominationCategory.nomination_id == nomination.id)
        )
    )


def _queued(session) -> list[int]:
    return [row.nomination_id for row in session.exec(select(SearchOutbox).order_by(col(SearchOutbox.id)))]


def test_merge_files_entries_under_the_survivor_moves_children_and_removes_the_node(session):
    for path in ["Acute > Surgery > Theatres", "Acute > Surgery > Digital technology", "Acute > Medicine > Wards"]:
        domain.ensure_path(session, path=path)
    both = make_nomination(session, categories=["Acute > Surgery", "Acute > Medicine"])
    only_surgery = make_nomination(session, categories=["Acute > Surgery"])
    theatres = make_nomination(session, categories=["Acute > Surgery > Theatres"])
    untouched = make_nomination(session, categories=["Acute > Medicine > Wards"])
    before = len(_queued(session))

    outcome = merge(
        session,
        merged=existing_category(session, "Acute > Surgery"),
        survivor=existing_category(session, "Acute > Medicine"),
    )

    assert (outcome.survivor.path, outcome.removed, outcome.entries_touched) == (
        "Acute > Medicine",
        ["Acute > Surgery"],
        3,
    )
    assert _paths(session) == [
        "Acute",
        "Acute > Medicine",
        "Acute > Medicine > Digital technology",
        "Acute > Medicine > Theatres",
        "Acute > Medicine > Wards",
    ]
    assert _links(session, both) == ["Acute > Medicine"]
    assert _links(session, only_surgery) == ["Acute > Medicine"]
    assert _links(session, theatres) == ["Acute > Medicine > Theatres"]
    assert sorted(_queued(session)[before:]) == sorted(row_id(n) for n in (both, only_surgery, theatres))
    assert untouched.id not in _queued(session)[before:]
    wards = existing_category(session, "Acute > Medicine > Wards")
    moved = existing_category(session, "Acute > Medicine > Theatres")
    assert (wards.position, moved.position, moved.depth) == (0, 1, 2)


def test_a_child_the_survivor_already_has_is_merged_into_it_in_any_case(session):
    domain.ensure_path(session, path="Primary Care > digital inclusion")
    domain.ensure_path(session, path="Primary care2 > Digital inclusion > Apps")
    entry = make_nomination(session, categories=["Primary Care > digital inclusion"])

    outcome = merge(
        session,
        merged=existing_category(session, "Primary Care"),
        survivor=existing_category(session, "Primary care2"),
    )

    assert outcome.removed == ["Primary Care > digital inclusion", "Primary Care"]
    assert _paths(session) == [
        "Primary care2",
        "Primary care2 > Digital inclusion",
        "Primary care2 > Digital inclusion > Apps",
    ]
    assert _links(session, entry) == ["Primary care2 > Digital inclusion"]


@pytest.mark.parametrize(
    ("merged", "survivor", "message"),
    [
        ("Acute", "Acute", "a category cannot be merged into itself"),
        ("Acute", "Acute > Surgery", "'Acute' cannot be merged into its own sub-category 'Acute > Surgery'"),
        ("Acute > Surgery", "Old", "'Old' is deprecated; merge into an active category"),
    ],
)
def test_merges_that_cannot_be_made_are_refused(session, merged, survivor, message):
    domain.ensure_path(session, path="Acute > Surgery")
    domain.deprecate(session, category=domain.ensure_path(session, path="Old"))

    with pytest.raises(TaxonomyError) as error:
        merge(session, merged=existing_category(session, merged), survivor=existing_category(session, survivor))

    assert str(error.value) == message
    assert _paths(session) == ["Acute", "Acute > Surgery", "Old"]


def test_a_node_judges_are_assigned_to_is_not_merged_away(session):
    judge = User(email="judge@example.org", password_hash="x")
    session.add(judge)
    surgery = domain.ensure_path(session, path="Acute > Surgery")
    session.flush()
    session.add(JudgeAssignment(user_id=row_id(judge), category_id=row_id(surgery)))
    session.flush()

    with pytest.raises(TaxonomyError) as error:
        merge(session, merged=surgery, survivor=domain.ensure_path(session, path="Acute > Medicine"))

    assert str(error.value) == (
        "1 judge assignment covers 'Acute > Surgery'; remove or change it on the Judges page first"
    )
