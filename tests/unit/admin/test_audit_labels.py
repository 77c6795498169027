"""Every audit action code recorded anywhere in catalogue/ has a label, and the log's details
read as labelled values."""

from __future__ import annotations

import ast
from pathlib import Path

import catalogue
from catalogue.admin.audit_labels import ACTIONS, TARGET, detail_rows, parse_target, sentence

SOURCE = Path(catalogue.__file__).resolve().parent


def _literals(value: ast.expr) -> list[str] | None:
    """The codes an `action=` argument can be: a string, or `"a" if ... else "b"`; None if
    it is anything else (it could not be checked)."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        body, orelse = _literals(value.body), _literals(value.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def recorded_actions() -> tuple[set[str], list[str]]:
    """The action codes of every `record_audit(...)` and `AuditLog(...)` call in the source,
    and where an action is not written as literals."""
    codes: set[str] = set()
    unreadable: list[str] = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("record_audit", "AuditLog"):
                continue
            for keyword in (k for k in node.keywords if k.arg == "action"):
                if path.name == "rules.py" and isinstance(keyword.value, ast.Name):
                    continue  # record_audit itself, passing its argument on
                found = _literals(keyword.value)
                if found is None:
                    unreadable.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
                else:
                    codes.update(found)
    return codes, unreadable


def test_every_recorded_action_has_a_label_and_every_label_is_used():
    codes, unreadable = recorded_actions()
    assert unreadable == []
    assert len(codes) >= 20  # the scan found the calls
    assert sorted(codes - set(ACTIONS)) == []  # a code without a label
    assert sorted(set(ACTIONS) - codes) == []  # a label nothing records


def test_a_sentence_marks_where_its_target_goes():
    assert sentence("assignment.add", {"category": "Acute", "award": None}) == (
        "Assigned judge ",
        " to the branch Acute",
    )
    assert sentence("assignment.add", {"category": "Acute", "award": "Best app"}) == (
        "Assigned judge ",
        " to the branch Acute for the award Best app",
    )
    assert sentence("entry.outcome", {"from": "submitted", "to": "highly_commended"}) == (
        "Set the outcome of ",
        " to highly commended",
    )
    assert sentence("entry.publish", {"override": "it has no outcome yet", "reason": "x"}) == (
        "Published ",
        " with an override",
    )
    assert sentence("no.such", {}) == ("no.such: ", "")
    assert all(TARGET in label.describe({}) for label in ACTIONS.values())


def test_details_are_labelled_with_missing_values_dropped():
    assert detail_rows("assignment.add", {"category": "Acute", "award": None}) == [("Branch", "Acute")]
    assert detail_rows(
        "award.update", {"blind_judging": {"from": False, "to": True}, "name": {"from": "A", "to": "B"}}
    ) == [
        ("Blind judging", "No → Yes"),
        ("Name", "A → B"),
    ]
    assert detail_rows("entry.outcome", {"from": "submitted", "to": "not_shortlisted"}) == [
        ("From", "Submitted"),
        ("To", "Not shortlisted"),
    ]
    assert detail_rows(
        "cycle.create", {"opens_at": "2027-01-01T00:00:00+00:00", "closes_at": "2027-03-31T17:00:00+00:00"}
    ) == [("Entries open", "1 January 2027, 00:00 GMT"), ("Entries close", "31 March 2027, 18:00 BST")]
    assert detail_rows("revision.submit", {"revision": 3, "fields": ["body", "title"], "new_key": ""}) == [
        ("Revision", "3"),
        ("Fields", "body, title"),
    ]


def test_targets_are_read_back_from_how_they_are_written():
    target = parse_target("entry 12: Family app: the sequel")
    assert (target.kind, target.ident, target.text) == ("entry", 12, "Family app: the sequel")
    other = parse_target("all indexes")
    assert (other.kind, other.ident, other.text) == ("", None, "all indexes")
