"""Reading Excel (.xlsx) sheets: streamed, capped by cells examined, merged ranges kept in their top-left cell."""

from __future__ import annotations

import io
import logging
import re
import warnings
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time

from .safety import (
    MAX_COLUMNS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SPREADSHEET_CELLS,
    RowBudget,
    make_row,
    size_text,
    too_many_columns,
)
from .tables import SourceRow, SourceTable, UnreadableFile

logger = logging.getLogger(__name__)


def read_xlsx(data: bytes, budget: RowBudget) -> list[SourceTable]:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats); none carry plan text.
            warnings.simplefilter("ignore")
            workbook, sheets = _open_workbook(data)
    except UnreadableFile:
        raise
    except Exception:
        logger.info("openpyxl could not open an uploaded .xlsx", exc_info=True)
        raise UnreadableFile(
            "This Excel file could not be opened; it may be damaged. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload it again."
        ) from None
    tables = []
    try:
        for sheet in sheets:
            name = f"Sheet '{sheet.title}'" + (" (hidden)" if sheet.sheet_state != "visible" else "")
            tables.append(SourceTable(name=name, rows=_sheet_rows(sheet, name, budget)))
    except UnreadableFile:
        raise
    except Exception:
        logger.info("openpyxl could not read a sheet of an uploaded .xlsx", exc_info=True)
        raise UnreadableFile(
            "Part of this Excel file could not be read; it may be damaged. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload it again."
        ) from None
    finally:
        workbook.close()
    return tables


def _open_workbook(data: bytes):
    """The workbook (names, styles, shared strings) and its worksheets, read lazily.

    As openpyxl's read-only load_workbook, but without the scan of every sheet's whole XML that it makes to size
    each sheet (a sheet written without a <dimension> is parsed to its end before a single row can be read: 9
    seconds for a 200,000-row file that is refused at row 5,001 anyway). Shared strings are refused before they
    are read when the part is bigger than a plan's text could be.
    """
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.functions import fromstring

    class _LazySheet(ReadOnlyWorksheet):
        def _get_size(self):  # the rows are streamed by _sheet_rows: no need to know the size first
            return None

    # Read-only streams each sheet instead of building every cell object: memory stays flat for big sheets.
    # data_only gives formulas' cached values; nothing is ever calculated.
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.package = Manifest.from_tree(fromstring(reader.archive.read("[Content_Types].xml")))
    strings = reader.package.find(SHARED_STRINGS)
    if strings is not None and reader.archive.getinfo(strings.PartName[1:]).file_size > MAX_SHARED_STRINGS_BYTES:
        raise UnreadableFile(
            f"This spreadsheet holds more than {size_text(MAX_SHARED_STRINGS_BYTES)} of text, far more than an action "
            "plan needs. Delete the sheets and columns that are not part of the plan, save it and upload it again."
        )
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = []
    for sheet, rel in reader.parser.find_sheets():
        if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
            continue
        worksheet = _LazySheet(reader.wb, sheet.name, rel.target, reader.shared_strings)
        worksheet.sheet_state = sheet.state
        sheets.append(worksheet)
    return reader.wb, sheets


def _sheet_rows(sheet, name: str, budget: RowBudget) -> list[SourceRow]:
    """The sheet's rows with text, streamed from its XML; merged ranges keep their value in the top-left cell only.

    openpyxl's own row iterator pads every row out to the sheet's width, so one formatted cell in column XFD
    makes every row 16,384 cells long; its sheet parser (the same one that iterator uses) yields only the cells
    that are really there, and reports the merged ranges once the rows are read.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    _count_rows_first(sheet, budget)
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
                raise UnreadableFile(
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
                        raise too_many_columns(name, number)
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
        row = make_row(name, number, texts, budget, bold=bold)
        if row is not None:
            rows.append(row)
    return rows


# Sheets smaller than this cannot hold more rows than a plan may have: they are simply read.
_COUNT_FIRST_BYTES = 1 * 1024 * 1024
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")


def _count_rows_first(sheet, budget: RowBudget) -> None:
    """Refuse a sheet with more rows holding values than the budget has left, before parsing any of them.

    openpyxl parses a row in about 0.1 ms, so a 200,000-row sheet would cost its 5,000 allowed rows' parsing
    (a second on a busy machine) before the limit is reached; counting the rows with a value in the raw XML
    takes a few milliseconds. The count can only be high (a value that is only spaces is counted), never low,
    so it refuses only what the parse would refuse too.
    """
    info = sheet.parent._archive.getinfo(sheet._worksheet_path)
    if info.file_size < _COUNT_FIRST_BYTES:
        return
    allowed = budget.max_rows - budget.used
    with sheet._get_source() as source:
        xml = source.read()
    if xml.count(b"row") // 2 <= allowed:
        return  # not even that many row elements: nothing to count
    rows = 0
    for match in _ROW.finditer(xml):
        body = match.group(1)
        if body and _VALUE.search(body):
            rows += 1
            if rows > allowed:
                budget.check(budget.max_rows + 1)  # raises the row-limit message


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
