"""/admin/taxonomy over HTTP: the tree, and each node form's errors beside its own fields,
every change audited and re-indexing the entries it touches."""

from __future__ import annotations

import re

from sqlalchemy import delete
from sqlmodel import col, select

from catalogue.admin.models import AuditLog
from catalogue.nominations.models import NominationCategory
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.domain import get_by_path
from catalogue.taxonomy.models import Category
from tests.factories import existing_category, make_nomination
from tests.judging_world import post, sign_in_as


def _audit(session) -> list[tuple[str, str, dict]]:
    session.expire_all()
    return [(a.action, a.target, a.details) for a in session.exec(select(AuditLog).order_by(col(AuditLog.id)))]


def _field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)
    return match.group(1) if match else None


def test_the_tree_nests_nodes_with_their_paths_and_counts(world, client):
    sign_in_as(client, "admin@example.org")
    html = client.get("/admin/taxonomy").text

    assert "style=" not in html
    family = html.index('data-path="Acute &gt; Family Care"')
    leaf = html.index('data-path="Acute &gt; Family Care &gt; Digital technology"')
    assert html.index('data-path="Acute"') < family < leaf
    assert html[family:leaf].count("<ul") == 1  # the leaf sits in Family Care's own list
    assert (
        '<span class="tx-name" title="Acute &gt; Family Care &gt; Digital technology">Digital technology</span>'
        '<span class="tx-path"> (Acute &gt; Family Care &gt; Digital technology)</span>'
    ) in html
    assert (
        '<span class="tx-name" title="Acute &gt; Family Care">Family Care</span>'
        '<span class="tx-path"> (Acute &gt; Family Care)</span> '
        '<span class="tx-counts">1 entry here, 2 in the branch</span>'
    ) in html
    assert '<datalist id="tx-paths">' in html


def test_rename_errors_sit_beside_that_nodes_field_and_change_nothing(world, client, session):
    sign_in_as(client, "admin@example.org")
    surgery = existing_category(session, "Acute > Surgery")

    separator = post(client, "/admin/taxonomy/rename", {"category_id": str(surgery.id), "new_name": "Surgery > Day"})
    clash = post(client, "/admin/taxonomy/rename", {"category_id": str(surgery.id), "new_name": "family CARE"})
    empty = post(client, "/admin/taxonomy/rename", {"category_id": str(surgery.id), "new_name": "  "})

    assert [r.status_code for r in (separator, clash, empty)] == [400, 400, 400]
    field = f"rename-{surgery.id}-new_name"
    assert _field_error(separator.text, field) == (
        "A category name can&#39;t contain &#39;&gt;&#39; (it separates levels): &#39;Surgery &gt; Day&#39;."
    )
    assert 'value="Surgery &gt; Day"' in separator.text  # what was typed is kept
    assert _field_error(clash.text, field) == "A category &#39;Acute &gt; Family Care&#39; already exists."
    assert _field_error(empty.text, field) == "Category name must not be empty."
    # the node with the error is shown open, inside its open branch
    assert re.search(r'<li class="tx-node" data-path="Acute">\s*<details class="tx-branch" open>', separator.text)
    assert '<details class="tx-edit" open>\n  <summary>Edit<span class="visually-hidden"> Acute &gt; Surgery' in (
        separator.text
    )
    assert _audit(session) == []


def test_add_under_a_node_and_at_a_typed_path(world, client, session):
    sign_in_as(client, "admin@example.org")
    surgery = existing_category(session, "Acute > Surgery")

    child = post(client, "/admin/taxonomy/add", {"parent_id": str(surgery.id), "name": "Theatres"})
    bad_child = post(client, "/admin/taxonomy/add", {"parent_id": str(surgery.id), "name": "Day > Night"})
    again = post(client, "/admin/taxonomy/add", {"path": "acute > surgery > THEATRES"})
    empty_level = post(client, "/admin/taxonomy/add", {"path": "Acute >> Wards"})

    assert child.status_code == 303
    assert get_by_path(session, path="Acute > Surgery > Theatres") is not None
    assert _field_error(bad_child.text, f"add-{surgery.id}-name") == (
        "A category name can&#39;t contain &#39;&gt;&#39; (it separates levels): &#39;Day &gt; Night&#39;."
    )
    assert (
        _field_error(again.text, "add-path")
        == "The category &#39;Acute &gt; Surgery &gt; Theatres&#39; already exists."
    )
    assert _field_error(empty_level.text, "add-path") == (
        "A category name can&#39;t contain &#39;&gt;&#39; (it separates levels), and every level needs a name: "
        "&#39;Acute &gt;&gt; Wards&#39;."
    )
    assert [(a, t) for a, t, _ in _audit(session)] == [
        (
            "category.add",
            f"category {existing_category(session, 'Acute > Surgery > Theatres').id}: Acute > Surgery > Theatres",
        )
    ]


