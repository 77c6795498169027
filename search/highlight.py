"""Typo rules and safe highlighting, shared by the engines.

Highlighted HTML is built in one order only: engine markers (private-use characters that
documents never contain) go around matched words, the text is HTML-escaped, and only
then do the markers become `<mark>` tags. So entrant-written text can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import islice

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE

WORD = re.compile(r"[^\W_]+")
CROP_WORDS = 30
ELLIPSIS = "…"


def allowed_typos(word: str) -> int:
    """Meilisearch's defaults: no typo under 5 letters, one under 9, two from 9."""
    length = len(word)
    return 0 if length < 5 else 1 if length < 9 else 2


def edit_distance(query: str, term: str, *, prefix: bool = False, limit: int | None = None) -> int:
    """Optimal-string-alignment distance (a transposition costs 1, as in tantivy's fuzzy
    queries); with `prefix`, the distance to the closest prefix of `term`. With `limit`,
    stops early once the distance must exceed it (returning limit + 1)."""
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
        if limit is not None and min(current) > limit:
            return limit + 1
    return min(previous) if prefix else previous[-1]


@lru_cache(maxsize=262_144)
def word_matches(word: str, prefix: bool, term: str) -> bool:
    """Would the engine match `term` for the query word? (Memoised: vocabularies repeat.)"""
    if term == word or (prefix and term.startswith(word)):
        return True
    budget = allowed_typos(word)
    if budget == 0:
        return False
    if prefix:
        if len(term) < len(word) - budget:
            return False
    elif abs(len(term) - len(word)) > budget:
        return False
    return edit_distance(word, term, prefix=prefix, limit=budget) <= budget


@dataclass(frozen=True)
class QueryWord:
    text: str
    prefix: bool

    @property
    def typos(self) -> int:
        return allowed_typos(self.text)

    def matches(self, term: str) -> bool:
        return word_matches(self.text, self.prefix, term)


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


class Highlighter:
    """Marks matching words, and crops a snippet around the first match, for one query.

        Each distinct token is judged once (through `is_match`, itself memoised); the tokens
        found to match so far are compiled into one regex that finds and marks them, bounded
        exactly like `WORD` tokens. Output is identical to a plain word-by-word reference
    (tests/unit/search/reference_highlight.py, property-tested);
        a text with no matching token is never scanned word by word.
    """

    def __init__(self, is_match: Callable[[str], bool] | None) -> None:
        """`is_match` None: nothing matches (a query without words)."""
        self.is_match = is_match
        self.judged: set[str] = set()
        self.matching: set[str] = set()
        self.pattern: re.Pattern[str] | None = None

    def _pattern(self, text: str) -> re.Pattern[str] | None:
        """The regex of matching tokens, or None when no token of `text` matches."""
        if self.is_match is None:
            return None
        tokens = set(WORD.findall(text))
        new = False
        for token in tokens - self.judged:
            self.judged.add(token)
            if self.is_match(token):
                self.matching.add(token)
                new = True
        if tokens.isdisjoint(self.matching):
            return None
        if new or self.pattern is None:
            alternation = "|".join(re.escape(t) for t in sorted(self.matching, key=lambda t: (-len(t), t)))
            self.pattern = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
        return self.pattern

    def mark(self, text: str) -> tuple[str, bool]:
        pattern = self._pattern(text)
        if pattern is None:
            return text, False
        return pattern.sub(lambda m: HIGHLIGHT_PRE + m.group() + HIGHLIGHT_POST, text), True

    def crop(self, text: str, *, words: int = CROP_WORDS) -> tuple[str, bool]:
        pattern = self._pattern(text)
        match = pattern.search(text) if pattern is not None else None
        if match is None:
            first = None
            limit = words
        else:
            first = sum(1 for _ in WORD.finditer(text, 0, match.start()))
            limit = first + words
        tokens = WORD.finditer(text)
        spans = [token.span() for token in islice(tokens, limit)]
        if not spans:
            return text.strip(), False
        complete = next(tokens, None) is None
        start_word = 0 if first is None else max(0, min(first - 3, len(spans) - words))
        end_word = min(len(spans), start_word + words) - 1
        start = 0 if start_word == 0 else spans[start_word][0]
        end = len(text) if complete and end_word == len(spans) - 1 else spans[end_word][1]
        window, marks = text[start:end], 0
        if pattern is not None:
            window, marks = pattern.subn(lambda m: HIGHLIGHT_PRE + m.group() + HIGHLIGHT_POST, window)
        marked = window.strip()
        return (ELLIPSIS if start > 0 else "") + marked + (ELLIPSIS if end < len(text) else ""), marks > 0
