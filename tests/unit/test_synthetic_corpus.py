from seed.synthetic import Corpus, taxonomy_paths


def test_the_taxonomy_is_big_and_deep_enough_for_benchmarks():
    paths = taxonomy_paths()
    assert (len(paths), len(set(paths)), max(p.count(" > ") for p in paths) + 1) == (808, 808, 3)


def test_the_same_seed_gives_the_same_documents():
    first = list(Corpus(seed=3).documents(count=20))
    assert first == list(Corpus(seed=3).documents(count=20))
    assert first != list(Corpus(seed=4).documents(count=20))
    assert [d["id"] for d in first] == [str(i) for i in range(1, 21)]
    assert all(d["published_at"] is not None and d["categories"]["lvl2"] for d in first)


def test_the_real_text_corpus_is_reproducible_prose_over_the_same_entries():
    from seed.realtext import RealTextCorpus

    first = list(RealTextCorpus(seed=3, max_files=300).entries(count=50))
    assert first == list(RealTextCorpus(seed=3, max_files=300).entries(count=50))
    synthetic = list(Corpus(seed=3).entries(count=50))
    assert [(e.award, e.categories, e.status) for e in first] == [(e.award, e.categories, e.status) for e in synthetic]
    for entry in first:
        assert entry.title[0].isupper() and 3 <= len(entry.title.split()) <= 12
        assert all(len(paragraph.split()) >= 30 for paragraph in entry.body.split("\n\n"))
    vocabulary = {word.lower() for e in first for word in (e.title + " " + e.body).split()}
    assert len(vocabulary) > 1000  # the synthetic corpus has ~170 words in all


def test_corpus_named_knows_both_corpora():
    import pytest

    from seed.synthetic import corpus_named

    assert corpus_named("synthetic").name == "synthetic"
    with pytest.raises(ValueError, match="unknown corpus"):
        corpus_named("lorem")
