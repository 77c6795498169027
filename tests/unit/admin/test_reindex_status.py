from catalogue.admin.reindex import ReindexStatus


def test_percent_is_whole_and_capped_and_zero_before_the_count_is_known():
    assert [
        ReindexStatus(state="running", done=d, to_index=t).percent
        for d, t in ((0, 0), (0, 7), (1, 3), (2, 3), (7, 7), (9, 7))
    ] == [0, 0, 33, 66, 100, 100]
