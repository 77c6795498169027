from click.testing import CliRunner
from sqlmodel import Session

from catalogue.cli import main
from search.engines.embedded import EmbeddedEngine
from search.query import PRIVATE_INDEX, PUBLIC_INDEX
from tests.integration.search.corpus import write_corpus


def test_catalogue_reindex_builds_fresh_embedded_indexes_and_switches_to_them(
    tmp_path, monkeypatch, database_url, db_engine
):
    with Session(db_engine) as session:
        write_corpus(session)
    monkeypatch.setenv("CATALOGUE_ENV", "development")
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", database_url)
    monkeypatch.setenv("CATALOGUE_DATA_DIR", str(tmp_path / "data"))
    engine = EmbeddedEngine(root=tmp_path / "data" / "index")
    engine.ensure_indexes()
    first_generation = (tmp_path / "data" / "index" / PUBLIC_INDEX / "CURRENT").read_text()

    result = CliRunner().invoke(main, ["reindex"])

    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("reindexed 6 nominations (5 published) in ")
    assert (tmp_path / "data" / "index" / PUBLIC_INDEX / "CURRENT").read_text() != first_generation
    # an engine opened before the swap notices the new generation on its next call
    assert engine.document_ids(PUBLIC_INDEX) == {"1", "2", "3", "5", "6"}
    assert engine.document_ids(PRIVATE_INDEX) == {"1", "2", "3", "4", "5", "6"}
