"""Read every table out of a council's uploaded .docx, .xlsx or .csv/.tsv/.txt, refusing unsafe or unreadable files."""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date, datetime, time

from plans.importing.structure import ImportFailed, RowRef, SourceRow, SourceTable
from plans.importing.text import as_list_item, clean_cell_text

logger = logging.getLogger(__name__)

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
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def read_tables(data: bytes, filename: str, *, max_bytes: int = 10 * MB, max_rows: int = 5000) -> list[SourceTable]:
    """Every non-empty table in the file, cells cleaned; raises ImportFailed with a message for the council officer."""
    if len(data) == 0:
        raise ImportFailed("The file is empty (0 bytes). Check you chose the right file and upload it again.")
    if len(data) > max_bytes:
        raise ImportFailed(
            f"The file is larger than the {_size_text(max_bytes)} limit. Remove anything that is not part of the "
            "plan (such as pictures or extra sheets), or split it into smaller files, and upload it again."
        )
    head = bytes(data[:16])
    if head.startswith(_OLE2_MAGIC):
        # Encrypted .docx/.xlsx files are wrapped in the same container as old .doc/.xls, so one message covers both.
        raise ImportFailed(
            "This file is a password-protected or old-style Excel/Word file (.xls or .doc). Remove the password, "
            "save it as .xlsx or .docx and upload it again."
        )
    if head.startswith(_ZIP_MAGICS):
        tables = _read_zip(data, max_rows=max_rows)
    else:
        _refuse_known_binary(head, data)
        tables = _read_delimited(data, filename, max_rows=max_rows)
    tables = [t for t in tables if t.rows]
    if not tables:
        raise ImportFailed(
            "The file has no tables with any text in them. Check it is the action plan, with the plan set out "
            "in a table, and upload it again."
        )
    return tables


# --- shared helpers ---------------------------------------------------------------------------------------


def _size_text(n: int) -> str:
    if n >= MB:
        return f"{n / MB:g} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} bytes"


