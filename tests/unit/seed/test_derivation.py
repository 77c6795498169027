import pytest

from seed.data import SOURCE_AWARDS, TAXONOMY_FILE, seed_taxonomy
from seed.derivation import derive_taxonomy

#: the Shift.ms entry's list, its award names and the lower-case duplicate aside
EXPECTED_PATHS = [
    "Together we can",
    "Digital technology",
    "Integrating health and social care",
    "Digital inclusion",
    "Learning from carers",
    "Listening to service users",
    "Patient Empowerment",
    "Going the extra mile",
    "Making Social media work for us",
    "Acute > Together we can",
    "Acute",
    "Leadership and Management > Together we can",
    "Leadership and Management",
    "Primary Care > Together we can",
    "Primary Care",
    "Community Services > Together we can",
    "Community Services",
    "Mental Health > Together we can",
    "Mental Health",
    "Social Care > Together we can",
    "Social Care",
    "Commissioning and Procurement > Together we can",
    "Commissioning and Procurement",
    "Commissioning and Procurement > Digital technology",
    "Social Care > Digital technology",
    "Mental Health > Digital technology",
    "Community Services > Digital technology",
    "Primary Care > Digital technology",
    "Leadership and Management > Service Design/Innovation > Digital technology",
    "Leadership and Management > Service Design/Innovation",
    "Acute > Family Care > Digital technology",
    "Acute > Family Care",
    "Acute > Surgery > Digital technology",
    "Acute > Surgery",
    "Acute > Medicine > Digital technology",
    "Acute > Medicine",
    "Acute > Clinical Support > Digital technology",
    "Acute > Clinical Support",
    "Commissioning and Procurement > Integrating health and social care",
    "Social Care > Integrating health and social care",
    "Primary Care > Integrating health and social care",
    "Commissioning and Procurement > Digital inclusion",
    "Mental Health > Digital inclusion",
    "Community Services > Digital inclusion",
    "Primary Care > Digital inclusion",
    "Leadership and Management > Service Design/Innovation > Digital inclusion",
    "Acute > Family Care > Digital inclusion",
    "Acute > Surgery > Digital inclusion",
    "Acute > Medicine > Digital inclusion",
    "Acute > Clinical Support > Digital inclusion",
    "Acute > Learning from carers",
    "Community Services > Learning from carers",
    "Primary Care > Learning from carers",
    "Acute > Listening to service users",
    "Community Services > Listening to service users",
    "Primary Care > Listening to service users",
    "Acute > Patient Empowerment",
    "Community Services > Patient Empowerment",
    "Primary Care > Patient Empowerment",
]


def test_the_source_list_is_kept_verbatim_in_the_repository():
    lines = TAXONOMY_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 61
    assert [lines[3], lines[4], lines[5]] == ["The 4 Candles Award", "The TNT Award", "digital inclusion"]


def test_the_seed_taxonomy_is_every_listed_category_path_in_the_sources_order():
    taxonomy = seed_taxonomy()

    assert taxonomy.paths == EXPECTED_PATHS
    assert len(taxonomy.paths) == 59  # 61 listed items: two are awards
    assert taxonomy.awards == list(SOURCE_AWARDS) == ["The 4 Candles Award", "The TNT Award"]
    folded = [p.casefold() for p in taxonomy.positions]
    assert len(folded) == len(set(folded))  # no two categories differ only in case
    assert not any("award" in p.casefold() for p in taxonomy.paths)


def test_siblings_are_placed_in_the_order_the_source_first_names_them():
    positions = seed_taxonomy().positions

    def children(parent: str) -> list[str]:
        depth = parent.count(" > ") + 1 if parent else 0
        kids = [p for p in positions if p.count(" > ") == depth and (not parent or p.startswith(parent + " > "))]
        return sorted(kids, key=positions.__getitem__)

    assert children("")[8:] == [
        "Making Social media work for us",
        "Acute",
        "Leadership and Management",
        "Primary Care",
        "Community Services",
        "Mental Health",
        "Social Care",
        "Commissioning and Procurement",
    ]
    assert children("Acute") == [
        "Acute > Together we can",
        "Acute > Family Care",
        "Acute > Surgery",
        "Acute > Medicine",
        "Acute > Clinical Support",
        "Acute > Learning from carers",
        "Acute > Listening to service users",
        "Acute > Patient Empowerment",
    ]
    assert [positions[p] for p in children("Acute")] == list(range(8))


def test_derivation_rules_on_a_small_list():
    taxonomy = derive_taxonomy(
        [
            "  b  >  x ",
            "The Prize",
            "A > Thing",
            "a > thing",
            "B > X > Leaf",
            "",
            "c > Mixed",
            "C > mixed",
        ],
        award_names=["the prize"],
    )

    assert taxonomy.awards == ["The Prize"]
    # every pair of spellings (b/B, x/X, A/a, c/C, Mixed/mixed) is a tie: the first one seen wins
    assert taxonomy.paths == ["b > x", "A > Thing", "b > x > Leaf", "c > Mixed"]
    assert taxonomy.positions == {"b": 0, "b > x": 0, "A": 1, "A > Thing": 0, "b > x > Leaf": 0, "c": 2, "c > Mixed": 0}


def test_the_most_used_spelling_wins():
    taxonomy = derive_taxonomy(["digital inclusion", "A > Digital inclusion", "B > Digital inclusion"], award_names=[])
    assert taxonomy.paths == ["Digital inclusion", "A > Digital inclusion", "B > Digital inclusion"]


def test_an_award_missing_from_the_list_is_an_error():
    with pytest.raises(ValueError, match=r"awards not in the source list: \['The TNT Award'\]"):
        derive_taxonomy(["A"], award_names=["The TNT Award"])
