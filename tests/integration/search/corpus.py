"""The contract suite's corpus: six entries written through the real factories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from catalogue.db import row_id
from tests.factories import make_award, make_nomination

ODD_AWARD = 'Best "community" \\ project > 2016'
ODD_CATEGORY = 'Community > Café "Chat" \\ club'
ENTRIES: list[dict[str, Any]] = [
    dict(
        title="Shift MS Twitter takeover",
        organisation="Shift MS",
        organisation_type="Charity",
        region="National",
        award="Peer network",
        year=2015,
        status="winner",
        published=1_600_000_100,
        summary="A patient-driven online peer network for people with multiple sclerosis.",
        body="Each weekend a member hosts the **Twitter** account and talks about living with sclerosis.",
        categories=["Acute > Family Care > Digital technology", "Mental Health > Digital technology"],
    ),
    dict(
        title="Stroke rehabilitation at home",
        organisation="Northshire Hospitals",
        organisation_type="NHS trust",
        region="North",
        award="Innovation",
        year=2016,
        status="shortlisted",
        published=1_600_000_200,
        summary="Therapists visit patients at home after a stroke.",
        body="Early supported discharge shortened hospital stays.",
        categories=["Acute > Stroke"],
    ),
    dict(
        title="Digital inclusion for carers",
        organisation="Carers Together",
        organisation_type="Charity",
        region="London",
        award="Peer network",
        year=2016,
        status="highly_commended",
        published=1_600_000_300,
        summary="Tablets and training help unpaid carers join an online network.",
        body="Volunteers teach carers to use video calls.",
        categories=["Community > Carers", "Mental Health > Digital technology"],
    ),
    dict(
        title="Quiet rooms for dementia wards",
        organisation="Southshire Hospitals",
        organisation_type="NHS trust",
        region="South",
        award="Innovation",
        year=2015,
        status="submitted",
        published=None,
        summary="Calm spaces reduce distress on dementia wards.",
        body="Families helped design the rooms.",
        categories=["Acute > Family Care > Dementia"],
    ),
    dict(
        title='Café "Chat" \\ evenings',
        organisation="Crèche & Café",
        organisation_type="Charity",
        region="Wales",
        award=ODD_AWARD,
        year=2016,
        status="winner",
        published=1_600_000_400,
        summary="Weekly social evenings for new parents.",
        body="Parents meet other parents.",
        categories=[ODD_CATEGORY],
    ),
    dict(
        title="Network rail-side gardens",
        organisation="Green Routes",
        organisation_type="Social enterprise",
        region="North",
        award="Innovation",
        year=2015,
        status="winner",
        published=1_600_000_500,
        summary="Gardens <b>planted</b> beside stations.",
        body="Commuters tend the beds.",
        categories=["Community > Environment"],
    ),
]


def write_corpus(session: Session) -> list[int]:
    """Insert every entry (each with its outbox row) and commit; returns ids in order."""
    ids = []
    for entry in ENTRIES:
        entry = dict(entry)
        award = make_award(session, name=entry.pop("award"), year=entry.pop("year"))
        published = entry.pop("published")
        nomination = make_nomination(session, award=award, **entry)
        if published is not None:
            nomination.published_at = datetime.fromtimestamp(published, UTC)
            session.add(nomination)
        ids.append(row_id(nomination))
    session.commit()
    return ids
