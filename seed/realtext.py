"""A benchmark corpus of real text: the synthetic corpus's entries (same taxonomy, awards,
organisations and statuses) with titles, summaries and bodies taken from the docstrings of
the Python standard library and the installed packages.

Real prose has natural word frequencies (a few words in most documents, most words in very
few), which the ~170-word synthetic corpus does not: it is the realistic case where the
synthetic one is the worst case. Nothing is downloaded. The text pool is read from the files
of this interpreter's standard library and site-packages, sorted, so the same Python and the
same `requirements*.lock` give the same corpus; entries recombine the pool's sentences, so any
size (100k, 1M) can be drawn from it.

    from seed.realtext import RealTextCorpus
    corpus = RealTextCorpus(seed=7)
    corpus.write_jsonl(path, count=100_000)
"""

from __future__ import annotations

import ast
import random
import re
import sysconfig
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from seed.synthetic import Corpus

#: files read (evenly spread over the sorted list): a pool of ~25,000 sentences and ~14,000
#: titles, read in about half a minute
MAX_FILES = 4000
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 5, 40
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 3, 12
#: a sentence with any of these looks like code or markup, not prose
CODE_MARKS = re.compile(r">>>|::|[{}\[\]<>=_\\|`*#@$]|\(\)|\.\w+\(|https?:")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"[A-Za-z][a-z]+")
#: words too common to be what a visitor searches for
STOPWORDS = frozenset(
    """the and for that this with from are was were will would can could should been have has
    not but which when where what who how all any each its into than then them they there these
    those also only such may must one two use used uses using return returns returned none true
    false value values default object objects function functions method methods argument
    arguments instance class classes module string strings list lists type types given""".split()
)


@dataclass(frozen=True)
class TextPool:
    #: each docstring's prose as its sentences, in file order
    passages: tuple[tuple[str, ...], ...]
    #: docstrings' one-line summaries that read as titles
    titles: tuple[str, ...]


def _source_files(max_files: int) -> list[Path]:
    paths = sysconfig.get_paths()
    roots = sorted({Path(paths["stdlib"]), Path(paths["purelib"])})
    files: list[Path] = []
    for root in roots:
        found = (p for p in root.rglob("*.py") if "test" not in p.relative_to(root).as_posix().lower())
        files.extend(sorted(found, key=lambda p: p.relative_to(root).as_posix()))
    return files if len(files) <= max_files else files[:: len(files) // max_files][:max_files]


def _docstrings(path: Path) -> Iterator[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if text := ast.get_docstring(node, clean=True):
            yield text


def _prose(text: str) -> list[str]:
    """The sentences of a docstring's paragraphs that read as prose."""
    sentences = []
    for paragraph in text.split("\n\n"):
        flat = " ".join(paragraph.split())
        for sentence in SENTENCE_END.split(flat):
            words = sentence.split()
            if (
                MIN_SENTENCE_WORDS <= len(words) <= MAX_SENTENCE_WORDS
                and sentence[0].isupper()
                and sentence[-1] in ".!?"
                and not CODE_MARKS.search(sentence)
            ):
                sentences.append(sentence)
    return sentences


def _title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip().rstrip(".")
    words = first.split()
    if MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS and first[0].isupper() and not CODE_MARKS.search(first):
        return first
    return None


@cache
def text_pool(*, max_files: int = MAX_FILES) -> TextPool:
    passages, titles = [], []
    for path in _source_files(max_files):
        for text in _docstrings(path):
            if sentences := _prose(text):
                passages.append(tuple(sentences))
            if title := _title(text):
                titles.append(title)
    if len(passages) < 100 or len(titles) < 100:
        raise RuntimeError("too little documentation text found under this Python's library directories")
    return TextPool(passages=tuple(passages), titles=tuple(titles))


class RealTextCorpus(Corpus):
    name = "realtext"

    def __init__(self, *, seed: int = 7, max_files: int = MAX_FILES) -> None:
        super().__init__(seed=seed)
        self.pool = text_pool(max_files=max_files)

    def _run(self, rng: random.Random, count: int) -> str:
        """`count` consecutive sentences of one docstring (fewer if it is shorter)."""
        passage = rng.choice(self.pool.passages)
        start = rng.randrange(len(passage))
        return " ".join(passage[start : start + count])

    def _title(self, rng: random.Random) -> str:
        return rng.choice(self.pool.titles)

    def _summary(self, rng: random.Random) -> str:
        return self._run(rng, rng.randint(1, 3))

    def _paragraph(self, rng: random.Random) -> str:
        """Runs of sentences until the paragraph has 30-60 words, as the synthetic one does."""
        target, runs, words = rng.randint(30, 60), [], 0
        while words < target:
            run = self._run(rng, rng.randint(2, 5))
            runs.append(run)
            words += len(run.split())
        return " ".join(runs)

    def _body(self, rng: random.Random) -> str:
        return "\n\n".join(self._paragraph(rng) for _ in range(rng.randint(2, 4)))

    def query_words(self) -> list[str]:
        """The 2,000 commonest title words of 4+ letters, stopwords left out: what a visitor
        might type, from frequent to rare."""
        counts = Counter(word.lower() for title in self.pool.titles for word in WORD.findall(title) if len(word) >= 4)
        return [word for word, _ in counts.most_common() if word not in STOPWORDS][:2000]
