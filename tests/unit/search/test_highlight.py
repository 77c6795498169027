from search.highlight import Highlighter, QueryWord, edit_distance, markers_to_html
from tests.unit.search.reference_highlight import crop_marked, mark_words


def matcher(*words: QueryWord):
    return lambda token: any(w.matches(token.lower()) for w in words)


def test_edit_distance_counts_a_transposition_as_one_and_supports_prefixes():
    assert edit_distance("netwrok", "network") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("rehab", "rehabilitation", prefix=True) == 0
    assert edit_distance("rehub", "rehabilitation", prefix=True) == 1


def test_typo_budget_follows_word_length():
    assert [QueryWord(w, prefix=False).typos for w in ("care", "carer", "sclerosi", "sclerosis")] == [0, 1, 1, 2]
    assert QueryWord("carr", prefix=False).matches("care") is False
    assert QueryWord("strke", prefix=False).matches("stroke") is True
    assert QueryWord("sclerosys", prefix=False).matches("sclerosis") is True


def test_text_is_escaped_before_matches_are_marked():
    marked, found = Highlighter(matcher(QueryWord("alert", prefix=True))).mark('<script>alert("x")</script> & alerts')
    assert found is True
    assert markers_to_html(marked) == (
        "&lt;script&gt;<mark>alert</mark>(&quot;x&quot;)&lt;/script&gt; &amp; <mark>alerts</mark>"
    )


def test_crop_starts_a_little_before_the_first_match_with_ellipses():
    text = " ".join(f"w{i}" for i in range(60)) + " needle " + " ".join(f"v{i}" for i in range(60))
    marked, found = Highlighter(matcher(QueryWord("needle", prefix=False))).crop(text, words=6)
    assert found is True
    assert markers_to_html(marked) == "…w57 w58 w59 <mark>needle</mark> v0 v1…"


def test_crop_without_a_match_takes_the_opening_words():
    marked, found = Highlighter(matcher(QueryWord("zzz", prefix=False))).crop("one two three four", words=2)
    assert (marked, found) == ("one two…", False)


# -- the per-query fast path gives exactly the word-by-word reference's output --

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_VOCABULARY = ["care", "Carer", "carers", "network", "netwrok", "ÉCOLE", "école", "a_b", "x1", "stroke"]
_texts = st.lists(
    st.one_of(st.sampled_from(_VOCABULARY), st.text(alphabet="abcé_ -.,'\n<>&\"", max_size=6)),
    max_size=80,
).map(lambda parts: " ".join(parts))
_words = st.lists(
    st.builds(QueryWord, st.sampled_from(["care", "netwrok", "ecole", "strke", "zzz", "x"]), st.booleans()),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_texts, min_size=1, max_size=4), words=_words, crop=st.integers(1, 12))
def test_highlighter_matches_the_word_by_word_reference(texts, words, crop):
    is_match = matcher(*words)
    highlighter = Highlighter(is_match)  # one per query, reused over several texts
    for text in texts:
        assert highlighter.mark(text) == mark_words(text, is_match)
        assert highlighter.crop(text, words=crop) == crop_marked(text, is_match, words=crop)


def test_a_highlighter_without_words_marks_nothing():
    assert Highlighter(None).crop("one two three", words=2) == ("one two…", False)
    assert Highlighter(None).mark("one two") == ("one two", False)
