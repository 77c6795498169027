from catalogue.judging.schemas import DashboardParams, JudgeSort, score_input_from_form


def test_parse_is_lenient_and_deduplicates():
    params = DashboardParams.parse(
        q="  chat ", category=["Acute", "Acute", " "], award=None, status=["submitted"], sort="bogus", page=0
    )
    assert params == DashboardParams(
        q="chat", categories=("Acute",), statuses=("submitted",), sort=JudgeSort.relevance, page=1
    )


def test_urls_keep_filters_and_reset_the_page():
    params = DashboardParams(q="chat", categories=("Acute > Surgery",), awards=("Best",), page=3)
    assert params.url() == "/judging?q=chat&category=Acute+%3E+Surgery&award=Best&page=3"
    assert params.toggle("award", "Best") == "/judging?q=chat&category=Acute+%3E+Surgery"
    assert params.toggle("status", "winner") == ("/judging?q=chat&category=Acute+%3E+Surgery&award=Best&status=winner")
    # choosing a chosen branch steps up to its parent; choosing a root's chosen self clears it
    assert params.choose_category("Acute > Surgery") == "/judging?q=chat&category=Acute&award=Best"
    assert DashboardParams(categories=("Acute",)).choose_category("Acute") == "/judging"
    assert DashboardParams().choose_category("Acute") == "/judging?category=Acute"


def test_score_form_fields():
    data = score_input_from_form(
        {"criterion_3": "7", "criterion_4": ["1", "2"], "comment": "Good", "action": "submit", "_csrf_token": "t"}
    )
    assert (dict(data.values), data.comment, data.submit, data.conflict_declared) == (
        {"3": "7", "4": "2"},
        "Good",
        True,
        False,
    )
