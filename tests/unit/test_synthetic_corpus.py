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
