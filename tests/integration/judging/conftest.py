from __future__ import annotations

import pytest

from tests.judging_world import build_world


@pytest.fixture
def world(session, client):
    """The judging world, indexed by the real embedded engine."""
    built = build_world(session)
    client.app.state.ctx.search.drain_outbox()
    return built
