"""A deterministic synthetic corpus for benchmarks: realistic words (so typos make sense),
a taxonomy of 8 x 10 x 9 = 720 leaf paths (808 paths in all, depth 3), Markdown bodies.

Its ~170 words each appear in most documents: a worst case for an engine, not how text
behaves. seed/realtext.py gives the same entries with real text instead (`corpus_named`).

    from seed.synthetic import Corpus
    corpus = Corpus(seed=7)
    corpus.write_jsonl(path, count=100_000)      # the `catalogue import` format
    for document in corpus.documents(count=1000): ...   # search documents directly

The same seed always gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalogue.rendering import markdown_to_text
from search.documents import build_document

BRANCHES = [
    "Acute",
    "Mental Health",
    "Primary Care",
    "Community Services",
    "Social Care",
    "Leadership and Management",
    "Public Health",
    "Children and Young People",
]
AREAS = [
    "Family Care",
    "Older People",
    "Urgent Care",
    "Long-term Conditions",
    "Workforce",
    "Prevention",
    "Carers",
    "Learning Disabilities",
    "Housing",
    "Research",
]
THEMES = [
    "Digital technology",
    "Patient empowerment",
    "Listening to service users",
    "Peer support",
    "Integrating health and social care",
    "Social media",
    "Going the extra mile",
    "Learning from carers",
    "Together we can",
]
WORDS = """
patients carers families volunteers nurses doctors therapists pharmacists midwives students
hospital community practice clinic ward surgery pharmacy hospice school library village town
digital online video twitter forum website platform network podcast blog newsletter telephone
support recovery wellbeing dementia stroke diabetes cancer asthma arthritis sclerosis epilepsy
maternity children teenagers veterans refugees loneliness isolation housing nutrition exercise
walking gardening singing cooking reading football swimming dancing painting knitting
awareness campaign training leadership partnership innovation research evaluation feedback
listening learning sharing teaching mentoring coaching befriending advocacy signposting
appointments waiting discharge admissions referrals prescriptions medication rehabilitation
anxiety depression stigma confidence independence dignity respect kindness compassion
weekly monthly evening weekend morning local regional national rural urban coastal
improved reduced increased shortened supported enabled created launched developed designed
""".split()
ORG_PLACES = [
    "Northshire",
    "Southshire",
    "Eastbury",
    "Westford",
    "Riverside",
    "Hillcrest",
    "Lakeside",
    "Moorland",
    "Harbourside",
    "Kingsbridge",
    "Ashford",
    "Brookfield",
    "Cedarwood",
    "Dunmore",
]
ORG_KINDS = [
    ("NHS Foundation Trust", "NHS trust"),
    ("Hospitals", "NHS trust"),
    ("Carers Centre", "Charity"),
    ("Mind", "Charity"),
    ("Council", "Local authority"),
    ("Health Partnership", "Partnership"),
    ("Community Interest Company", "Social enterprise"),
    ("Medical Practice", "GP practice"),
]
REGIONS = [
    "London",
    "North East",
    "North West",
    "Yorkshire",
    "Midlands",
    "East",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
]
AWARDS = [
    "Most stunning patient/people-driven online peer network",
    "Best use of social media",
    "Digital innovation",
    "Carer support",
    "Leadership",
    "Working together",
    "Patient experience",
    "Mental health initiative",
    "Volunteer of the year",
    "Community project",
    "Research impact",
    "Outstanding contribution",
]
STATUSES = ["winner"] * 2 + ["highly_commended"] * 3 + ["shortlisted"] * 5 + ["not_shortlisted"] * 10
MARKDOWN_SHARE = 0.1


def taxonomy_paths() -> list[str]:
    """Every path with its ancestors: 8 branches, 80 areas, 720 leaves."""
    paths = []
    for branch in BRANCHES:
        paths.append(branch)
        for area in AREAS:
            paths.append(f"{branch} > {area}")
            paths.extend(f"{branch} > {area} > {theme}" for theme in THEMES)
    return paths


def leaf_paths() -> list[str]:
    return [p for p in taxonomy_paths() if p.count(" > ") == 2]


@dataclass
class Entry:
    title: str
    organisation: str
    organisation_type: str
    region: str
    summary: str
    body: str
    award: str
    cycle: int
    categories: list[str]
    status: str
    published_at: int

    def import_line(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "summary": self.summary,
            "body": self.body,
            "award": self.award,
            "cycle": self.cycle,
            "categories": self.categories,
            "status": self.status,
            "published": True,
            "website": "",
        }


class Corpus:
    def __init__(self, *, seed: int = 7) -> None:
        self.seed = seed
        self.leaves = leaf_paths()

    #: a short name for benchmark reports
    name = "synthetic"

    def _words(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(WORDS, k=n))

    def query_words(self) -> list[str]:
        """Words a visitor would type, for benchmark queries."""
        return list(WORDS)

    def _title(self, rng: random.Random) -> str:
        return self._words(rng, rng.randint(3, 6)).capitalize()

    def _summary(self, rng: random.Random) -> str:
        return self._words(rng, rng.randint(15, 30)).capitalize() + "."

    def _body(self, rng: random.Random) -> str:
        paragraphs = [self._words(rng, rng.randint(30, 60)).capitalize() + "." for _ in range(rng.randint(2, 4))]
        if rng.random() < MARKDOWN_SHARE:
            paragraphs.insert(1, "\n".join(f"- **{w}** {self._words(rng, 6)}" for w in rng.sample(WORDS, 3)))
        return "\n\n".join(paragraphs)

    def entries(self, *, count: int) -> Iterator[Entry]:
        """Two generators: one for the entry's facts, one for its text, so that corpora with
        other text (seed/realtext.py) give the same awards, categories and statuses."""
        rng = random.Random(self.seed)  # noqa: S311 - a reproducible corpus, not a secret
        text = random.Random(f"text-{self.seed}")  # noqa: S311
        for i in range(count):
            place, (kind, org_type) = rng.choice(ORG_PLACES), rng.choice(ORG_KINDS)
            yield Entry(
                title=self._title(text),
                organisation=f"{place} {kind}",
                organisation_type=org_type,
                region=rng.choice(REGIONS),
                summary=self._summary(text),
                body=self._body(text),
                award=rng.choice(AWARDS),
                cycle=rng.randint(2012, 2024),
                categories=rng.sample(self.leaves, rng.choice((1, 1, 2, 3))),
                status=rng.choice(STATUSES),
                published_at=1_400_000_000 + i * 300,
            )

    def documents(self, *, count: int) -> Iterator[dict[str, Any]]:
        """Search documents, as the database path would build them (ids 1..count)."""
        for i, e in enumerate(self.entries(count=count), 1):
            yield build_document(
                nomination_id=i,
                slug=f"entry-{i}",
                title=e.title,
                organisation=e.organisation,
                organisation_type=e.organisation_type,
                region=e.region,
                summary=e.summary,
                body_text=markdown_to_text(e.body),
                award=e.award,
                cycle=e.cycle,
                status=e.status,
                category_paths=e.categories,
                published_at=datetime.fromtimestamp(e.published_at, UTC),
            )

    def write_jsonl(self, path: Path, *, count: int) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            for entry in self.entries(count=count):
                handle.write(json.dumps(entry.import_line(), ensure_ascii=False) + "\n")


def corpus_named(name: str, *, seed: int = 7) -> Corpus:
    """`synthetic` (this module) or `realtext` (seed/realtext.py), for benchmarks' --corpus."""
    if name == "synthetic":
        return Corpus(seed=seed)
    if name == "realtext":
        from seed.realtext import RealTextCorpus

        return RealTextCorpus(seed=seed)
    raise ValueError(f"unknown corpus {name!r}: choose synthetic or realtext")
