"""Files people download: the response, CSV and Excel cells that cannot run formulas, and PDFs printed offline.

Every app's export uses these, so every download is private (never cached by a shared proxy), every
spreadsheet cell is text a spreadsheet shows as text, and no PDF ever fetches anything from the network.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.http import HttpResponse
from django.utils.text import slugify

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, can be
# tricked into doing so after a paste), so a plan's text could run code on the reader's machine.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767  # characters Excel holds in one cell; a longer cell makes it "repair" the file


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text: a leading formula character gets a single quote before it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def excel_text(text: str) -> str | None:
    """A text cell: neutralised, without control characters a workbook cannot hold, within Excel's limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not text:
        return None
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(text) > EXCEL_CELL_LIMIT:
        marker = " [shortened: Excel holds at most 32,767 characters in a cell]"
        text = text[: EXCEL_CELL_LIMIT - len(marker)] + marker
    return text


def filename_for(title: str, extension: str, *, on: date | None = None, fallback: str = "export") -> str:
    stem = slugify(title)[:80] or fallback
    return f"{stem}-{on.isoformat()}.{extension}" if on else f"{stem}.{extension}"


def download(data: bytes, *, filename: str, fmt: str) -> HttpResponse:
    """A file to save, kept out of shared caches: exports name people and carry unpublished work."""
    return HttpResponse(
        data,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return neutralise(str(value))


def table_to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8); dates DD/MM/YYYY; every text cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def table_to_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence], *, title: str, sheet: str = "Data", widths: dict | None = None
) -> bytes:
    """One sheet with a bold, frozen, filtered header; dates as real dates shown DD/MM/YYYY; text neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    workbook.properties.title = title
    workbook.properties.creator = "Anti-racist action plans"
    worksheet.append(list(headers))
    for cell in worksheet[1]:
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = [v if isinstance(v, int | float | date | datetime) and not isinstance(v, bool) else excel_text(
            _cell_text(v)) for v in row]
        worksheet.append(values)
        for cell, value in zip(worksheet[worksheet.max_row], values, strict=True):
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(headers, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(header, max(12, len(header)))
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{worksheet.max_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------------------


@cache
def _local_fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyURLFetcher(URLFetcher):
        """Fetches data: URLs and files inside the project; anything else (the network above all) is refused."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            scheme = parsed.scheme.lower()
            local_file = scheme == "file" and Path(unquote(parsed.path)).resolve().is_relative_to(
                Path(settings.BASE_DIR).resolve()
            )
            if scheme != "data" and not local_file:
                raise ValueError(f"Refused to fetch {url[:100]!r}: an exported PDF uses only local resources.")
            return super().fetch(url, headers)

    return LocalOnlyURLFetcher


def local_url_fetcher():
    """A WeasyPrint URL fetcher that never touches the network."""
    return _local_fetcher_class()()


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (screen readers follow its headings and tables) printed from HTML, fetching nothing remote."""
    from weasyprint import HTML

    base_url = Path(settings.BASE_DIR).as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=local_url_fetcher()).write_pdf(pdf_tags=True)
