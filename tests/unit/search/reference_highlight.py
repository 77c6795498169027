"""A plain, word-by-word reference for search.highlight.Highlighter (its test oracle).

Deliberately simple: every token is judged one by one, so the property test can check the
fast per-query regex path against it for exactly equal output.
"""

from __future__ import annotations

from collections.abc import Callable

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.highlight import CROP_WORDS, ELLIPSIS, WORD


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

    Returns (marked text, whether it contained a match). Cut ends get an ellipsis. Scanning
    stops as soon as the window is complete.
    """
    tokens = WORD.finditer(text)
    spans: list[tuple[int, int]] = []
    first = None
    for token in tokens:
        spans.append(token.span())
        if first is None and is_match(token.group()):
            first = len(spans) - 1
        if first is not None and len(spans) >= first + words:
            break
    if not spans:
        return text.strip(), False
    complete = next(tokens, None) is None
    start_word = 0 if first is None else max(0, min(first - 3, len(spans) - words))
    end_word = min(len(spans), start_word + words) - 1
    start = 0 if start_word == 0 else spans[start_word][0]
    end = len(text) if complete and end_word == len(spans) - 1 else spans[end_word][1]
    marked, found = mark_words(text[start:end], is_match)
    marked = marked.strip()
    return (ELLIPSIS if start > 0 else "") + marked + (ELLIPSIS if end < len(text) else ""), found
