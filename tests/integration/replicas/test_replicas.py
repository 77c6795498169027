"""Several replicas behave as one app: what one accepts, every one knows; limits, sessions,
rebuilds and mail are shared through PostgreSQL and the store, not kept per process."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle

import httpx
import meilisearch
from sqlalchemy import text

from catalogue.db import make_engine
from tests.integration.replicas.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Stack
from tests.judging_world import login, post

NOMINATIONS = 1000
CLIENTS = 16
OPEN_AWARD_SLUG = "best-use-of-social-media-by-an-nhs-organisation"


def _open_award_id(stack: Stack) -> int:
    engine = make_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT award.id FROM award JOIN cycle ON cycle.id = award.cycle_id "
                    "WHERE cycle.year = 2027 AND award.slug = :slug"
                ),
                {"slug": OPEN_AWARD_SLUG},
            ).scalar_one()
    finally:
        engine.dispose()


def _entry(number: int, award_id: int) -> dict[str, object]:
    return {
        "award_id": award_id,
        "title": f"Replica entry {number}",
        "organisation": f"Trust {number}",
        "organisation_type": "NHS trust",
        "region": "National",
        "contact_name": "Ada",
        "contact_email": f"ada{number}@example.org",
        "summary": "A short summary.",
        "body": "What we did, and what changed.",
        "categories": ["Mental Health > Digital technology"],
    }


def test_nominations_split_across_replicas_are_each_stored_and_indexed_once(stack: Stack):
    award_id = _open_award_id(stack)
    targets = cycle(stack.replicas)
    jobs = [(next(targets), number) for number in range(NOMINATIONS)]

    def send(job: tuple[str, int]) -> int:
        base, number = job
        response = httpx.post(
            base + "/api/nominations",
            json=_entry(number, award_id),
            headers={"idempotency-key": f"replica-test-key-{number:06d}-{stack.index_prefix}"},
            timeout=60,
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    with ThreadPoolExecutor(CLIENTS) as pool:
        acknowledged = list(pool.map(send, jobs))

    assert len(set(acknowledged)) == NOMINATIONS
    engine = make_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT id FROM nomination WHERE title LIKE 'Replica entry %'")).scalars().all()
    finally:
        engine.dispose()
    assert sorted(stored) == sorted(acknowledged)

    index = meilisearch.Client(stack.meili.url, stack.meili.master_key).index(stack.index_prefix + "nominations")
    deadline = time.monotonic() + 120
    indexed: list[str] = []
    while time.monotonic() < deadline:
        page = index.get_documents({"fields": ["id", "title"], "limit": 5000})
        indexed = [doc.id for doc in page.results if doc.title.startswith("Replica entry ")]
        if len(indexed) >= NOMINATIONS:
            break
        time.sleep(0.5)
    assert sorted(int(i) for i in indexed) == sorted(acknowledged), stack.log_text()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(stack.smtp.mailbox.messages) < NOMINATIONS:
        time.sleep(0.5)
    time.sleep(2)  # a second copy would arrive by now
    assert (
        sorted(_delivered_to(stack, f"ada{number}@example.org") for number in range(NOMINATIONS)) == [1] * NOMINATIONS
    )


def test_signing_out_on_one_replica_ends_the_session_on_the_other(stack: Stack):
    with httpx.Client(base_url=stack.replicas[0], timeout=30) as first:
        assert login(first, ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 303
        cookies = dict(first.cookies)
        with httpx.Client(base_url=stack.replicas[1], cookies=cookies, timeout=30) as second:
            assert second.get("/admin/", follow_redirects=False).status_code == 200

        assert post(first, "/logout").status_code == 303

    with httpx.Client(base_url=stack.replicas[1], cookies=cookies, timeout=30) as replay:
        refused = replay.get("/admin/", follow_redirects=False)
    assert (refused.status_code, refused.headers["location"].split("?")[0]) == (303, "/login")


def _delivered_to(stack: Stack, address: str) -> int:
    return sum(address in recipients for recipients, _content in stack.smtp.mailbox.messages)


def test_every_confirmation_is_mailed_exactly_once_even_across_an_smtp_outage(stack: Stack):
    award_id = _open_award_id(stack)
    stack.smtp.stop()
    recipients = []
    try:
        for number, base in zip(range(NOMINATIONS, NOMINATIONS + 6), cycle(stack.replicas), strict=False):
            entry = _entry(number, award_id)
            response = httpx.post(
                base + "/api/nominations",
                json=entry,
                headers={"idempotency-key": f"outage-test-key-{number:06d}-{stack.index_prefix}"},
                timeout=60,
            )
            assert response.status_code == 201, response.text
            recipients.append(str(entry["contact_email"]))
        time.sleep(3)  # both replicas' workers try, and fail, meanwhile
    finally:
        stack.smtp.start()
    assert [_delivered_to(stack, address) for address in recipients] == [0] * len(recipients)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not all(_delivered_to(stack, a) for a in recipients):
        time.sleep(0.5)
    time.sleep(3)  # a second copy would arrive by now
    assert [_delivered_to(stack, address) for address in recipients] == [1] * len(recipients), stack.log_text()


def test_sign_in_failures_alternated_between_replicas_are_throttled_as_if_one(stack: Stack):
    """Each replica alone would see every other failure: with per-process counts the third
    failure on one replica (and so a 429) could come at the 7th attempt at the earliest. The
    shared count waits after the third failure overall, so a 429 comes by the 5th."""
    statuses = []
    for _attempt, base in zip(range(8), cycle(stack.replicas), strict=False):
        with httpx.Client(base_url=base, timeout=30) as client:
            statuses.append(login(client, "nobody@example.org", "not-the-password").status_code)
        if statuses[-1] == 429:
            break
    assert 429 in statuses[:5], statuses
    assert set(statuses[: statuses.index(429)]) == {400}, statuses
