from catalogue.admin.schemas import to_csv


def test_csv_neutralises_formulas_and_formats_scores():
    assert to_csv(["a", "b", "c"], [['=HYPERLINK("x")', 86.666, None], ["+1", "@me", "plain, text"]]) == (
        'a,b,c\r\n"\'=HYPERLINK(""x"")",86.67,\r\n\'+1,\'@me,"plain, text"\r\n'
    )
