"""The roll-up arithmetic on exact fixtures: mean, count, spread; an entry counted once per branch."""

from __future__ import annotations

from catalogue.admin.results import EntryResult
from catalogue.admin.results_rollup import Summary, roll_up, summarise
from catalogue.taxonomy.queries import TreeNode


def test_mean_count_range_and_population_sd():
    assert summarise([70.0, 50.0, 90.0, None]) == Summary(
        count=3, unscored=1, mean=70.0, minimum=50.0, maximum=90.0, sd=16.33
    )


def test_one_value_has_no_spread_and_none_has_no_figures():
    assert summarise([42.5]) == Summary(count=1, unscored=0, mean=42.5, minimum=42.5, maximum=42.5, sd=0.0)
    assert summarise([None, None]) == Summary(count=0, unscored=2, mean=None, minimum=None, maximum=None, sd=None)
    assert summarise([]) == Summary(count=0, unscored=0, mean=None, minimum=None, maximum=None, sd=None)


def test_figures_are_rounded_to_two_places():
    result = summarise([10.0, 10.0, 11.0])
    assert (result.mean, result.sd) == (10.33, 0.47)


def node(path, *children):
    return TreeNode(
        id=abs(hash(path)), name=path.split(" > ")[-1], path=path, slug="s", depth=0, deprecated=False,
        children=list(children),
    )  # fmt: skip


def entry(nid, mean, *paths):
    return EntryResult(
        rank=None, nomination_id=nid, title=f"E{nid}", organisation="", award_id=1, award="A", cycle="C",
        category_paths=list(paths), status="submitted", published=False, weighted_mean=mean, score_count=1,
        recusals=0,
    )  # fmt: skip


def flatten(branches):
    return [(b.path, b.summary.count, b.summary.unscored, b.summary.mean, b.summary.sd, flatten(b.children))
            for b in branches]  # fmt: skip


def test_branches_cover_their_sub_branches_counting_an_entry_once_and_skip_empty_ones():
    tree = [
        node("A", node("A > X"), node("A > Y"), node("A > Empty")),
        node("B"),
        node("Nothing here"),
    ]
    entries = [
        entry(1, 80.0, "A > X", "A > Y"),  # filed twice under A: counted once there
        entry(2, 60.0, "A > X"),
        entry(3, None, "A > Y"),
        entry(4, 30.0, "B", "A"),
    ]
    assert flatten(roll_up(tree, entries)) == [
        ("A", 3, 1, 56.67, 20.55, [
            ("A > X", 2, 0, 70.0, 10.0, []),
            ("A > Y", 1, 1, 80.0, 0.0, []),
        ]),
        ("B", 1, 0, 30.0, 0.0, []),
    ]  # fmt: skip


def test_a_path_sharing_a_prefix_is_not_a_sub_branch():
    tree = [node("Acute"), node("Acute care")]
    assert flatten(roll_up(tree, [entry(1, 50.0, "Acute care")])) == [("Acute care", 1, 0, 50.0, 0.0, [])]