def _refuse_known_binary(head: bytes, data: bytes) -> None:
    for magic, what in _BINARY_SIGNATURES:
        if head.startswith(magic):
            advice = (
                "Save the plan as a Word document (.docx) instead and upload that."
                if what == "an RTF document"
                else f"Upload the plan as {_SUPPORTED}."
            )
            raise ImportFailed(f"This looks like {what}, not {_SUPPORTED}. {advice}")
    start = bytes(data[:512]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or start.startswith(b"mime-version:"):
        raise ImportFailed(
            f"This looks like a web page (HTML), not {_SUPPORTED}. If it came from Word or Excel, open it there, "
            "save it as .docx or .xlsx and upload it again."
        )
    if start.startswith(b"<?xml") and b"mso-application" in bytes(data[:2048]).lower():
        raise ImportFailed(
            "This looks like an Excel or Word 2003 XML file, which we cannot read. Open it in Excel or Word, save it "
            "as .xlsx or .docx and upload it again."
        )


def _too_many_columns(table: str, number: int) -> ImportFailed:
    return ImportFailed(
        f"Row {number} of {table} has text in more than {MAX_COLUMNS} columns, which no action plan has. "
        "Check the file is the plan, remove the extra columns and upload it again."
    )


class _RowBudget:
    """Counts kept rows across every table so one file cannot bring more than max_rows into memory."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.used = 0
        self.cells_examined = 0  # spreadsheet cells and rows parsed, empty or not: bounds the time a sheet takes

    def take(self) -> None:
        self.used += 1
        self.check(0)

    def check(self, coming: int) -> None:
        """Refuse now if `coming` more rows would go over the limit."""
        if self.used + coming > self.max_rows:
            raise ImportFailed(
                f"The file has more than {self.max_rows:,} rows with text in them, which is more than we can import "
                "at once. Remove rows that are not part of the plan, or split it into smaller files, and upload it "
                "again."
            )


def _make_row(
    table: str, number: int, raw_cells: list[str], budget: _RowBudget, *, bold: bool = False
) -> SourceRow | None:
    """A cleaned row, or None when every cell is empty (the row number of the others stays true to the source)."""
    width = len(raw_cells)
    while width and not raw_cells[width - 1].strip():
        width -= 1
    if width > MAX_COLUMNS:  # checked before cleaning, so a freak row costs nothing
        raise _too_many_columns(table, number)
    cells = [clean_cell_text(c) if c else "" for c in raw_cells[:width]]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return None
    budget.take()
    return SourceRow(ref=RowRef(table=table, row=number), cells=cells, bold=bold)


# --- .csv / .tsv / .txt -----------------------------------------------------------------------------------

_SAVE_AS_CSV = (
    "If it is a spreadsheet, save it from Excel as 'CSV UTF-8 (Comma delimited)', or as .xlsx, and upload it again."
)
# Control characters never appear in text a person typed; \t \n \r are structure and \v \f are Word line/page breaks.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _decode(data: bytes) -> str:
    """Text of a delimited file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(
                "The file's text could not be read: it is marked as UTF-16 but is damaged. " + _SAVE_AS_CSV
            ) from None
    else:
        if b"\x00" in data:
            raise ImportFailed(
                "The file contains characters that do not belong in a text file (it may not be a CSV file at all). "
                + _SAVE_AS_CSV
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                # Excel's plain "CSV (Comma delimited)" on a UK council laptop writes Windows-1252.
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFailed(
                    "The file's text is not in an encoding we can read (UTF-8 or Windows-1252). " + _SAVE_AS_CSV
                ) from None
    text = text.lstrip("\ufeff")
    if _CONTROL_CHARS.search(text):
        raise ImportFailed(
            "The file contains characters that do not belong in a text file (it may not be a CSV file at all). "
            + _SAVE_AS_CSV
        )
    return text


def _table_name(filename: str) -> str:
    # Browsers on Windows may send "C:\fakepath\plan.csv".
    name = re.split(r"[\\/]", filename or "")[-1].strip()
    return name or "Uploaded file"


def _extension(filename: str) -> str:
    name = _table_name(filename).lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def _choose_delimiter(text: str, extension: str) -> str:
    """Tab for .tsv/.txt or when the first lines have tabs; otherwise comma, or semicolon where Excel used it."""
    if extension in ("tsv", "tab"):
        return "\t"
    sample = [line for line in text[:65536].split("\n")[:60] if line.strip()][:50] or [""]
    with_tabs = sum("\t" in line for line in sample)
    if extension == "txt" and with_tabs:
        return "\t"
    if with_tabs * 2 >= len(sample) and with_tabs:
        return "\t"
    counts = {d: _consistent_count(sample, d) for d in (",", ";")}
    if extension == "txt" and not any(counts.values()):
        return "\t"  # prose: every line is one cell
    # Excel in locales with a decimal comma writes ";"; only prefer it when it splits lines more consistently.
    if counts[";"] > counts[","]:
        return ";"
    return ","


def _consistent_count(lines: list[str], delimiter: str) -> int:
    """How many lines share the commonest non-zero count of the delimiter (0 when none has it)."""
    tally: dict[int, int] = {}
    for line in lines:
        n = line.count(delimiter)
        if n:
            tally[n] = tally.get(n, 0) + 1
    return max(tally.values(), default=0)


def _read_delimited(data: bytes, filename: str, *, max_rows: int) -> list[SourceTable]:
    text = _decode(data)
    # Windows and old-Mac line endings become "\n" so line numbers match what an editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    name = _table_name(filename)
    delimiter = _choose_delimiter(text, _extension(filename))
    budget = _RowBudget(max_rows)
    rows = []
    # Lines that look filled but clean to nothing ('""', "<p></p>") are not counted by the budget; this bounds them.
    examined_limit = max(50_000, 10 * max_rows)
    for examined, (number, cells) in enumerate(_split_rows(text, delimiter), start=1):
        if examined > examined_limit:
            raise ImportFailed(
                f"The file has more than {examined_limit:,} rows, which is more than we can import at once. Remove "
                "rows that are not part of the plan, or split it into smaller files, and upload it again."
            )
        row = _make_row(name, number, cells, budget)
        if row is not None:
            rows.append(row)
    return [SourceTable(name=name, rows=rows)]


def _split_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, raw cells) for each row, with Excel-style quoting.

    A cell is quoted only when it starts with '"' and its closing quote is followed by the delimiter or the end of
    a line, as Excel writes it; anything else (a quote inside a cell, or an opening quote that never closes
    properly) is kept as literal text, so one stray quote cannot swallow the rest of the file.
    """
    # Runs of blank (or delimiter-only) lines are skipped in one step: a file of a million newlines stays quick.
    # (One character class repeated runs in C; a repeated group would cost a microsecond a line.)
    blank_run = re.compile(rf"[ \t\n{re.escape(delimiter)}]+")
    line = 1
    pos = 0
    end = len(text)
    while pos < end:
        blank = blank_run.match(text, pos)
        if blank:
            last_newline = text.rfind("\n", pos, blank.end())
            if last_newline != -1:
                line += text.count("\n", pos, last_newline + 1)
                pos = last_newline + 1
                if pos >= end:
                    break
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = end
        start_line = line
        if '"' not in text[pos:line_end]:
            # Most lines have no quoting at all, so split them at C speed.
            yield start_line, text[pos:line_end].split(delimiter)
            pos = line_end + 1
            line += 1
            continue
        cells: list[str] = []
        while True:
            value, pos, quoted = _next_cell(text, pos, delimiter, line_end)
            if quoted and "\n" in value:  # the row runs on to later lines
                line += value.count("\n")
                line_end = text.find("\n", pos)
                line_end = end if line_end == -1 else line_end
            cells.append(value)
            if len(cells) > MAX_COLUMNS and value.strip():
                break  # _make_row refuses the row; parsing the rest of a freak line would only waste time
            if pos < end and text[pos] == delimiter:
                pos += 1
                continue
            break
        yield start_line, cells
        pos += 1  # past the "\n" that ended the row (or beyond the end)
        line += 1


_QUOTE_RUN = re.compile('"+')


def _next_cell(text: str, pos: int, delimiter: str, line_end: int) -> tuple[str, int, bool]:
    """One cell starting at pos: its value, where it ended (delimiter, newline or end) and whether it was quoted.

    line_end is the position of the newline ending the line pos is on, found once per line so that a line of a
    million cells is not searched a million times.
    """
    end = len(text)
    if pos < end and text[pos] == '"':
        close = _closing_quote(text, pos)
        if close is not None:
            after = close + 1
            if after == end or text[after] == delimiter or text[after] == "\n":
                return text[pos + 1 : close].replace('""', '"'), after, True
    stop = text.find(delimiter, pos, line_end)
    if stop == -1:
        stop = line_end
    return text[pos:stop], stop, False


def _closing_quote(text: str, opening: int) -> int | None:
    """Where the quoted cell opened at `opening` closes: the first quote not doubled, as Excel reads it.

    Quotes come in runs; after the opening quote, an even run is all doubled quotes and an odd run ends with the
    closing one. Each search stops at the first odd run, and a later cell starting inside that stretch must
    start with an even run (so closes at once): the total work stays linear in the file's size.
    """
    first = _QUOTE_RUN.match(text, opening)
    rest = first.end() - opening - 1
    if rest % 2 == 1:
        return first.end() - 1
    for run in _QUOTE_RUN.finditer(text, first.end()):
        if (run.end() - run.start()) % 2 == 1:
            return run.end() - 1
    return None


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


def _read_zip(data: bytes, *, max_rows: int) -> list[SourceTable]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # zipfile raises several types for truncated or garbled archives; all mean the same here
        raise ImportFailed(_DAMAGED + _TRY_AGAIN_OFFICE) from None
    with archive:
        _check_declared_sizes(infos)
        kind = _zip_kind(infos)
        _check_actual_contents(archive, infos)
    budget = _RowBudget(max_rows)
    if kind == "docx":
        return _read_docx(data, budget)
    return _read_xlsx(data, budget)


def _refuse_as_bomb() -> ImportFailed:
    return ImportFailed(
        f"This file would take up more than {_size_text(MAX_UNCOMPRESSED_BYTES)} once opened, or is compressed far "
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
        raise ImportFailed(
            "This looks like an OpenDocument file (from LibreOffice or OpenOffice), which we cannot read. "
            "Save it as .docx or .xlsx and upload it again."
        )
    if any(name.endswith(".iwa") for name in names):
        raise ImportFailed(
            "This looks like an Apple Pages or Numbers file, which we cannot read. Export it as Word (.docx) or "
            "Excel (.xlsx) and upload that."
        )
    raise ImportFailed(
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
                            raise ImportFailed(
                                "This file contains something Word and Excel never write (an XML document type "
                                "declaration), so it has been refused for safety. " + _TRY_AGAIN_OFFICE
                            )
                        tail = chunk[-32:]
        except ImportFailed:
            raise
        except RuntimeError:  # zipfile's "password required": a zip-encrypted part
            raise ImportFailed(
                "This file is password-protected. Remove the password, save it as .xlsx or .docx and upload it again."
            ) from None
        except Exception:  # CRC mismatch, truncated data, unsupported compression
            raise ImportFailed(_DAMAGED + _TRY_AGAIN_OFFICE) from None


# --- .docx ------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_TR, W_TC, W_R, W_T = (f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "r", "t"))
W_COMMENT_START, W_COMMENT_REF = f"{_W}commentRangeStart", f"{_W}commentReference"
# Wrappers (content controls, custom XML, tracked insertions) whose children are ordinary content.
_TRANSPARENT = frozenset(f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"))
# Inside a paragraph: deleted text, field codes, properties and drawings (text boxes would be read twice
# through mc:AlternateContent) are not the cell's text.
_NOT_TEXT = frozenset(
    [f"{_W}{tag}" for tag in ("del", "moveFrom", "delText", "instrText", "rPr", "pPr", "drawing", "pict", "object")]
    + [f"{_MC}AlternateContent"]
)
_FALSE_VALUES = frozenset({"0", "false", "off", "none"})


def _read_docx(data: bytes, budget: _RowBudget) -> list[SourceTable]:
    import docx  # imported here so reading a CSV never pays for python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _WordStyles(document.styles.element)
    except Exception:
        logger.info("python-docx could not open an uploaded .docx", exc_info=True)
        raise ImportFailed(
            "This Word file could not be opened; it may be damaged, or be a template (.dotx) or macro-enabled "
            "(.docm) file. Open it in Word, save it as a Word Document (.docx) and upload it again."
        ) from None
    comments = _word_comments(document, body)
    tables: list[SourceTable] = []
    heading: str | None = None
    for block in _blocks(body):
        if block.tag == W_P:
            if styles.is_heading(block):
                text = clean_cell_text(_paragraph_text(block)).replace("\n", " ")
                heading = text or heading
            continue
        name = f"Table {len(tables) + 1}"
        rows = _word_table_rows(block, name, styles, comments, budget)
        tables.append(SourceTable(name=name, rows=rows, heading=heading))
    if not tables:
        raise ImportFailed(
            "The Word document has no tables in it. We read the plan from a table (goals and actions in rows), "
            "so check it is the action plan and upload it again."
        )
    return tables


def _children(parent, tags: tuple[str, ...]) -> Iterator:
    """Elements with one of `tags` directly in `parent`, looking through content controls and similar wrappers."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tags)


def _blocks(parent) -> Iterator:
    """Paragraphs and tables, in document order."""
    return _children(parent, (W_P, W_TBL))


def _table_rows(table) -> Iterator:
    return _children(table, (W_TR,))


def _row_cells(row) -> Iterator:
    return _children(row, (W_TC,))


def _val(element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(f"{_W}val")


def _word_table_rows(
    table, name: str, styles: _WordStyles, comments: _WordComments, budget: _RowBudget
) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for number, tr in enumerate(_table_rows(table), start=1):
        cells = [""] * _count(_val(tr, f"{_W}trPr/{_W}gridBefore"), default=0)
        for tc in _row_cells(tr):
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            # A merged cell keeps its columns, but its text appears once: in its first column, on its first row.
            continuation = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            text = "" if continuation else _cell_text(tc, styles)
            if len(cells) >= MAX_COLUMNS:  # no more columns are kept, so a freak row cannot fill memory
                if text.strip():
                    raise _too_many_columns(name, number)
                continue
            cells.append(text)
            cells.extend([""] * (_count(_val(tc, f"{_W}tcPr/{_W}gridSpan"), default=1) - 1))
        row = _make_row(name, number, cells, budget, bold=_row_is_bold(tr, styles))
        if row is not None:
            rows.append(row)
        for label, text in comments.anchored_in(tr):
            note = _make_row(name, number, [f"Commented [{label}]: {text}"], budget)
            if note is not None:
                rows.append(note)
    return rows


def _count(value: str | None, *, default: int) -> int:
    """A column count from the XML, kept within what a row may hold."""
    return min(int(value), MAX_COLUMNS) if value and value.isdigit() else default


def _cell_text(container, styles: _WordStyles) -> str:
    """A cell's paragraphs as lines ("- " for list items); a table nested in it as one line per row."""
    lines = []
    for block in _blocks(container):
        if block.tag == W_P:
            text = _paragraph_text(block)
            if text.strip() and styles.is_list_item(block):
                text = as_list_item(text)
            lines.append(text)
        else:
            for tr in _table_rows(block):
                parts = [_cell_text(tc, styles) for tc in _row_cells(tr)]
                lines.append(" | ".join(p.replace("\n", "; ") for p in parts if p.strip()))
    return "\n".join(lines)


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif isinstance(tag, str) and tag not in _NOT_TEXT:  # comments and processing instructions have no str tag
            _collect_text(child, parts)


def _row_is_bold(tr, styles: _WordStyles) -> bool:
    """True when every run with text in the row is bold, by direct formatting or by its styles."""
    seen_text = False
    for run in tr.iter(W_R):
        if not any((t.text or "").strip() for t in run.iter(W_T)):
            continue
        seen_text = True
        paragraph = next(run.iterancestors(W_P), None)
        if not styles.run_is_bold(run, paragraph):
            return False
    return seen_text


def _toggle(element) -> bool | None:
    """The value of an on/off property element such as <w:b/>, or None when it is absent."""
    if element is None:
        return None
    return (element.get(f"{_W}val") or "true").lower() not in _FALSE_VALUES


class _WordStyles:
    """Just enough of styles.xml to know which paragraphs are headings or list items and which runs are bold."""

    def __init__(self, styles_element) -> None:
        self._by_id: dict[str, object] = {}
        self._default: dict[str, str] = {}
        for style in styles_element.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            kind = style.get(f"{_W}type", "paragraph")
            if style_id:
                self._by_id[style_id] = style
                if (style.get(f"{_W}default") or "").lower() in ("1", "true", "on"):
                    self._default[kind] = style_id
        defaults = styles_element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}b")
        self._default_bold = bool(_toggle(defaults))

    def _chain(self, style_id: str | None) -> Iterator:
        """The style and the styles it is based on, nearest first (a loop in basedOn is cut short)."""
        seen = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style, f"{_W}basedOn")

    def _paragraph_style(self, paragraph) -> str | None:
        if paragraph is None:
            return self._default.get("paragraph")
        return _val(paragraph, f"{_W}pPr/{_W}pStyle") or self._default.get("paragraph")

    def _names(self, paragraph) -> list[str]:
        return [(_val(s, f"{_W}name") or "").lower() for s in self._chain(self._paragraph_style(paragraph))]

    def is_heading(self, paragraph) -> bool:
        return any(n.startswith("heading") or n in ("title", "subtitle") for n in self._names(paragraph))

    def is_list_item(self, paragraph) -> bool:
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is not None:
            return _val(numbering, f"{_W}numId") not in ("0", None)
        if any(n.startswith("list") for n in self._names(paragraph)):
            return True
        for style in self._chain(self._paragraph_style(paragraph)):
            numbering = style.find(f"{_W}pPr/{_W}numPr")
            if numbering is not None:
                return _val(numbering, f"{_W}numId") != "0"
        return False

    def run_is_bold(self, run, paragraph) -> bool:
        direct = _toggle(run.find(f"{_W}rPr/{_W}b"))
        if direct is not None:
            return direct
        for style in self._chain(_val(run, f"{_W}rPr/{_W}rStyle")):
            value = _toggle(style.find(f"{_W}rPr/{_W}b"))
            if value is not None:
                return value
        for style in self._chain(self._paragraph_style(paragraph)):
            value = _toggle(style.find(f"{_W}rPr/{_W}b"))
            if value is not None:
                return value
        return self._default_bold


