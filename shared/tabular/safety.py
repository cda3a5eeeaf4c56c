"""The file-safety layer every upload passes: size, type sniffed from the content, zip bombs, XML entities, row caps.

Readers of each format (delimited.py, xlsx.py, docx.py) call these before and while they parse, so a hostile or
huge file is refused with a message a council officer can act on, in well under a second, before it fills memory.
"""

from __future__ import annotations

import io
import re
import zipfile

from .tables import RowRef, SourceRow, UnreadableFile
from .text import clean_cell_text

MB = 1024 * 1024
# A zip's parts, opened, may not exceed this: a real plan is a few MB of XML; more is a zip bomb or a photo album.
MAX_UNCOMPRESSED_BYTES = 100 * MB
# Office XML compresses 5-30:1; 200:1 only happens when a part was built to expand.
MAX_COMPRESSION_RATIO = 200
# Parts smaller than this cannot do harm however well they compress (a tiny styles part can exceed 200:1).
RATIO_CHECK_FLOOR = 1 * MB
MAX_ZIP_MEMBERS = 10_000
# Parsing costs about 5 microseconds a cell, so this keeps the worst spreadsheet to a few seconds; a 5,000-row plan
# with 20 columns has 100,000 cells.
MAX_SPREADSHEET_CELLS = 1_000_000
# No plan has this many columns; the cap stops one row with a million commas from filling memory.
MAX_COLUMNS = 500
# Excel keeps every distinct text of a workbook in one part: a 5,000-row plan with long progress notes has a few MB.
MAX_SHARED_STRINGS_BYTES = 20 * MB
# All the text kept from one file, after cleaning: a long 5,000-row plan is about 10 million characters.
MAX_TOTAL_TEXT = 20_000_000

_TRY_AGAIN_OFFICE = "Open it in Word or Excel, save it again and upload the new copy."
_SUPPORTED = "a Word (.docx), Excel (.xlsx) or CSV file"

