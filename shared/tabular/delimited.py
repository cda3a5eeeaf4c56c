"""Reading .csv, .tsv and .txt: encodings Excel writes on a UK laptop, its quoting, and the delimiter it chose."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .safety import MAX_COLUMNS, RowBudget, make_row
from .tables import SourceTable, UnreadableFile

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
            raise UnreadableFile(
                "The file's text could not be read: it is marked as UTF-16 but is damaged. " + _SAVE_AS_CSV
            ) from None
    else:
        if b"\x00" in data:
            raise UnreadableFile(
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
                raise UnreadableFile(
                    "The file's text is not in an encoding we can read (UTF-8 or Windows-1252). " + _SAVE_AS_CSV
                ) from None
    text = text.lstrip("\ufeff")
    # A stray control character in a cell is a row problem (make_row removes it and notes where); many of them
    # mean the file is not text at all.
    if len(_CONTROL_CHARS.findall(text, 0, 1_000_000)) > max(16, min(len(text), 1_000_000) // 1000):
        raise UnreadableFile(
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


def read_delimited(data: bytes, filename: str, budget: RowBudget) -> list[SourceTable]:
    text = _decode(data)
    # Windows and old-Mac line endings become "\n" so line numbers match what an editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    name = _table_name(filename)
    delimiter = _choose_delimiter(text, _extension(filename))
    rows = []
    # Lines that look filled but clean to nothing ('""', "<p></p>") are not counted by the budget; this bounds them.
    examined_limit = max(50_000, 10 * budget.max_rows)
    for examined, (number, cells) in enumerate(_split_rows(text, delimiter), start=1):
        if examined > examined_limit:
            raise UnreadableFile(
                f"The file has more than {examined_limit:,} rows, which is more than we can import at once. Remove "
                "rows that are not part of the plan, or split it into smaller files, and upload it again."
            )
        row = make_row(name, number, cells, budget)
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
                break  # make_row refuses the row; parsing the rest of a freak line would only waste time
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