class _WordComments:
    """Review comments by anchor, numbered in order of appearance like Word's "Commented [n]" labels."""

    def __init__(self, texts: dict[str, str], order: dict[str, int]) -> None:
        self._texts = texts
        self._order = order
        self._emitted: set[str] = set()

    def anchored_in(self, tr) -> list[tuple[int, str]]:
        found = []
        for anchor in tr.iter(W_COMMENT_START, W_COMMENT_REF):
            comment_id = anchor.get(f"{_W}id")
            if comment_id in self._texts and comment_id not in self._emitted:
                self._emitted.add(comment_id)
                found.append((self._order[comment_id], self._texts[comment_id]))
        return found


def _word_comments(document, body) -> _WordComments:
    order: dict[str, int] = {}
    for anchor in body.iter(W_COMMENT_START, W_COMMENT_REF):
        order.setdefault(anchor.get(f"{_W}id"), len(order) + 1)
    texts: dict[str, str] = {}
    if order:
        try:
            for comment in document.comments:
                texts[str(comment.comment_id)] = comment.text
        except Exception:  # comments are a nicety: a damaged comments part must not stop the import
            logger.info("could not read comments from an uploaded .docx", exc_info=True)
    return _WordComments({k: v for k, v in texts.items() if k in order and v.strip()}, order)


