"""Typo rules and safe highlighting, shared by the engines.

Highlighted HTML is built in one order only: engine markers (private-use characters that
documents never contain) go around matched words, the text is HTML-escaped, and only
then do the markers become `<mark>` tags. So entrant-written text can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE

WORD = re.compile(r"[^\W_]+")
CROP_WORDS = 30
ELLIPSIS = "…"


def allowed_typos(word: str) -> int:
    """Meilisearch's defaults: no typo under 5 letters, one under 9, two from 9."""
    length = len(word)
    return 0 if length < 5 else 1 if length < 9 else 2


def edit_distance(query: str, term: str, *, prefix: bool = False) -> int:
    """Optimal-string-alignment distance (a transposition costs 1, as in tantivy's fuzzy
    queries); with `prefix`, the distance to the closest prefix of `term`."""
    previous2: list[int] = []
    previous = list(range(len(term) + 1))
    for i in range(1, len(query) + 1):
        current = [i] + [0] * len(term)
        for j in range(1, len(term) + 1):
            cost = 0 if query[i - 1] == term[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and query[i - 1] == term[j - 2] and query[i - 2] == term[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        previous2, previous = previous, current
    return min(previous) if prefix else previous[-1]


@dataclass(frozen=True)
class QueryWord:
    text: str
    prefix: bool

    @property
    def typos(self) -> int:
        return allowed_typos(self.text)

    def matches(self, term: str) -> bool:
        if term == self.text or (self.prefix and term.startswith(self.text)):
            return True
        budget = self.typos
        if budget == 0:
            return False
        if self.prefix:
            if len(term) < len(self.text) - budget:
                return False
        elif abs(len(term) - len(self.text)) > budget:
            return False
        return edit_distance(self.text, term, prefix=self.prefix) <= budget


class TermMatcher:
    """Does an indexed term match any query word? Memoised per query (terms repeat a lot)."""

    def __init__(self, words: Sequence[QueryWord], normalise: Callable[[str], str]) -> None:
        self.words = words
        self.normalise = normalise
        self._cache: dict[str, bool] = {}

    def __call__(self, token: str) -> bool:
        hit = self._cache.get(token)
        if hit is None:
            term = self.normalise(token)
            hit = self._cache[token] = bool(term) and any(w.matches(term) for w in self.words)
        return hit


def markers_to_html(marked: str) -> str:
    """Escape text carrying highlight markers, then turn the markers into <mark> tags."""
    return escape(marked, quote=True).replace(HIGHLIGHT_PRE, "<mark>").replace(HIGHLIGHT_POST, "</mark>")


def mark_words(text: str, is_match: Callable[[str], bool]) -> tuple[str, bool]:
    """Wrap every matching word of `text` in markers; also says whether any matched."""
    pieces: list[str] = []
    last = 0
    found = False
    for token in WORD.finditer(text):
        if is_match(token.group()):
            found = True
            pieces += [text[last : token.start()], HIGHLIGHT_PRE, token.group(), HIGHLIGHT_POST]
            last = token.end()
    pieces.append(text[last:])
    return "".join(pieces), found


def crop_marked(text: str, is_match: Callable[[str], bool], *, words: int = CROP_WORDS) -> tuple[str, bool]:
    """About `words` words of `text` starting a little before the first match, with markers.

    Returns (marked text, whether it contained a match). Cut ends get an ellipsis.
    """
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    if not spans:
        return text.strip(), False
    first = next((i for i, (_, _, token) in enumerate(spans) if is_match(token)), None)
    start_word = 0 if first is None else max(0, min(first - 3, len(spans) - words))
    end_word = min(len(spans), start_word + words) - 1
    start = 0 if start_word == 0 else spans[start_word][0]
    end = len(text) if end_word == len(spans) - 1 else spans[end_word][1]
    marked, found = mark_words(text[start:end], is_match)
    marked = marked.strip()
    return (ELLIPSIS if start > 0 else "") + marked + (ELLIPSIS if end < len(text) else ""), found
