"""What the programme, cycle and award set-up pages list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.nominations.models import Award, AwardProgramme, Cycle


@dataclass(kw_only=True)
class ProgrammeRow:
    programme: AwardProgramme
    cycles: int


@dataclass(kw_only=True)
class CycleRow:
    cycle: Cycle
    programme: AwardProgramme
    awards: list[Award]


def programme_rows(session: Session) -> list[ProgrammeRow]:
    counts = dict(session.exec(select(Cycle.programme_id, func.count()).group_by(col(Cycle.programme_id))).all())
    return [
        ProgrammeRow(programme=p, cycles=counts.get(row_id(p), 0))
        for p in session.exec(select(AwardProgramme).order_by(col(AwardProgramme.name)))
    ]


def cycle_rows(session: Session, *, cycle_id: int | None = None) -> list[CycleRow]:
    """Every cycle (or the one asked for), newest first within each programme, with its awards in order."""
    query = (
        select(Cycle, AwardProgramme)
        .join(AwardProgramme, col(AwardProgramme.id) == Cycle.programme_id)
        .order_by(col(AwardProgramme.name), col(Cycle.year).desc())
    )
    if cycle_id is not None:
        query = query.where(Cycle.id == cycle_id)
    rows = session.exec(query).all()
    awards: dict[int, list[Award]] = {}
    ids = [c.id for c, _ in rows]
    for award in session.exec(
        select(Award).where(col(Award.cycle_id).in_(ids)).order_by(col(Award.position), col(Award.name))
    ):
        awards.setdefault(award.cycle_id, []).append(award)
    return [CycleRow(cycle=c, programme=p, awards=awards.get(c.id or 0, [])) for c, p in rows]
