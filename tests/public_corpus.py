"""A small published corpus for the public search tests (integration and browser):
the three seed case studies plus entries placed to give known counts."""

from __future__ import annotations

from sqlmodel import Session

from seed.load import load_seed
from tests.factories import make_award, make_nomination

SEED_SLUGS = ["local-trust-is-a-top-tweeter", "shift-ms-twitter-takeover", "twitter-for-social-care-leaders"]


def seed_public_corpus(session: Session) -> None:
    load_seed(session)
    dementia = make_award(session, name="Dementia care award", year=2016)
    make_nomination(
        session,
        title="Dementia friendly hospital wards",
        slug="dementia-friendly-wards",
        categories=["Acute > Family Care"],
        award=dementia,
        status="highly_commended",
        published=True,
        organisation="Riverside Hospitals NHS Trust",
        organisation_type="NHS trust",
        region="London",
        summary="Wards redesigned with families so people with dementia feel at home.",
        body="Colour, signage and a carers' café made the wards calmer for patients with dementia.",
    )
    make_nomination(
        session,
        title="Carers café in the community",
        slug="carers-cafe",
        categories=["Community Services > Learning from carers"],
        award=dementia,
        status="shortlisted",
        published=True,
        organisation="Northgate Carers",
        organisation_type="Charity",
        region="North West",
        summary="A weekly café where carers of people with dementia share advice.",
        body="Volunteers run the café; carers learn from each other.",
    )
    make_nomination(
        session,
        title="Secret dementia pilot",
        slug="secret-dementia-pilot",
        categories=["Acute > Family Care"],
        award=dementia,
        status="submitted",
        published=False,
        summary="Not published: must never appear in public search.",
    )
    session.commit()
