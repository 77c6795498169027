"""/admin/import over HTTP: upload, preview and column mapping, every problem at once,
nothing imported unless every row is valid, the audit rows, and 200 entries from an XLSX
searchable through the real engine once the outbox drains."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlmodel import col, func, select

from catalogue.admin.models import AuditLog
from catalogue.importing import read_table
from catalogue.nominations.models import Nomination
from catalogue.outbox.models import SearchOutbox
from tests.judging_world import csrf_token, post, sign_in_as
from tests.xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["Title", "Organisation", "Award", "Year", "Categories", "Outcome", "Published", "Website", "Notes"]
TOKEN_URL = re.compile(r"^/admin/import/([A-Za-z0-9_-]{32})$")


def _row(i: int) -> list[object]:
    return [
        f"Ward project {i}",
        "Kind Trust",
        "Dementia care",
        2016,
        "Acute > Wards | Mental Health",
        "winner",
        "yes",
        None,
        "x",
    ]


def _upload(client, content: bytes, filename: str = "entries.xlsx", content_type: str = XLSX):
    return client.post(
        "/admin/import",
        data={"_csrf_token": csrf_token(client)},
        files={"file": (filename, content, content_type)},
        follow_redirects=False,
    )


def _token(response) -> str:
    assert response.status_code == 303, response.text
    match = TOKEN_URL.match(response.headers["location"])
    assert match is not None, response.headers["location"]
    return match.group(1)


def _mapping(headers_to_fields: dict[int, str]) -> dict[str, str]:
    return {f"column-{i}": name for i, name in headers_to_fields.items()}


AUTO = _mapping(
    {0: "title", 1: "organisation", 2: "award", 3: "cycle", 4: "categories", 5: "status", 6: "published", 7: "website"}
)


def _chosen(html: str) -> dict[str, str]:
    """Each column menu's selected field."""
    menus = re.findall(r'<select id="map-column-\d+" name="(column-\d+)">(.*?)</select>', html, re.S)
    return {name: "".join(re.findall(r'<option value="([^"]*)" selected>', options)) for name, options in menus}


