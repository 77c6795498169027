"""An embedded index built with another schema (an older version) is reported, not used."""

from __future__ import annotations

import pytest
import tantivy

from search.engines.embedded import POINTER, EmbeddedEngine
from search.query import PUBLIC_INDEX, SearchQuery, SearchUnavailable


def _old_index(root, name: str) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", index_option="freq")
    folder = root / name
    (folder / "g1").mkdir(parents=True)
    tantivy.Index(builder.build(), path=str(folder / "g1"))
    (folder / POINTER).write_text("g1\n")


def test_an_index_with_an_older_schema_asks_for_a_reindex(tmp_path):
    _old_index(tmp_path, PUBLIC_INDEX)
    engine = EmbeddedEngine(root=tmp_path)

    health = engine.health()
    with pytest.raises(SearchUnavailable) as raised:
        engine.search(PUBLIC_INDEX, SearchQuery(text="care"))

    assert (health.ok, health.detail.endswith("(built by an older version: run `catalogue reindex`)")) == (False, True)
    assert str(raised.value).endswith("(built by an older version: run `catalogue reindex`)")


def test_concurrent_health_checks_do_not_trip_over_each_other(tmp_path):
    """Each check writes its own probe file (they used to share one: a check removing it
    under another made that one report the index unwritable)."""
    from concurrent.futures import ThreadPoolExecutor

    engine = EmbeddedEngine(root=tmp_path)
    engine.ensure_indexes()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: engine.health(), range(400)))
    assert [r for r in results if not r.ok] == []
    assert sorted(p.name for p in tmp_path.rglob(".health-probe*")) == []