# --- .xlsx ------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, budget: _RowBudget) -> list[SourceTable]:
    import openpyxl  # imported here so reading a CSV never pays for openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats); none carry plan text.
            warnings.simplefilter("ignore")
            # Read-only streams each sheet instead of building every cell object: memory stays flat for big sheets.
            # data_only gives formulas' cached values; nothing is ever calculated.
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        logger.info("openpyxl could not open an uploaded .xlsx", exc_info=True)
        raise ImportFailed(
            "This Excel file could not be opened; it may be damaged. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload it again."
        ) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            name = f"Sheet '{sheet.title}'" + (" (hidden)" if sheet.sheet_state != "visible" else "")
            tables.append(SourceTable(name=name, rows=_sheet_rows(sheet, name, budget)))
    except ImportFailed:
        raise
    except Exception:
        logger.info("openpyxl could not read a sheet of an uploaded .xlsx", exc_info=True)
        raise ImportFailed(
            "Part of this Excel file could not be read; it may be damaged. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload it again."
        ) from None
    finally:
        workbook.close()
    return tables


def _sheet_rows(sheet, name: str, budget: _RowBudget) -> list[SourceRow]:
    """The sheet's rows with text, streamed from its XML; merged ranges keep their value in the top-left cell only.

    openpyxl's own row iterator pads every row out to the sheet's width, so one formatted cell in column XFD
    makes every row 16,384 cells long; its sheet parser (the same one that iterator uses) yields only the cells
    that are really there, and reports the merged ranges once the rows are read.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    found: list[tuple[int, dict[int, tuple[str, bool]]]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            budget.cells_examined += len(cells) + 1  # a formatted row with no cells still costs a parse
            if budget.cells_examined > MAX_SPREADSHEET_CELLS:
                raise ImportFailed(
                    f"This spreadsheet has more than {MAX_SPREADSHEET_CELLS:,} filled or formatted cells and rows, "
                    "far more than an action plan needs and too many to read. Delete the unused rows and columns "
                    "below and to the right of the plan (formatting counts), save it and upload it again."
                )
            filled: dict[int, tuple[str, bool]] = {}
            for cell in cells:
                if cell["value"] is None:
                    continue
                read = ReadOnlyCell(sheet, **cell)  # gives the cell's number format and font from the workbook styles
                text = _excel_value_text(cell["value"], read.number_format)
                if text.strip():
                    if cell["column"] > MAX_COLUMNS:
                        raise _too_many_columns(name, number)
                    filled[cell["column"]] = (text, bool(read.font.b))
            if filled:
                found.append((number, filled))
                budget.check(len(found))  # as rows arrive, so a huge sheet is refused before it is all in memory
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    found.sort(key=lambda item: item[0])  # Excel writes rows in order; a file that does not is read as Excel would
    covered = _merged_followers([cell_range.ref for cell_range in merged], found)
    rows = []
    for number, filled in found:
        kept = {column: value for column, value in filled.items() if (number, column) not in covered}
        if not kept:
            continue
        texts = [""] * max(kept)
        for column, (text, _) in kept.items():
            texts[column - 1] = text
        bold = all(is_bold for _, is_bold in kept.values())
        row = _make_row(name, number, texts, budget, bold=bold)
        if row is not None:
            rows.append(row)
    return rows


def _excel_value_text(value, number_format: str | None) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")  # UK, day first
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if "%" in (number_format or ""):
            return f"{value * 100:.15g}%"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)


_MERGE_REF = re.compile(r"^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$")
# Excel clears the covered cells when it merges, so this is only for odd exporters; the cap stops a file of
# thousands of overlapping sheet-sized merges from costing minutes.
_MERGE_WORK_LIMIT = 2_000_000


def _merged_followers(refs: list[str], found: list[tuple[int, dict[int, tuple[str, bool]]]]) -> set[tuple[int, int]]:
    """(row, column) of filled cells that a merged range covers, except its top-left, which holds the value."""
    from openpyxl.utils import column_index_from_string

    numbers = [number for number, _ in found]  # ascending: _sheet_rows sorts them
    covered: set[tuple[int, int]] = set()
    work = 0
    for ref in refs:
        match = _MERGE_REF.match(ref or "")
        if not match:
            continue
        first_col, first_row = column_index_from_string(match[1]), int(match[2])
        last_col, last_row = column_index_from_string(match[3]), int(match[4])
        for index in range(bisect_left(numbers, first_row), bisect_right(numbers, last_row)):
            number, filled = found[index]
            work += len(filled)
            if work > _MERGE_WORK_LIMIT:
                return covered
            covered.update(
                (number, column)
                for column in filled
                if first_col <= column <= last_col and (number, column) != (first_row, first_col)
            )
    return covered
