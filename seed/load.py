"""`catalogue seed`: load the seed data idempotently (a second run changes nothing)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from catalogue.db import row_id, setup_transaction
from catalogue.nominations.models import (
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
    NominationStatus,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.taxonomy.domain import ensure_path, find_path
from catalogue.taxonomy.models import Category
from catalogue.text import slugify
from seed import data

_Row = TypeVar("_Row", bound=SQLModel)


def _upsert(session: Session, model: type[_Row], *, where: dict[str, Any], values: dict[str, Any]) -> tuple[_Row, bool]:
    """Find a row by `where`, create it or bring it to `values`; report whether anything changed."""
    row = session.exec(select(model).filter_by(**where)).first()
    if row is None:
        row = model(**where, **values)
        session.add(row)
        session.flush()
        return row, True
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    if changed:
        session.add(row)
        session.flush()
    return row, changed


def database_is_empty(session: Session) -> bool:
    """No programme, category or entry yet: a new install, which `seed --if-empty` fills.
    Anything else is an organiser's data, never overwritten by a restart."""
    return all(
        session.exec(select(model.id).limit(1)).first() is None for model in (AwardProgramme, Category, Nomination)
    )


def seed_database(db_engine: Engine, *, only_if_empty: bool = False) -> str | None:
    """Seed in one setup transaction (replicas starting together take turns); None when
    `only_if_empty` and the database already holds data."""
    with setup_transaction(db_engine) as connection, Session(bind=connection) as session:
        if only_if_empty and not database_is_empty(session):
            return None
        summary = load_seed(session)
        session.commit()
    return summary


def _load_taxonomy(session: Session) -> None:
    """Every seed path, siblings placed in the source's order."""
    for path in data.taxonomy_paths():
        ensure_path(session, path=path)
    for path, position in data.TAXONOMY.positions.items():
        node = find_path(session, path=path)
        if node is not None and node.position != position:
            node.position = position
            session.add(node)
    session.flush()


def load_seed(session: Session) -> str:
    _load_taxonomy(session)
    programme, _ = _upsert(
        session,
        AwardProgramme,
        where={"name": data.PROGRAMME["name"]},
        values={"slug": slugify(data.PROGRAMME["name"]), "description": data.PROGRAMME["description"]},
    )
    awards: dict[tuple[int, str], Award] = {}
    for year, (opens, closes) in data.CYCLES.items():
        cycle, _ = _upsert(
            session,
            Cycle,
            where={"programme_id": programme.id, "year": year},
            values={"name": f"{year} awards", "opens_at": opens, "closes_at": closes},
        )
        for position, spec in enumerate(data.AWARDS):
            award, _ = _upsert(
                session,
                Award,
                where={"cycle_id": cycle.id, "slug": spec["slug"]},
                values={
                    "name": spec["name"],
                    "description": spec["description"],
                    "blind_judging": spec["blind_judging"],
                    "position": position,
                },
            )
            for cpos, criterion in enumerate(data.CRITERIA):
                _upsert(
                    session,
                    AwardCriterion,
                    where={"award_id": award.id, "name": criterion["name"]},
                    values={
                        "description": criterion["description"],
                        "weight": criterion["weight"],
                        "max_score": 10,
                        "position": cpos,
                    },
                )
            awards[(year, spec["slug"])] = award
    changed_ids: list[int] = []
    for study in data.CASE_STUDIES:
        award = awards[(study["cycle"], study["award"])]
        nomination, changed = _upsert(
            session,
            Nomination,
            where={"slug": study["slug"]},
            values={
                "award_id": award.id,
                "title": study["title"],
                "organisation": study["organisation"],
                "organisation_type": study["organisation_type"],
                "region": study["region"],
                "summary": study["summary"],
                "body": data.case_study_body(study["slug"]),
                "website": study["website"],
                "links": study["links"],
                "social_handles": study["social_handles"],
                "consent_to_publish": True,
                "status": NominationStatus(study["status"]),
                "published_at": study["published_at"],
                "created_at": study["published_at"],
                "updated_at": study["published_at"],
                "submitted_at": study["published_at"],
            },
        )
        wanted = {row_id(ensure_path(session, path=p)) for p in study["categories"]}
        current = set(
            session.exec(
                select(NominationCategory.category_id).where(NominationCategory.nomination_id == nomination.id)
            )
        )
        for category_id in wanted - current:
            session.add(NominationCategory(nomination_id=row_id(nomination), category_id=category_id))
        for link in session.exec(
            select(NominationCategory).where(
                NominationCategory.nomination_id == nomination.id,
                col(NominationCategory.category_id).in_(current - wanted),
            )
        ):
            session.delete(link)
        if changed or wanted != current:
            changed_ids.append(row_id(nomination))
    record_nomination_changes(session, nomination_ids=changed_ids)
    return (
        f"seeded {len(data.taxonomy_paths())} category paths, {len(data.AWARDS)} awards in "
        f"{len(data.CYCLES)} cycles, {len(data.CASE_STUDIES)} case studies "
        f"({len(changed_ids)} changed)"
    )
