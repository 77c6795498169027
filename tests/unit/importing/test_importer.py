"""The importer on exact messages: CSV, XLSX and JSON Lines read into the same entries, and
every problem said in plain words with its row and column."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from catalogue.importing import ImportFailed, UnreadableFile, auto_mapping, read_table, validate
from tests.xlsx import with_saved_results, workbook_bytes

HEADER = ["title", "organisation", "award", "cycle", "categories"]
ROW = ["Carers café", "Local Trust", "Dementia care", 2016, "Community Services > Carers | Mental Health"]


def entries(data: bytes, filename: str):
    table = read_table(data, filename=filename)
    return validate(table, auto_mapping(table.headers), reject_unmapped=True)


def problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        entries(data, filename)
    return [str(p) for p in caught.value.problems]


def unreadable(data: bytes, filename: str) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, filename=filename)
    return str(caught.value)


# --- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_null_is_empty_for_every_optional_field():
    line = dict(zip(HEADER, ROW, strict=True)) | {
        "summary": None,
        "body": None,
        "status": None,
        "published": None,
        "website": None,
        "organisation_type": None,
        "region": None,
        "slug": None,
        "published_at": None,
    }

    (entry,) = entries((json.dumps(line) + "\n").encode(), "e.jsonl")

    assert (entry.summary, entry.status, entry.published, entry.website, entry.slug, entry.published_at) == (
        "",
        "submitted",
        False,
        "",
        None,
        None,
    )
    assert entry.categories == ["Community Services > Carers", "Mental Health"]


def test_jsonl_null_in_a_required_field_and_wrong_types():
    lines = [
        {"title": None, "organisation": ["a"], "award": "A", "cycle": True, "categories": [1], "summary": {"a": 1}},
        {"title": "T", "organisation": "O", "award": "A", "cycle": 2016.5, "categories": ["Acute", ""]},
    ]

    assert problems("\n".join(map(json.dumps, lines)).encode(), "e.jsonl") == [
        "line 1, field title: is empty; every entry needs a title",
        "line 1, field organisation: must be text, not a list",
        "line 1, field cycle: must be a year such as 2015",
        'line 1, field categories: must list category paths as text, such as "Acute > Family Care"',
        "line 1, field summary: must be text, not an object",
        "line 2, field cycle: must be a year such as 2015, not '2016.5'",
        "line 2, field categories: holds an empty category path",
    ]


def test_jsonl_blank_lines_are_skipped_and_line_numbers_kept():
    good = json.dumps(dict(zip(HEADER, ROW, strict=True)))
    bad = json.dumps(dict(zip(HEADER, ROW, strict=True)) | {"cycle": 1850})

    assert problems(f"\n{good}\n\n{bad}\n".encode(), "e.jsonl") == [
        "line 4, field cycle: must be a year from 1900 to 2200, not 1850"
    ]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_with_a_bom_semicolons_and_empty_rows():
    data = (
        "\ufefftitle;organisation;award;cycle;categories;published;published_at\r\n"
        "Carers café;Local Trust;Dementia care;2016;Community Services > Carers | Mental Health;yes;2016-07-01\r\n"
        ";;;;;;\r\n"
        "\r\n"
        '"Ward; kind";Trust;Dementia care;2017;Acute;no;\r\n'
        ";;;;;;\r\n"
    ).encode()

    first, second = entries(data, "e.csv")

    assert (first.row, first.title, first.published, first.published_at) == (
        2,
        "Carers café",
        True,
        datetime(2016, 7, 1, tzinfo=UTC),
    )
    assert (second.row, second.title, second.categories) == (5, "Ward; kind", ["Acute"])


def test_csv_problems_name_row_and_column_letter_and_header():
    data = (
        b"Title,Organisation,Award,Year,Categories,Status,Website,Slug\n"
        b",Trust,Dementia care,2016,Acute,winner,,a\n"
        b"Ward,Trust,Dementia care,twenty,Acute >> Surgery,Champion,www.example.org,a\n"
        b"Ward,Trust,Dementia care,2016,Acute,Highly commended,https://example.org,Not A Slug\n"
    )

    assert problems(data, "e.csv") == [
        "row 2, column A (Title): is empty; every entry needs a title",
        "row 3, column D (Year): must be a year such as 2015, not 'twenty'",
        "row 3, column E (Categories): a category name can't contain '>' (it separates levels), "
        "and every level needs a name: 'Acute >> Surgery'",
        "row 3, column F (Status): must be one of draft, submitted, withdrawn, shortlisted, winner, "
        "highly commended, not shortlisted; 'Champion' is not",
        "row 3, column G (Website): must be an address starting with http:// or https://, not 'www.example.org'",
        "row 3, column H (Slug): repeats the slug of row 2",
        "row 4, column H (Slug): may hold only lower-case letters, digits and single hyphens (such as my-entry), "
        "not 'Not A Slug'",
    ]


def test_csv_missing_required_columns_and_unknown_headers():
    data = b"title,organisation,colour,\nA,B,red,x\n"

    assert problems(data, "e.csv") == [
        "No column is imported as Award, which every entry needs.",
        "No column is imported as Cycle, which every entry needs.",
        "No column is imported as Categories, which every entry needs.",
        "column C (colour): is not a field of the import format; rename its header as in the template, "
        "or delete the column",
        "column D: has no header; give it one as in the template, or delete the column",
    ]


def test_csv_export_apostrophe_before_a_formula_is_undone_and_the_text_kept():
    data = b'title,organisation,award,cycle,categories\n\'=HYPERLINK("x"),<script>alert(1)</script>,A,2016,B\n'

    (entry,) = entries(data, "e.csv")

    assert (entry.title, entry.organisation) == ('=HYPERLINK("x")', "<script>alert(1)</script>")


def test_a_published_draft_and_a_repeated_slug():
    data = (
        b"title,organisation,award,cycle,categories,status,published,slug\n"
        b"A,B,C,2016,D,draft,yes,same\n"
        b"A,B,C,2016,D,winner,true,same\n"
        b"A,B,C,2016,D,winner,sometimes,\n"
    )

    assert problems(data, "e.csv") == [
        "row 2, column G (published): says published, but a draft entry cannot be published; "
        "choose another status or set this to no",
        "row 3, column H (slug): repeats the slug of row 2",
        "row 4, column G (published): must be yes or no, not 'sometimes'",
    ]


def test_file_type_is_checked_by_content():
    assert unreadable(b"", "e.csv") == "The file is empty."
    assert unreadable(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "e.xls") == (
        "This is an old Excel 97-2003 (.xls) file. Save it as an Excel Workbook (.xlsx) or CSV and upload that."
    )
    assert unreadable(workbook_bytes([HEADER]), "e.csv") == (
        "The file is named .csv but holds Excel workbook (XLSX), not CSV. Check that you chose the right file, "
        "or rename it."
    )
    assert (
        unreadable(b"title\n", "e.pdf") == "Files ending .pdf cannot be imported. Upload a .csv, .xlsx or .jsonl file."
    )
    assert unreadable(b"\x89PNG\r\n\x1a\n\x00\x00", "e.csv") == (
        "This is not a CSV, XLSX or JSON Lines file (it holds binary data)."
    )
    with pytest.raises(ImportFailed) as caught:
        entries(b"title,organisation,award,cycle,categories\r\n", "e.csv")
    assert [str(p) for p in caught.value.problems] == ["The file has a header row but no entries."]


# --- XLSX --------------------------------------------------------------------------------


def test_xlsx_cells_keep_their_types_dates_stay_dates_and_trailing_rows_are_ignored():
    data = workbook_bytes(
        [
            [*HEADER, "published", "published_at", "summary"],
            [*ROW, True, datetime(2016, 7, 1, 9, 30), 12.0],  # noqa: DTZ001 - a spreadsheet date has no zone
            [None] * 8,
            ["", " ", None, None, None, None, None, None],
        ]
    )

    (entry,) = entries(data, "e.xlsx")

    assert (entry.cycle, entry.published, entry.published_at, entry.summary) == (
        2016,
        True,
        datetime(2016, 7, 1, 9, 30, tzinfo=UTC),
        "12",
    )


def test_xlsx_merged_header_gives_every_covered_column_its_value():
    rows: list[list[object]] = [
        ["title", "organisation", "award", "cycle", "Categories", None, None],
        ["Ward", "Trust", "Dementia care", 2016, "Acute", "Mental Health", None],
        ["Ward 2", "Trust", "Dementia care", 2016, None, None, "Acute > Surgery"],
    ]
    data = workbook_bytes(rows, merged=["E1:G1"])
    table = read_table(data, filename="e.xlsx")

    assert table.headers == ("title", "organisation", "award", "cycle", "Categories", "Categories", "Categories")
    assert auto_mapping(table.headers)[4:] == ("categories", "categories", "categories")
    assert [e.categories for e in entries(data, "e.xlsx")] == [["Acute", "Mental Health"], ["Acute > Surgery"]]
    bad = workbook_bytes(
        [*rows, ["Ward 3", "Trust", "Dementia care", 2016, None, "Acute >  > x", None]], merged=["E1:G1"]
    )
    assert problems(bad, "e.xlsx") == [
        "row 4, column F (Categories): a category name can't contain '>' (it separates levels), "
        "and every level needs a name: 'Acute >  > x'"
    ]


def test_a_merged_cell_in_the_rows_fills_every_row_it_covers():
    data = workbook_bytes(
        [HEADER, ["Ward", "Trust", "Dementia care", 2016, "Acute"], ["Ward 2", "Trust", None, 2016, "Acute"]],
        merged=["C2:C3"],
    )

    assert [e.award for e in entries(data, "e.xlsx")] == ["Dementia care", "Dementia care"]


def test_xlsx_formulas_give_their_saved_value_as_plain_text():
    data = with_saved_results(
        workbook_bytes(
            [
                [*HEADER, "summary", "website"],
                [
                    '=HYPERLINK("https://evil.example","<b>Click</b>")',
                    *ROW[1:3],
                    "=2015+1",
                    ROW[4],
                    "<script>x</script>",
                    None,
                ],
            ]
        ),
        {"A2": "<b>Click</b>", "D2": 2016},
    )

    (entry,) = entries(data, "e.xlsx")

    assert (entry.title, entry.cycle, entry.summary) == ("<b>Click</b>", 2016, "<script>x</script>")


def test_xlsx_formula_never_calculated_and_error_cells_are_named():
    data = with_saved_results(
        workbook_bytes([HEADER, ["=1/0", *ROW[1:3], "=2015+1", ROW[4]]]), {"A2": "#DIV/0!"}, errors=["A2"]
    )

    assert problems(data, "e.xlsx") == [
        "row 2, column A (title): holds the spreadsheet error #DIV/0!; correct the formula or type the value",
        "row 2, column D (cycle): holds a formula whose result was never saved; open the file in Excel or "
        "LibreOffice, save it, and upload it again",
    ]


def test_every_problem_is_kept_and_the_first_200_are_shown():
    data = ("title,organisation,award,cycle,categories\n" + "A,B,C,1800,D\n" * 250).encode()

    with pytest.raises(ImportFailed) as caught:
        entries(data, "e.csv")

    failure = caught.value
    assert (len(failure.problems), len(failure.shown), failure.hidden) == (250, 200, 50)
    assert str(failure.shown[-1]) == "row 201, column D (cycle): must be a year from 1900 to 2200, not 1800"