def _problems(html: str) -> list[str]:
    listed = html.split('class="import-problem-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", listed)


def _count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _audit(session):
    session.expire_all()
    return [(a.action, a.target, a.details) for a in session.exec(select(AuditLog).order_by(col(AuditLog.id)))]


def test_two_hundred_entries_from_xlsx_import_and_become_searchable(world, client, session):
    sign_in_as(client, "admin@example.org")
    before = _count(session, Nomination)
    token = _token(_upload(client, workbook_bytes([HEADER, *(_row(i) for i in range(200))])))

    page = client.get(f"/admin/import/{token}")
    assert page.status_code == 200
    assert "Excel workbook (XLSX), 200 entries." in page.text
    assert _chosen(page.text) == {**AUTO, "column-8": ""}  # the headers were matched by name
    assert "<td>Ward project 9</td>" in page.text and "Ward project 10" not in page.text  # ten rows shown

    done = post(client, f"/admin/import/{token}", {**AUTO, "programme": "Legacy awards", "action": "import"})

    assert done.headers["location"] == f"/admin/import/{token}"
    assert "imported 200 entries (200 published, 1 new category path)" in client.get(done.headers["location"]).text
    assert _count(session, Nomination) == before + 200
    assert [(a, t) for a, t, _ in _audit(session)] == [("import.upload", "entries.xlsx"), ("import", "entries.xlsx")]
    assert _audit(session)[1][2] == {
        "format": "xlsx",
        "programme": "Legacy awards",
        "imported": 200,
        "published": 200,
        "categories_created": 1,
    }
    client.app.state.ctx.search.drain_outbox()
    found = client.get("/api/case-studies", params={"q": "ward project", "category": "Acute > Wards"}).json()
    assert found["total"] == 200
    assert _count(session, SearchOutbox) == 0
    again = post(client, f"/admin/import/{token}", {**AUTO, "programme": "Legacy awards", "action": "import"})
    assert again.headers["location"] == f"/admin/import/{token}"  # the finished page, not a second import
    assert _count(session, Nomination) == before + 200


def test_one_bad_row_imports_nothing_and_every_problem_is_listed(world, client, session):
    sign_in_as(client, "admin@example.org")
    before = _count(session, Nomination)
    rows = [_row(i) for i in range(5)]
    rows[2][3] = "twenty"
    rows[3][0] = None
    rows[4][7] = "www.example.org"
    token = _token(_upload(client, workbook_bytes([HEADER, *rows])))

    failed = post(client, f"/admin/import/{token}", {**AUTO, "programme": "Legacy awards", "action": "import"})

    assert failed.status_code == 400
    assert _problems(failed.text) == [
        "row 4, column D (Year): must be a year such as 2015, not &#39;twenty&#39;",
        "row 5, column A (Title): is empty; every entry needs a title",
        "row 6, column H (Website): must be an address starting with http:// or https://, "
        "not &#39;www.example.org&#39;",
    ]
    assert "3 problems found: nothing was imported" in failed.text
    assert 'value="Legacy awards"' in failed.text  # what was typed is kept
    assert _chosen(failed.text) == {**AUTO, "column-8": ""}
    assert (_count(session, Nomination), _count(session, SearchOutbox)) == (before, 0)
    assert [a for a, _, _ in _audit(session)] == ["import.upload"]

    # the same upload, mapped without the website column and the bad rows' columns fixed: no
    # re-upload needed for a mapping change, but the bad cells still stop it
    unmapped = {k: v for k, v in AUTO.items() if k != "column-7"}
    still = post(client, f"/admin/import/{token}", {**unmapped, "programme": "Legacy awards", "action": "check"})
    assert _problems(still.text) == [
        "row 4, column D (Year): must be a year such as 2015, not &#39;twenty&#39;",
        "row 5, column A (Title): is empty; every entry needs a title",
    ]
    many = [_row(i) for i in range(230)]
    for row in many:
        row[3] = 1800
    capped_token = _token(_upload(client, workbook_bytes([HEADER, *many])))
    capped = post(client, f"/admin/import/{capped_token}", {**AUTO, "programme": "P", "action": "check"})
    assert (len(_problems(capped.text)), "… and 30 more. The first 200 are shown." in capped.text) == (200, True)
    good = _token(_upload(client, workbook_bytes([HEADER, *(_row(i) for i in range(3))])))
    checked = post(client, f"/admin/import/{good}", {**AUTO, "programme": "Legacy awards", "action": "check"})
    assert (checked.status_code, "All 3 rows are valid. Nothing has been imported yet." in checked.text) == (200, True)
    assert _count(session, Nomination) == before


def test_mapping_problems_and_the_programme_are_checked(world, client, session):
    sign_in_as(client, "admin@example.org")
    token = _token(_upload(client, workbook_bytes([HEADER, _row(1)])))

    before = _count(session, Nomination)
    check = {"programme": "P", "action": "check"}
    missing = post(client, f"/admin/import/{token}", {**AUTO, "column-0": "", **check})
    twice = post(client, f"/admin/import/{token}", {**AUTO, "column-8": "title", **check})
    forged = post(client, f"/admin/import/{token}", {**AUTO, "column-1": "../../etc/passwd", **check})
    blank = post(client, f"/admin/import/{token}", {**AUTO, "programme": "  ", "action": "import"})

    assert (missing.status_code, _problems(missing.text)) == (
        400,
        ["No column is imported as Title, which every entry needs."],
    )
    assert _problems(twice.text) == [
        "column I (Notes): is chosen for Title, as column A (Title) is; choose it for one column only"
    ]
    assert _problems(forged.text) == ["No column is imported as Organisation, which every entry needs."]
    assert blank.status_code == 400
    assert (
        '<p class="field-error" id="mapping-programme-error">Enter the name of the programme for awards the '
        "catalogue does not have yet.</p>"
    ) in blank.text
    assert _count(session, Nomination) == before


def test_uploads_are_checked_by_content_and_size(world, client, session):
    sign_in_as(client, "admin@example.org")

    none = client.post("/admin/import", data={"_csrf_token": csrf_token(client)}, follow_redirects=False)
    pdf = _upload(client, b"%PDF-1.4 not a spreadsheet", "entries.pdf", "application/pdf")
    renamed = _upload(client, b"title,organisation\nA,B\n", "entries.xlsx")
    huge = _upload(client, b"a" * (10 * 1024 * 1024 + 70 * 1024), "entries.csv", "text/csv")

    assert (none.status_code, pdf.status_code, renamed.status_code, huge.status_code) == (400, 400, 400, 413)
    assert "Choose a CSV, XLSX or JSON Lines file to upload." in none.text
    assert "Files ending .pdf cannot be imported. Upload a .csv, .xlsx or .jsonl file." in pdf.text
    assert "The file is named .xlsx but holds CSV, not Excel workbook (XLSX)." in renamed.text
    assert "The file is larger than 10 MB." in huge.text
    assert [a for a, _, _ in _audit(session)] == []


def test_csv_and_jsonl_uploads_and_unknown_or_expired_tokens(world, client, session, settings):
    sign_in_as(client, "admin@example.org")
    csv_token = _token(
        _upload(
            client, "\ufefftitle;organisation;award;cycle;categories\r\nA;B;C;2016;D\r\n".encode(), "e.csv", "text/csv"
        )
    )
    jsonl = b'{"title": "J", "organisation": "O", "award": "C", "cycle": 2016, "categories": ["D"], "website": null}\n'
    jsonl_token = _token(_upload(client, jsonl, "e.jsonl", "application/json"))

    assert "CSV, 1 entry." in client.get(f"/admin/import/{csv_token}").text
    page = client.get(f"/admin/import/{jsonl_token}")
    assert '<label for="map-column-5">Field website</label>' in page.text
    fields = {"column-0": "title", "column-1": "organisation", "column-2": "award", "column-3": "cycle"}
    imported = post(
        client,
        f"/admin/import/{jsonl_token}",
        {**fields, "column-4": "categories", "column-5": "website", "programme": "P", "action": "import"},
    )
    assert imported.status_code == 303
    assert client.get("/admin/import/" + "A" * 32).status_code == 404
    assert client.get("/admin/import/not-a-token").status_code == 404
    assert post(client, "/admin/import/" + "A" * 32, {"programme": "P"}).status_code == 404
    for path in (settings.data_dir / "imports").glob(f"{csv_token}.*"):
        path.unlink()
    assert "does not exist or has expired" in client.get(f"/admin/import/{csv_token}").text


def test_the_templates_download_and_import_as_they_are(world, client):
    sign_in_as(client, "admin@example.org")

    xlsx = client.get("/admin/import/template.xlsx")
    csv = client.get("/admin/import/template.csv")

    assert xlsx.headers["content-type"] == XLSX
    assert xlsx.headers["content-disposition"] == 'attachment; filename="catalogue-import-template.xlsx"'
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Entries", "Notes"]
    notes = {row[0]: row[2] for row in workbook["Notes"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert str(notes["categories"]).startswith("At least one category path. Levels are separated by >, several")
    assert csv.content.startswith("\ufefftitle,organisation,summary,body,award,cycle,categories,".encode())
    for response, name in ((xlsx, "t.xlsx"), (csv, "t.csv")):
        table = read_table(response.content, filename=name)
        assert len(table.rows) == 1
