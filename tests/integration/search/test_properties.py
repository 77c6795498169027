"""Property tests over both engines: facet counts against a brute-force count over the
database, exact matching of awkward filter values, and the public index never holding an
unpublished entry whatever the sequence of edits."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, delete, select

from catalogue.nominations.models import Nomination, NominationCategory, NominationStatus
from catalogue.outbox.domain import record_nomination_changes
from catalogue.outbox.models import SearchOutbox
from catalogue.taxonomy.domain import TaxonomyError, ancestor_paths, validate_name
from catalogue.taxonomy.models import Category
from catalogue.taxonomy.queries import entry_counts
from search.facets import build_category_tree, build_flat_facet
from search.query import FLAT_FACETS, PRIVATE_INDEX, PUBLIC_INDEX, FacetValue, Scope, SearchQuery
from tests.factories import make_award, make_nomination

#: Meilisearch examples cost a few index tasks each, so it gets fewer.
EXAMPLES = {"embedded": {"facets": 25, "values": 15, "sync": 30}, "meilisearch": {"facets": 6, "values": 4, "sync": 6}}
PATHS = [
    "Acute",
    "Acute > Family Care",
    "Acute > Family Care > Digital technology",
    "Acute > Stroke",
    "Mental Health",
    "Mental Health > Digital technology",
    'Community > Café "Chat" \\ club',
    "Community > Ünïcode ß",
]
AWARDS = [("Peer network", 2015), ('Best "x" \\ y > z', 2016), ("Innovation", 2016)]
STATUSES = ["submitted", "winner", "shortlisted"]
REGIONS = ["North", "South", ""]


def _settings(engine_name: str, kind: str):
    return settings(
        max_examples=EXAMPLES[engine_name][kind],
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _wipe(session: Session, service) -> None:
    session.execute(delete(NominationCategory))
    session.execute(delete(Nomination))
    session.execute(delete(SearchOutbox))
    session.commit()
    for index in (PUBLIC_INDEX, PRIVATE_INDEX):
        service.engine.delete(index, sorted(service.engine.document_ids(index)))


entries = st.lists(
    st.fixed_dictionaries(
        {
            "award": st.integers(0, len(AWARDS) - 1),
            "status": st.sampled_from(STATUSES),
            "region": st.sampled_from(REGIONS),
            "published": st.booleans(),
            "paths": st.lists(st.sampled_from(PATHS), max_size=3, unique=True),
        }
    ),
    max_size=10,
)
scopes = st.one_of(
    st.none(),
    st.lists(
        st.builds(
            Scope,
            category_path=st.one_of(st.none(), st.sampled_from(PATHS)),
            award=st.one_of(st.none(), st.sampled_from([name for name, _ in AWARDS])),
        ),
        max_size=2,
    ).map(tuple),
)
selections = st.fixed_dictionaries(
    {
        "index": st.sampled_from([PUBLIC_INDEX, PRIVATE_INDEX]),
        "categories": st.lists(st.sampled_from([*PATHS, "Nowhere > Else"]), max_size=2, unique=True).map(tuple),
        "awards": st.lists(st.sampled_from([name for name, _ in AWARDS]), max_size=2, unique=True).map(tuple),
        "statuses": st.lists(st.sampled_from(STATUSES), max_size=2, unique=True).map(tuple),
        "regions": st.lists(st.sampled_from(["North", "South"]), max_size=1).map(tuple),
        "scopes": scopes,
    }
)


def _brute_force(docs: list[dict], selection: dict) -> tuple[set[str], dict, list]:
    """Hits, flat facet counts and the category tree, counted row by row in Python."""
    query = SearchQuery(**{k: v for k, v in selection.items() if k != "index"})
    chosen = query.filters_by_facet()

    def matches(doc: dict, without: str | None = None) -> bool:
        if selection["index"] == PUBLIC_INDEX and not doc["published"]:
            return False
        for facet, values in chosen.items():
            if values and facet != without and doc[facet] not in values:
                return False
        if query.categories and without != "categories" and not set(query.categories) & doc["ancestors"]:
            return False
        return query.scopes is None or any(
            (s.category_path is None or s.category_path in doc["ancestors"]) and (s.award in (None, doc["award"]))
            for s in query.scopes
        )

    hits = {doc["id"] for doc in docs if matches(doc)}
    facets = {}
    for facet in FLAT_FACETS:
        counts = Counter(str(doc[facet]) for doc in docs if matches(doc, without=facet) and doc[facet] != "")
        facets[facet] = build_flat_facet(counts=counts, selected=[str(v) for v in chosen[facet]])
    levels: dict[int, Counter] = {}
    for doc in docs:
        if matches(doc, without="categories"):
            for path in doc["ancestors"]:
                levels.setdefault(path.count(" > "), Counter())[path] += 1
    return hits, facets, build_category_tree(level_counts=levels, selected=query.categories)


def test_facet_counts_equal_a_brute_force_count_over_the_database(engine_name, search_service, session):
    awards = [make_award(session, name=name, year=year) for name, year in AWARDS]
    session.commit()

    @_settings(engine_name, "facets")
    @given(corpus=entries, selection=selections)
    def check(corpus, selection):
        _wipe(session, search_service)
        docs = []
        for entry in corpus:
            award = awards[entry["award"]]
            row = make_nomination(
                session,
                award=award,
                status=entry["status"],
                region=entry["region"],
                published=entry["published"],
                categories=entry["paths"],
            )
            docs.append(
                {
                    "id": str(row.id),
                    "award": award.name,
                    "cycle": AWARDS[entry["award"]][1],
                    "status": entry["status"],
                    "region": entry["region"],
                    "organisation_type": "",
                    "published": entry["published"],
                    "ancestors": {a for p in entry["paths"] for a in ancestor_paths(p)},
                }
            )
        session.commit()
        search_service.reindex(progress=False)

        result = search_service.search(
            SearchQuery(page_size=100, **{k: v for k, v in selection.items() if k != "index"}), index=selection["index"]
        )

        hits, facets, tree = _brute_force(docs, selection)
        assert ({hit.id for hit in result.hits}, result.total) == (hits, len(hits))
        assert result.facets == facets
        assert result.category_tree == tree
        # every path's count, as the engine and the database each count it
        public = selection["index"] == PUBLIC_INDEX
        expected = Counter(a for doc in docs if doc["published"] or not public for a in doc["ancestors"])
        assert search_service.category_counts(index=selection["index"]) == expected
        categories = session.exec(select(Category)).all()
        assert entry_counts(session, categories=categories, published_only=public) == expected

    check()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _valid_name(text: str) -> bool:
    try:
        return validate_name(text) == text
    except TaxonomyError:
        return False


AWKWARD = st.text(alphabet=st.sampled_from(list('ab "\\>éßñ∑Z')), min_size=1, max_size=12).map(str.strip).filter(bool)


def test_filter_values_with_quotes_backslashes_angles_and_accents_match_exactly(engine_name, search_service, session):
    distinct = lambda names: len({_fold(n) for n in names}) == len(names)  # noqa: E731
    years = itertools.count(3000)  # one cycle per award: slugs of awkward names may collide

    @_settings(engine_name, "values")
    @given(
        names=st.lists(AWKWARD, min_size=2, max_size=3, unique=True)
        .filter(distinct)
        .filter(lambda names: distinct([n.replace(">", "") for n in names]))
        .filter(lambda names: all(_valid_name(n.replace(">", "").strip()) for n in names))
    )
    def check(names):
        _wipe(session, search_service)
        rows = []
        for name in names:
            award = make_award(session, name=name, year=next(years))
            path = f"Odd > {name.replace('>', '').strip()}"
            rows.append((make_nomination(session, award=award, published=True, categories=[path]).id, name, path))
        session.commit()
        search_service.reindex(progress=False)

        for row_id, name, path in rows:
            by_award = search_service.search(SearchQuery(awards=(name,)), index=PUBLIC_INDEX)
            by_path = search_service.search(SearchQuery(categories=(path,)), index=PUBLIC_INDEX)
            assert [h.id for h in by_award.hits] == [str(row_id)]
            assert [v for v in by_award.facets["award"] if v.selected] == [
                FacetValue(value=name, count=1, selected=True)
            ]
            assert [h.id for h in by_path.hits] == [str(row_id)]

    check()


operations = st.lists(
    st.tuples(st.sampled_from(["publish", "unpublish", "delete", "withdraw", "edit", "drain"]), st.integers(0, 3)),
    max_size=14,
)


def test_an_unpublished_entry_never_reaches_the_public_index(engine_name, search_service, session):
    award = make_award(session)
    session.commit()

    def check_indexes() -> None:
        search_service.drain_outbox()
        rows = session.exec(select(Nomination.id, Nomination.published_at)).all()
        assert search_service.engine.document_ids(PUBLIC_INDEX) == {str(i) for i, p in rows if p is not None}
        assert search_service.engine.document_ids(PRIVATE_INDEX) == {str(i) for i, _ in rows}

    @_settings(engine_name, "sync")
    @given(ops=operations)
    def check(ops):
        _wipe(session, search_service)
        ids = [make_nomination(session, award=award, categories=["Acute > Stroke"]).id for _ in range(4)]
        session.commit()
        check_indexes()
        for op, which in ops:
            nomination = session.get(Nomination, ids[which])
            if op == "drain":
                check_indexes()
                continue
            if nomination is None:
                continue
            if op == "delete":
                session.execute(delete(NominationCategory).where(NominationCategory.nomination_id == nomination.id))
                session.delete(nomination)
            else:
                if op == "publish":
                    nomination.published_at = datetime(2024, 1, 1, tzinfo=UTC)
                elif op == "unpublish":
                    nomination.published_at = None
                elif op == "withdraw":
                    nomination.status = NominationStatus.withdrawn
                else:
                    nomination.title = f"Edited {nomination.id}"
                session.add(nomination)
            record_nomination_changes(session, nomination_ids=[ids[which]])
            session.commit()
        check_indexes()

    check()
