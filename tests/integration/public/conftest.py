from __future__ import annotations

import pytest

from tests.public_corpus import seed_public_corpus


@pytest.fixture
def public_client(session, client):
    """The real app over the public corpus, indexed by the real engine (CATALOGUE_TEST_ENGINE: embedded by default)."""
    seed_public_corpus(session)
    client.app.state.ctx.search.drain_outbox()
    return client
