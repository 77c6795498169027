"""Bytes to text: UTF-8 only (a byte-order mark is dropped), with advice when it is not."""

from __future__ import annotations

from catalogue.importing.table import UnreadableFile


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableFile("This is not a CSV, XLSX or JSON Lines file (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). In Excel, save it as "
            "'CSV UTF-8 (Comma delimited)'; other programs call it 'Unicode (UTF-8)'."
        ) from None
