"""Database rows -> search documents (one shape for both engines: docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from catalogue.nominations.models import Award, Cycle, Nomination, NominationCategory
from catalogue.taxonomy.models import PATH_SEPARATOR, Category

#: Characters the engines' highlighters use as markers; stripped from indexed text.
HIGHLIGHT_PRE = "\ue000"
HIGHLIGHT_POST = "\ue001"
_MARKERS = str.maketrans("", "", HIGHLIGHT_PRE + HIGHLIGHT_POST)


def clean(text: str) -> str:
    """`text` without highlight markers (looked for first: they are almost never there)."""
    if HIGHLIGHT_PRE in text or HIGHLIGHT_POST in text:
        return text.translate(_MARKERS)
    return text


#: SQLite caps bound parameters; stay well below for `IN (...)` lists.
ID_CHUNK = 900


def epoch_seconds(moment: datetime | None) -> int | None:
    """Seconds since 1970 (UTC); SQLite hands back naive datetimes, which are UTC here."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def category_levels(paths: Iterable[str]) -> dict[str, list[str]]:
    """Every path and all its ancestors, grouped by depth: {"lvl0": [...], "lvl1": [...]}."""
    levels: dict[int, set[str]] = {}
    for path in paths:
        names = path.split(PATH_SEPARATOR)
        for depth in range(len(names)):
            levels.setdefault(depth, set()).add(PATH_SEPARATOR.join(names[: depth + 1]))
    return {f"lvl{depth}": sorted(levels[depth]) for depth in sorted(levels)}


def build_document(
    *,
    nomination_id: int,
    slug: str,
    title: str,
    organisation: str,
    organisation_type: str,
    region: str,
    summary: str,
    body_text: str,
    award: str,
    cycle: int,
    status: str,
    category_paths: Iterable[str],
    published_at: datetime | None,
    award_id: int | None = None,
) -> dict[str, Any]:
    """`body_text` is the body as plain text (`Nomination.body_text`)."""
    paths = sorted(set(category_paths))
    return {
        "id": str(nomination_id),
        "slug": slug,
        "title": clean(title),
        "organisation": clean(organisation),
        "organisation_type": organisation_type,
        "region": region,
        "summary": clean(summary),
        "body": clean(body_text),
        "award": award,
        "award_id": None if award_id is None else int(award_id),
        "cycle": int(cycle),
        "status": str(status),
        "categories": category_levels(paths),
        "themes": sorted({path.rsplit(PATH_SEPARATOR, 1)[-1] for path in paths}),
        "category_paths": paths,
        "published_at": epoch_seconds(published_at),
    }


def is_public(document: dict[str, Any]) -> bool:
    """Whether a document belongs in the public `case_studies` index."""
    return document["published_at"] is not None


_COLUMNS = tuple(
    col(c)
    for c in (
        Nomination.id,
        Nomination.slug,
        Nomination.title,
        Nomination.organisation,
        Nomination.organisation_type,
        Nomination.region,
        Nomination.summary,
        Nomination.body_text,
        Nomination.status,
        Nomination.published_at,
        Award.name,
        Cycle.year,
        Award.id,
    )
)


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _documents_for(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(
        select(*_COLUMNS)
        .join(Award, col(Award.id) == Nomination.award_id)
        .join(Cycle, col(Cycle.id) == Award.cycle_id)
        .where(col(Nomination.id).in_(ids))
    ).all()
    paths: dict[int, list[str]] = {}
    for nomination_id, path in session.execute(
        select(col(NominationCategory.nomination_id), col(Category.path))
        .join(Category, col(Category.id) == NominationCategory.category_id)
        .where(col(NominationCategory.nomination_id).in_(ids))
    ):
        paths.setdefault(nomination_id, []).append(path)
    return {
        row[0]: build_document(
            nomination_id=row[0],
            slug=row[1],
            title=row[2],
            organisation=row[3],
            organisation_type=row[4],
            region=row[5],
            summary=row[6],
            body_text=row[7],
            status=row[8],
            published_at=row[9],
            award=row[10],
            cycle=row[11],
            award_id=row[12],
            category_paths=paths.get(row[0], ()),
        )
        for row in rows
    }


def load_documents(session: Session, *, nomination_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Documents for the given ids, two queries per chunk; ids with no row are absent."""
    ids = sorted(set(nomination_ids))
    documents: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids, ID_CHUNK):
        documents.update(_documents_for(session, chunk))
    return documents


def iter_document_batches(session: Session, *, batch_size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    """Every nomination as documents, in id order, `batch_size` at a time (keyset paging)."""
    last_id = 0
    while True:
        ids = list(
            session.execute(
                select(col(Nomination.id))
                .where(col(Nomination.id) > last_id)
                .order_by(col(Nomination.id))
                .limit(batch_size)
            ).scalars()
        )
        if not ids:
            return
        by_id = load_documents(session, nomination_ids=ids)
        yield [by_id[i] for i in ids if i in by_id]
        last_id = ids[-1]
