"""The embedded engine's health: /healthz reads the last proof that the index folders take
writes, and writes no file of its own while the outbox worker keeps that proof fresh."""

from __future__ import annotations

import time

import pytest

from search.engines.base import SearchUnavailable, Upsert
from search.engines.embedded import EmbeddedEngine
from search.query import INDEXES, PRIVATE_INDEX
from tests.integration.search.test_writes import documents


def folder_stamps(engine: EmbeddedEngine) -> list[int]:
    """Creating or removing a probe file in a folder changes the folder's mtime."""
    return [engine._get(name).path.stat().st_mtime_ns for name in INDEXES]


def test_health_reads_the_last_proof_without_writing(tmp_path):
    engine = EmbeddedEngine(root=tmp_path, probe_interval=3600)
    engine.ensure_indexes()
    assert engine.health().ok  # no proof yet: this call probes
    before = folder_stamps(engine)
    for _ in range(50):
        assert engine.health().ok
        engine.refresh_health()  # the worker's tick: not due
    assert folder_stamps(engine) == before
    engine.close()


def test_the_worker_tick_probes_once_due(tmp_path):
    engine = EmbeddedEngine(root=tmp_path, probe_interval=0.05)
    engine.ensure_indexes()
    engine.refresh_health()
    before = folder_stamps(engine)
    time.sleep(0.1)
    engine.refresh_health()
    assert folder_stamps(engine) != before
    engine.close()


def test_a_failed_write_is_reported_at_once_and_a_good_one_clears_it(tmp_path):
    root = tmp_path / "index"
    engine = EmbeddedEngine(root=root, probe_interval=3600)
    engine.ensure_indexes()
    assert engine.health().ok
    moved = root.with_name("index.moved")
    root.rename(moved)
    root.write_text("not a directory\n")  # as a lost volume would: ENOTDIR, for root too
    with pytest.raises(SearchUnavailable):
        engine.write([Upsert(index=PRIVATE_INDEX, documents=documents(1))])
    health = engine.health()
    assert not health.ok and "not usable" in health.state
    root.unlink()
    moved.rename(root)
    engine.write([Upsert(index=PRIVATE_INDEX, documents=documents(1))])
    assert engine.health().ok
    engine.close()
