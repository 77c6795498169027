"""Several processes on one embedded index folder (as under `catalogue run --workers N`):
exactly one becomes the writer and drains the outbox, the others read and see its commits,
another takes over when the writer dies, and all follow a rebuild's switch. Each engine
here lives in a real separate process (`engine_process`); this test process is one more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, col, select, update

from catalogue.nominations.models import Nomination
from catalogue.outbox.models import SearchOutbox
from search.engines.embedded import EmbeddedEngine
from search.query import PRIVATE_INDEX, PUBLIC_INDEX
from search.service import SearchService
from tests.factories import make_nomination
from tests.integration.search.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[3]


class EngineProcess:
    def __init__(self, index_root: Path, database_url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.search.engine_process", str(index_root), database_url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._to, self._from = self.process.stdin, self.process.stdout
        assert self._read() == {"ready": True}

    def _read(self) -> dict:
        line = self._from.readline()
        assert line, f"engine process exited with {self.process.wait(timeout=10)}"
        return json.loads(line)

    def ask(self, op: str, **args) -> dict:
        self._to.write(json.dumps({"op": op, **args}) + "\n")
        self._to.flush()
        return self._read()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.ask("close")
            self.process.wait(timeout=10)


@pytest.fixture
def start(tmp_path, database_url, db_engine):
    started: list[EngineProcess] = []

    def _start() -> EngineProcess:
        started.append(EngineProcess(tmp_path / "index", database_url))
        return started[-1]

    yield _start
    for process in started:
        if process.process.poll() is None:
            process.kill()


def pending_outbox(session: Session) -> list[int]:
    session.expire_all()
    return sorted(row.nomination_id for row in session.exec(select(SearchOutbox)))


def test_only_one_of_two_processes_becomes_the_writer(start, tmp_path):
    first, second = start(), start()

    assert first.ask("claim") == {"writer": True}
    assert second.ask("claim") == {"writer": False}
    assert first.ask("claim") == {"writer": True}
    here = EmbeddedEngine(root=tmp_path / "index")
    assert here.claim_writer() is False
    with pytest.raises(Exception, match=r"another process \(pid \d+\) is the embedded index writer"):
        here.upsert(PUBLIC_INDEX, [{"id": "1"}])
    here.close()


def test_a_change_drained_by_the_writer_is_seen_by_the_other_process(start, session):
    writer, reader = start(), start()
    ids = write_corpus(session)

    assert writer.ask("drain") == {"claimed": 6, "applied": 6, "error": "", "writer": True}
    assert reader.ask("ids", index=PRIVATE_INDEX) == {"ids": ids}
    assert reader.ask("search", text="sclerosis") == {"ids": [ids[0]]}

    # the reader's outbox worker leaves a new change alone (no claim, no retry scheduled)
    added = make_nomination(session, title="Sclerosis nurse line", published=True)
    session.commit()
    assert reader.ask("drain") == {"claimed": 0, "applied": 0, "error": "", "writer": False}
    assert pending_outbox(session) == [added.id]
    assert session.exec(select(SearchOutbox)).one().attempts == 0

    assert writer.ask("drain") == {"claimed": 1, "applied": 1, "error": "", "writer": True}
    assert reader.ask("search", text="sclerosis") == {"ids": [ids[0], added.id]}
    assert pending_outbox(session) == []


def test_when_the_writer_dies_another_process_takes_over(start, session, tmp_path):
    writer, other = start(), start()
    ids = write_corpus(session)
    assert writer.ask("drain")["writer"] is True
    assert other.ask("claim") == {"writer": False}

    writer.kill()  # no clean shutdown: the OS releases the lock with the process
    added = make_nomination(session, title="Sclerosis nurse line", published=True)
    session.commit()

    assert other.ask("drain") == {"claimed": 1, "applied": 1, "error": "", "writer": True}
    here = EmbeddedEngine(root=tmp_path / "index")
    assert sorted(int(i) for i in here.document_ids(PRIVATE_INDEX)) == [*ids, added.id]
    here.close()


def test_a_clean_shutdown_hands_the_lock_on(start):
    writer, other = start(), start()
    assert writer.ask("claim") == {"writer": True}

    writer.stop()

    assert other.ask("claim") == {"writer": True}


def test_a_rebuild_from_a_third_process_is_followed_by_writer_and_reader(start, session, db_engine, tmp_path):
    writer, reader = start(), start()
    ids = write_corpus(session)
    assert writer.ask("drain")["applied"] == 6
    public = [ids[i] for i in (0, 1, 2, 4, 5)]
    assert reader.ask("ids", index=PUBLIC_INDEX) == {"ids": public}
    first_generation = (tmp_path / "index" / PUBLIC_INDEX / "CURRENT").read_text()

    # unpublished behind the outbox's back: only a rebuild from the database removes it
    session.exec(update(Nomination).where(col(Nomination.id) == ids[1]).values(published_at=None))
    session.commit()

    # this test process is neither: it rebuilds into fresh folders and switches CURRENT
    rebuilder = EmbeddedEngine(root=tmp_path / "index")
    report = SearchService(engine=rebuilder, db_engine=db_engine).reindex(progress=False)
    rebuilder.close()

    assert (report.nominations, report.case_studies) == (6, 4)
    assert (tmp_path / "index" / PUBLIC_INDEX / "CURRENT").read_text() != first_generation
    assert rebuilder.is_writer is False
    public.remove(ids[1])
    assert reader.ask("ids", index=PUBLIC_INDEX) == {"ids": public}
    assert writer.ask("ids", index=PUBLIC_INDEX) == {"ids": public}

    # the writer's next change lands in the new generation, and the reader sees it
    added = make_nomination(session, title="Sclerosis nurse line", published=True)
    session.commit()
    assert writer.ask("drain")["writer"] is True
    assert reader.ask("search", text="sclerosis") == {"ids": [ids[0], added.id]}
    assert reader.ask("ids", index=PRIVATE_INDEX) == {"ids": [*ids, added.id]}
