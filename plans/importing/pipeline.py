"""From a file's bytes to a parsed plan: read every table once, find the layout, parse it.

    tables = read_file(data, filename)                       # raises UnreadableFile; the only read of the file
    detection = detect_layout(tables)                         # which layout, and why
    parsed = parse_tables(tables, layout=..., mapping=..., readings=..., plan_start=..., plan_end=...)

The tables (and the parsed plan) round-trip through JSON (structure.py), so an upload is read once and kept.
"""

from datetime import date

from django.conf import settings

from shared.tabular import read_tables

from .columns import parse_columns
from .detect import COLUMNS, NUMBERED, Detection, detect_layout  # noqa: F401
from .numbered import parse_numbered
from .progress import settle_status
from .structure import HOSTILE, ParsedPlan, SourceTable

LAYOUTS = (NUMBERED, COLUMNS)


def read_file(data: bytes, filename: str) -> list[SourceTable]:
    """Every table of the upload, through the file-safety layer; raises UnreadableFile with a message."""
    return read_tables(data, filename, max_bytes=settings.PLAN_IMPORT_MAX_BYTES, max_rows=settings.PLAN_IMPORT_MAX_ROWS)


def parse_tables(
    tables: list[SourceTable],
    *,
    layout: str,
    mapping: dict[str, str] | None = None,
    readings: dict[str, str] | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
) -> ParsedPlan:
    """The plan in the tables, read with the layout; row-level problems (and text not imported) are in it."""
    if layout == COLUMNS:
        parsed = parse_columns(
            tables, mapping=mapping or None, readings=readings, plan_start=plan_start, plan_end=plan_end
        )
    elif layout == NUMBERED:
        parsed = parse_numbered(tables, plan_start=plan_start, plan_end=plan_end, readings=readings)
    else:
        raise ValueError(f"Unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    settle_status(parsed, plan_start=plan_start, plan_end=plan_end)
    for table in tables:
        for row in table.rows:
            for note in row.notes:
                parsed.warn(note, row.ref, HOSTILE)
    return parsed


def parse_file(
    data: bytes,
    filename: str,
    *,
    layout: str | None = NUMBERED,
    mapping: dict[str, str] | None = None,
    readings: dict[str, str] | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
) -> tuple[list[SourceTable], ParsedPlan]:
    """Read and parse in one step (the command line, the demo, tests); layout None detects it."""
    tables = read_file(data, filename)
    chosen = layout or detect_layout(tables).layout
    parsed = parse_tables(
        tables, layout=chosen, mapping=mapping, readings=readings, plan_start=plan_start, plan_end=plan_end
    )
    return tables, parsed
