"""Attachments are judged by their content, never their name."""

from __future__ import annotations

import pytest

from catalogue.nominations.attachments import (
    FileRejected,
    IncomingFile,
    check_file,
    safe_filename,
    sniff_type,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
MB = 1024 * 1024


def test_sniffing_reads_the_content():
    assert [sniff_type(d) for d in (PDF, PNG, JPEG, EXE, b"plain text")] == [
        "application/pdf",
        "image/png",
        "image/jpeg",
        None,
        None,
    ]


def test_a_program_renamed_to_pdf_is_refused():
    with pytest.raises(FileRejected) as info:
        check_file(IncomingFile(filename="report.pdf", data=EXE), max_bytes=10 * MB)
    assert (str(info.value), info.value.too_large) == (
        "“report.pdf” is not a PDF, PNG or JPEG file (its content is checked, whatever its name "
        "says). Choose a PDF, PNG or JPEG file",
        False,
    )


def test_a_png_named_pdf_is_stored_as_the_png_it_is():
    checked = check_file(IncomingFile(filename="C:\\Users\\ada\\photo.pdf", data=PNG), max_bytes=10 * MB)
    assert (checked.filename, checked.content_type) == ("photo.pdf", "image/png")


def test_size_limit_is_inclusive():
    at_limit = PDF + b"0" * (10 * MB - len(PDF))
    assert (
        check_file(IncomingFile(filename="a.pdf", data=at_limit), max_bytes=10 * MB).content_type == "application/pdf"
    )
    with pytest.raises(FileRejected) as info:
        check_file(IncomingFile(filename="a.pdf", data=at_limit + b"0" * MB), max_bytes=10 * MB)
    assert (str(info.value), info.value.too_large) == ("“a.pdf” is 11.0 MB; each file can be at most 10 MB", True)


def test_empty_files_are_refused():
    with pytest.raises(FileRejected) as info:
        check_file(IncomingFile(filename="a.pdf", data=b""), max_bytes=MB)
    assert str(info.value) == "“a.pdf” is empty"


def test_filenames_lose_paths_and_control_characters():
    assert [safe_filename(n) for n in ("../../etc/passwd", "a\x00b.pdf", "", "x" * 300 + ".pdf")] == [
        "passwd",
        "ab.pdf",
        "attachment",
        "x" * 251 + ".pdf",
    ]
