"""Seed data: the taxonomy, an award programme and three case studies (files beside this module)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TypedDict

from catalogue.text import slugify
from catalogue.timeutil import from_uk
from seed.derivation import SeedTaxonomy, derive_taxonomy


class CriterionSpec(TypedDict):
    name: str
    description: str
    weight: float


class AwardSpec(TypedDict):
    slug: str
    name: str
    description: str
    blind_judging: bool


class CaseStudySpec(TypedDict):
    slug: str
    title: str
    organisation: str
    organisation_type: str
    region: str
    summary: str
    website: str
    social_handles: list[str]
    links: list[str]
    award: str  # an AwardSpec slug
    cycle: int
    status: str
    categories: list[str]
    published_at: datetime


SEED_DIR = Path(__file__).resolve().parent

#: The category list of the Shift.ms award entry, verbatim and in its order: label paths,
#: flat items and two award names (see seed/derivation.py for what becomes of each).
TAXONOMY_FILE = SEED_DIR / "taxonomy.txt"

#: The items of that list that are awards, not categories.
SOURCE_AWARDS = ("The 4 Candles Award", "The TNT Award")


def seed_taxonomy() -> SeedTaxonomy:
    items = TAXONOMY_FILE.read_text(encoding="utf-8").splitlines()
    return derive_taxonomy(items, award_names=SOURCE_AWARDS)


TAXONOMY = seed_taxonomy()

PROGRAMME: dict[str, str] = {
    "name": "Health and Care Social Media Awards",
    "description": (
        "Awards recognising health and social care organisations, charities and people who "
        "use social media and digital technology to connect, support and inform."
    ),
}

CRITERIA: list[CriterionSpec] = [
    {
        "name": "Impact on people",
        "description": "Evidence of difference made to patients, service users or carers.",
        "weight": 3.0,
    },
    {"name": "Innovation", "description": "A new idea, or an existing platform used in a novel way.", "weight": 2.0},
    {"name": "Reach and engagement", "description": "Who took part, and how actively.", "weight": 2.0},
    {"name": "Sustainability", "description": "Whether the work lasts and can be copied elsewhere.", "weight": 1.0},
]

AWARDS: list[AwardSpec] = [
    {
        "slug": "patient-people-driven-online-peer-network",
        "name": "Most stunning patient/people-driven online peer network",
        "description": (
            "This category recognises the incredible value of peer to peer information, advice "
            "and support for people living with health conditions. You may have created a "
            "digital technology for peer support or be using social media platforms such as "
            "Facebook or Twitter in novel ways."
        ),
        "blind_judging": False,
    },
    {
        "slug": "best-use-of-social-media-by-an-nhs-organisation",
        "name": "Best use of social media by an NHS organisation",
        "description": (
            "For NHS organisations using social media to engage local communities, staff and "
            "partner organisations, share good practice and tackle stigma."
        ),
        "blind_judging": False,
    },
    {
        "slug": "social-media-leadership-in-social-care",
        "name": "Social media leadership in social care",
        "description": (
            "For leaders and teams in adult social care who use social media to engage people, "
            "spread ideas and tell the human stories of care. Judged blind."
        ),
        "blind_judging": True,
    },
    # The awards named in the Shift.ms entry's category list; the source describes neither.
    *(AwardSpec(slug=slugify(name), name=name, description="", blind_judging=False) for name in TAXONOMY.awards),
]

#: year -> (opens, closes), in UK time. The 2015 cycle holds the published case studies; the 2027 cycle
#: is open for entries so a fresh install has something to enter.
CYCLES = {
    2015: (from_uk(date(2015, 1, 5), time(0, 0)), from_uk(date(2015, 3, 31), time(17, 0))),
    2027: (from_uk(date(2026, 9, 1), time(0, 0)), from_uk(date(2027, 3, 31), time(17, 0))),
}

CASE_STUDIES: list[CaseStudySpec] = [
    {
        "slug": "local-trust-is-a-top-tweeter",
        "title": "Local Trust is a top Tweeter",
        "organisation": "South West Yorkshire Partnership NHS Foundation Trust",
        "organisation_type": "NHS trust",
        "region": "Yorkshire and the Humber",
        "summary": (
            "A mental health and learning disability trust ranked the top mental health Trust in "
            "a national NHS Twitter league table, using Twitter to share news, promote events "
            "and tackle the stigma that surrounds mental health."
        ),
        "website": "https://www.southwestyorkshire.nhs.uk",
        "social_handles": ["allofusinmind"],
        "links": [],
        "award": "best-use-of-social-media-by-an-nhs-organisation",
        "cycle": 2015,
        "status": "winner",
        "categories": [
            "Mental Health > Digital technology",
            "Mental Health > Together we can",
            "Making Social media work for us",
        ],
        "published_at": datetime(2015, 5, 12, 9, 0, tzinfo=UTC),
    },
    {
        "slug": "twitter-for-social-care-leaders",
        "title": "Twitter for social care leaders",
        "organisation": "WM ADASS and comms2point0",
        "organisation_type": "Local government partnership",
        "region": "West Midlands",
        "summary": (
            "A hands-on Twitter session for adult social care leaders at the ADASS Spring "
            "conference: digital engagement, thought leadership and telling the human stories "
            "of social care."
        ),
        "website": "",
        "social_handles": ["#adassspring"],
        "links": [],
        "award": "social-media-leadership-in-social-care",
        "cycle": 2015,
        "status": "shortlisted",
        "categories": [
            "Social Care > Digital technology",
            "Social Care > Together we can",
            "Leadership and Management",
            "Making Social media work for us",
        ],
        "published_at": datetime(2015, 5, 12, 9, 5, tzinfo=UTC),
    },
    {
        "slug": "shift-ms-twitter-takeover",
        "title": "Shift.ms Twitter Takeover",
        "organisation": "Shift.ms",
        "organisation_type": "Charity",
        "region": "National",
        "summary": (
            "Each weekend, multiple sclerosis charity Shift.ms hands its Twitter account over to "
            "someone with MS, giving isolated MSers peer support from people who understand."
        ),
        "website": "https://www.shift.ms",
        "social_handles": ["@shiftms"],
        "links": ["https://www.twitter.com/shiftms"],
        "award": "patient-people-driven-online-peer-network",
        "cycle": 2015,
        "status": "winner",
        # every category path the entry lists (its award names aside)
        "categories": list(TAXONOMY.paths),
        "published_at": datetime(2015, 5, 12, 9, 10, tzinfo=UTC),
    },
]


def taxonomy_paths() -> list[str]:
    return list(TAXONOMY.paths)


def case_study_body(slug: str) -> str:
    return (SEED_DIR / "case_studies" / f"{slug}.md").read_text(encoding="utf-8")
