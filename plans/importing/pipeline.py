"""From a file's bytes to a parsed plan: read every table, then parse it with the chosen layout."""
from datetime import date

from django.conf import settings

from shared.tabular import read_tables

from .columns import parse_columns
from .numbered import parse_numbered
from .structure import ParsedPlan, SourceTable

LAYOUTS = ("numbered", "columns")


def parse_file(
    data: bytes,
    filename: str,
    *,
    layout: str = "numbered",
    mapping: dict[str, str] | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
) -> tuple[list[SourceTable], ParsedPlan]:
    """Raises UnreadableFile for a file that cannot be read at all; row-level problems are in the ParsedPlan."""
    tables = read_tables(
        data, filename, max_bytes=settings.PLAN_IMPORT_MAX_BYTES, max_rows=settings.PLAN_IMPORT_MAX_ROWS
    )
    if layout == "columns":
        parsed = parse_columns(tables, mapping=mapping or None, plan_start=plan_start, plan_end=plan_end)
    elif layout == "numbered":
        parsed = parse_numbered(tables, plan_start=plan_start, plan_end=plan_end)
    else:
        raise ValueError(f"Unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    return tables, parsed