def test_move_by_typed_path_with_errors_named_on_the_field(world, client, session):
    sign_in_as(client, "admin@example.org")
    family = existing_category(session, "Acute > Family Care")
    field = f"move-{family.id}-new_parent"

    unknown = post(client, "/admin/taxonomy/move", {"category_id": str(family.id), "new_parent": "Nowhere"})
    under_itself = post(
        client,
        "/admin/taxonomy/move",
        {"category_id": str(family.id), "new_parent": "Acute > Family Care > Digital technology"},
    )
    same = post(client, "/admin/taxonomy/move", {"category_id": str(family.id), "new_parent": "acute"})
    top = post(client, "/admin/taxonomy/move", {"category_id": str(family.id), "new_parent": ""})

    assert _field_error(unknown.text, field) == "No category &#39;Nowhere&#39; exists; choose one from the list."
    assert _field_error(under_itself.text, field) == "A category cannot be moved under itself or its own descendants."
    assert _field_error(same.text, field) == "&#39;Acute &gt; Family Care&#39; is already there; choose another parent."
    assert top.status_code == 303
    session.expire_all()
    assert session.get(Category, family.id).path == "Family Care"
    assert [(a, d) for a, _, d in _audit(session)] == [
        ("category.move", {"from": "Acute > Family Care", "to": "Family Care", "entries_touched": 2})
    ]


def test_merge_moves_entries_and_children_removes_the_node_reindexes_and_is_audited(world, client, session):
    sign_in_as(client, "admin@example.org")
    session.exec(delete(SearchOutbox))
    session.commit()
    family = existing_category(session, "Acute > Family Care")
    family_id = family.id
    field = f"merge-{family.id}-into"

    into_child = post(
        client,
        "/admin/taxonomy/merge",
        {"category_id": str(family.id), "into": "Acute > Family Care > Digital technology"},
    )
    missing = post(client, "/admin/taxonomy/merge", {"category_id": str(family.id), "into": ""})
    judged = post(
        client,
        "/admin/taxonomy/merge",
        {"category_id": str(existing_category(session, "Acute").id), "into": "Mental Health"},
    )
    assert _field_error(into_child.text, field) == (
        "&#39;Acute &gt; Family Care&#39; cannot be merged into its own sub-category "
        "&#39;Acute &gt; Family Care &gt; Digital technology&#39;."
    )
    assert _field_error(missing.text, field) == "Category path must not be empty."
    assert "1 judge assignment covers &#39;Acute&#39;; remove or change it on the Judges page first." in judged.text

    merged = post(client, "/admin/taxonomy/merge", {"category_id": str(family.id), "into": "acute > surgery"})

    assert merged.status_code == 303
    assert "Merged into Acute &gt; Surgery; 2 entries will be re-indexed." in client.get("/admin/taxonomy").text
    session.expire_all()
    assert session.get(Category, family_id) is None
    surgery = existing_category(session, "Acute > Surgery")
    assert existing_category(session, "Acute > Surgery > Digital technology").parent_id == surgery.id
    filed = session.exec(
        select(NominationCategory.category_id).where(NominationCategory.nomination_id == world.a_withdrawn.id)
    ).all()
    assert filed == [surgery.id]
    assert sorted(session.exec(select(SearchOutbox.nomination_id))) == sorted([world.a_family.id, world.a_withdrawn.id])
    assert _audit(session) == [
        (
            "category.merge",
            f"category {surgery.id}: Acute > Surgery",
            {
                "merged": "Acute > Family Care",
                "into": "Acute > Surgery",
                "removed": ["Acute > Family Care"],
                "entries_touched": 2,
            },
        )
    ]


def test_deprecate_and_restore_from_the_nodes_own_form(world, client, session):
    sign_in_as(client, "admin@example.org")
    make_nomination(session, categories=["Social Care"])
    session.commit()
    social = existing_category(session, "Social Care")

    first = post(client, "/admin/taxonomy/deprecate", {"category_id": str(social.id), "action": "deprecate"})
    twice = post(client, "/admin/taxonomy/deprecate", {"category_id": str(social.id), "action": "deprecate"})

    assert first.status_code == 303
    assert (
        f'<div class="notice error" role="alert" id="deprecate-{social.id}-alert">'
        "&#39;Social Care&#39; is already deprecated.</div>"
    ) in twice.text
    page = client.get("/admin/taxonomy").text
    assert '<span class="badge tx-deprecated">Deprecated</span>' in page
    restored = post(client, "/admin/taxonomy/deprecate", {"category_id": str(social.id), "action": "restore"})
    assert restored.status_code == 303
    assert [a for a, _, _ in _audit(session)] == ["category.deprecate", "category.restore"]
