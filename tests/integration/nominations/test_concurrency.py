"""Two requests with one idempotency key at the same moment (a double click that reaches two
workers): both get the same entry and token, and the database holds one."""

from __future__ import annotations

import threading

from sqlmodel import Session, select

from catalogue.nominations import domain
from catalogue.nominations.models import Nomination
from catalogue.nominations.schemas import NominationIn
from catalogue.timeutil import utcnow

ENTRY = NominationIn(
    title="Race",
    organisation="Trust",
    organisation_type="Charity",
    region="National",
    contact_name="Ada",
    contact_email="ada@example.org",
    summary="S",
    body="B",
    categories=["Acute"],
)


def test_simultaneous_requests_with_one_key_make_one_entry(db_engine, award, settings):
    barrier = threading.Barrier(2)
    results: list[domain.SaveResult] = []
    failures: list[BaseException] = []

    def attempt() -> None:
        try:
            with Session(db_engine, expire_on_commit=False) as session:
                barrier.wait()
                result = domain.create_nomination(
                    session,
                    award_id=award.id,
                    data=ENTRY,
                    files=[],
                    submission_key="same-key-for-both",
                    secret_key=settings.secret_key,
                    uploads=domain.Uploads(directory=settings.uploads_dir, max_bytes=settings.upload_max_bytes),
                    now=utcnow(),
                )
                session.commit()
                results.append(result)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(r.duplicate for r in results) == [False, True]
    assert len({r.nomination.id for r in results}) == 1
    # only the request that made the entry carries its edit token; the repeat does not
    assert sorted((r.duplicate, bool(r.edit_token)) for r in results) == [(False, True), (True, False)]
    with Session(db_engine) as session:
        assert [n.title for n in session.exec(select(Nomination))] == ["Race"]