# Magic numbers of files people upload by mistake: what to call them in the message.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a compressed (gzip) archive"),
    (b"Rar!", "a compressed (RAR) archive"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed (7-Zip) archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


# --- shared helpers ---------------------------------------------------------------------------------------


def size_text(n: int) -> str:
    if n >= MB:
        return f"{n / MB:g} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} bytes"


def refuse_known_binary(head: bytes, data: bytes) -> None:
    for magic, what in _BINARY_SIGNATURES:
        if head.startswith(magic):
            advice = (
                "Save the plan as a Word document (.docx) instead and upload that."
                if what == "an RTF document"
                else f"Upload the plan as {_SUPPORTED}."
            )
            raise UnreadableFile(f"This looks like {what}, not {_SUPPORTED}. {advice}")
    start = bytes(data[:512]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or start.startswith(b"mime-version:"):
        raise UnreadableFile(
            f"This looks like a web page (HTML), not {_SUPPORTED}. If it came from Word or Excel, open it there, "
            "save it as .docx or .xlsx and upload it again."
        )
    if start.startswith(b"<?xml") and b"mso-application" in bytes(data[:2048]).lower():
        raise UnreadableFile(
            "This looks like an Excel or Word 2003 XML file, which we cannot read. Open it in Excel or Word, save it "
            "as .xlsx or .docx and upload it again."
        )


def too_many_columns(table: str, number: int) -> UnreadableFile:
    return UnreadableFile(
        f"Row {number} of {table} has text in more than {MAX_COLUMNS} columns, which no action plan has. "
        "Check the file is the plan, remove the extra columns and upload it again."
    )


class RowBudget:
    """Counts kept rows (and their text) across every table so one file cannot bring more than max_rows into memory."""

    def __init__(self, max_rows: int, max_text: int = MAX_TOTAL_TEXT) -> None:
        self.max_rows = max_rows
        self.max_text = max_text
        self.used = 0
        self.text = 0
        self.cells_examined = 0  # spreadsheet cells and rows parsed, empty or not: bounds the time a sheet takes

    def take(self, text: int = 0) -> None:
        self.used += 1
        self.text += text
        self.check(0)
        if self.text > self.max_text:
            raise UnreadableFile(
                f"The file holds more than {self.max_text:,} characters of text, far more than an action plan "
                "needs. Remove anything that is not part of the plan, or split it into smaller files, and upload it "
                "again."
            )

    def check(self, coming: int) -> None:
        """Refuse now if `coming` more rows would go over the limit."""
        if self.used + coming > self.max_rows:
            raise UnreadableFile(
                f"The file has more than {self.max_rows:,} rows with text in them, which is more than we can import "
                "at once. Remove rows that are not part of the plan, or split it into smaller files, and upload it "
                "again."
            )


def make_row(
    table: str, number: int, raw_cells: list[str], budget: RowBudget, *, bold: bool = False
) -> SourceRow | None:
    """A cleaned row, or None when every cell is empty (the row number of the others stays true to the source)."""
    width = len(raw_cells)
    while width and not raw_cells[width - 1].strip():
        width -= 1
    if width > MAX_COLUMNS:  # checked before cleaning, so a freak row costs nothing
        raise too_many_columns(table, number)
    notes = []
    cells = []
    for column, raw in enumerate(raw_cells[:width], start=1):
        if raw and _CONTROL.search(raw):
            raw = _CONTROL.sub("", raw)
            notes.append(f"Hidden control characters were removed from column {column}")
        cells.append(clean_cell_text(raw) if raw else "")
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return None
    budget.take(sum(len(c) for c in cells))
    return SourceRow(ref=RowRef(table=table, row=number), cells=cells, bold=bold, notes=notes)


# Control characters nobody types (tab, newline and Word's \v and \f line and page breaks are structure).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# --- zip containers (.docx, .xlsx) ------------------------------------------------------------------------

_DAMAGED = "This file looks like a Word or Excel file but is damaged or incomplete, so it cannot be opened. "
# Office never writes a DTD; one in a part is there to expand entities (a "billion laughs") or reach other files.
_DTD_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
# Parts that are pictures or embedded binaries: a parser never reads them, and an SVG may carry a harmless DTD.
_NOT_XML_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".jfif",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".svg",
    ".wdp",
    ".ico",
    ".bin",
)
_CHUNK = 1 * MB


def check_zip(data: bytes) -> str:
    """Refuse a damaged, encrypted or bomb-like Office file; "docx" or "xlsx" for one that is safe to parse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # zipfile raises several types for truncated or garbled archives; all mean the same here
        raise UnreadableFile(_DAMAGED + _TRY_AGAIN_OFFICE) from None
    with archive:
        _check_declared_sizes(infos)
        kind = _zip_kind(infos)
        _check_actual_contents(archive, infos)
    return kind


def _refuse_as_bomb() -> UnreadableFile:
    return UnreadableFile(
        f"This file would take up more than {size_text(MAX_UNCOMPRESSED_BYTES)} once opened, or is compressed far "
        "more than normal documents are, so it has been refused for safety. Remove pictures and anything that is "
        "not part of the plan, save it again from Word or Excel and upload the new copy."
    )


def _check_declared_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its directory alone, before anything is decompressed."""
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _refuse_as_bomb()
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse_as_bomb()
        if info.file_size > RATIO_CHECK_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _refuse_as_bomb()


def _zip_kind(infos: list[zipfile.ZipInfo]) -> str:
    names = {info.filename.lower() for info in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        raise UnreadableFile(
            "This looks like an OpenDocument file (from LibreOffice or OpenOffice), which we cannot read. "
            "Save it as .docx or .xlsx and upload it again."
        )
    if any(name.endswith(".iwa") for name in names):
        raise UnreadableFile(
            "This looks like an Apple Pages or Numbers file, which we cannot read. Export it as Word (.docx) or "
            "Excel (.xlsx) and upload that."
        )
    raise UnreadableFile(
        f"This is a zip file, not {_SUPPORTED}. Upload the Word or Excel file itself rather than a zip of it."
    )


def _check_actual_contents(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Decompress every part once, with a cap, to catch lying sizes, damage and DTDs before a parser sees them."""
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        # Every other part is scanned: a package may declare any part name as XML in [Content_Types].xml.
        scan_for_dtd = not info.filename.lower().endswith(_NOT_XML_SUFFIXES)
        tail = b""
        try:
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED_BYTES:
                        raise _refuse_as_bomb()
                    if scan_for_dtd:
                        window = tail + chunk
                        if any(marker in window for marker in _DTD_MARKERS):
                            raise UnreadableFile(
                                "This file contains something Word and Excel never write (an XML document type "
                                "declaration), so it has been refused for safety. " + _TRY_AGAIN_OFFICE
                            )
                        tail = chunk[-32:]
        except UnreadableFile:
            raise
        except RuntimeError:  # zipfile's "password required": a zip-encrypted part
            raise UnreadableFile(
                "This file is password-protected. Remove the password, save it as .xlsx or .docx and upload it again."
            ) from None
        except Exception:  # CRC mismatch, truncated data, unsupported compression
            raise UnreadableFile(_DAMAGED + _TRY_AGAIN_OFFICE) from None
