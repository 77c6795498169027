from sqlmodel import SQLModel, col, select

from catalogue.nominations.models import Nomination
from catalogue.taxonomy.queries import category_tree
from seed.data import taxonomy_paths
from seed.load import load_seed


def _snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table except the outbox's timestamps, for comparing whole states."""
    state = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if not (table.name == "search_outbox" and c.name != "nomination_id")]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        state[table.name] = [tuple(row) for row in rows]
    return state


def test_seeding_twice_gives_the_same_state(session):
    first_summary = load_seed(session)
    session.commit()
    first = _snapshot(session)

    second_summary = load_seed(session)
    session.commit()

    assert _snapshot(session) == first
    assert first_summary == "seeded 61 category paths, 3 awards in 2 cycles, 3 case studies (3 changed)"
    assert second_summary == "seeded 61 category paths, 3 awards in 2 cycles, 3 case studies (0 changed)"


def test_seed_holds_every_listed_path_and_three_published_case_studies(session):
    load_seed(session)

    def flatten(nodes):
        for node in nodes:
            yield node.path, node.count
            yield from flatten(node.children)

    counts = dict(flatten(category_tree(session, published_only=True)))
    assert sorted(counts) == sorted(taxonomy_paths())
    assert counts["Acute > Family Care > Digital technology"] == 1
    assert counts["Acute"] == 1
    assert counts["Mental Health"] == 2
    assert counts["Making Social media work for us"] == 3
    published = session.exec(select(Nomination.slug, Nomination.status).where(
        col(Nomination.published_at).is_not(None)).order_by(col(Nomination.slug))).all()
    assert [(slug, str(status)) for slug, status in published] == [
        ("local-trust-is-a-top-tweeter", "winner"),
        ("shift-ms-twitter-takeover", "winner"),
        ("twitter-for-social-care-leaders", "shortlisted"),
    ]
