"""Which layout a file's tables are in: numbered codes in the first columns, or a header row naming the columns.

`detect_layout(tables)` is the whole rule, so the upload can say which layout it chose and why:

1. Count the rows whose first or second cell starts with a code followed by its title ("1.1 Review ...",
   "A. Roll out ...", "iii. Hold ..."): numbered plans carry their structure in those codes.
2. The numbered layout is chosen when at least 3 rows, and a third of the rows with text, carry such a code,
   and the codes form a hierarchy (numbers at two depths, "1." and "1.1", or numbers and letters). A table
   whose activities are merely numbered 1, 2, 3 is a list with a header row, not a numbered plan.
3. Otherwise the columns layout is chosen when a header row names at least two columns, one of them the
   action; failing that, the numbered layout if any row carries a code, else the columns layout with the
   columns left for the person to choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from .columns import _find_header
from .numbered import NUMERIC, read_code
from .structure import SourceTable

NUMBERED = "numbered"
COLUMNS = "columns"


@dataclass(frozen=True)
class Detection:
    layout: str
    reason: str  # one sentence for the person: what was found


def detect_layout(tables: list[SourceTable]) -> Detection:
    rows = coded = 0
    depths: set[int] = set()
    letters = False
    examples: list[str] = []
    for table in tables:
        for row in table.rows:
            filled = row.filled()
            if not filled:
                continue
            rows += 1
            for index, text in filled[:2]:
                code = read_code(text) if index <= 1 else None
                if code is None or not code.rest:
                    continue
                coded += 1
                if code.style == NUMERIC:
                    depths.add(code.code.count(".") + 1)
                else:
                    letters = True
                label = f"{code.path + '.' if code.path else ''}{code.code}"
                if len(examples) < 3 and label not in examples:
                    examples.append(label)
                break
    hierarchy = len(depths) >= 2 or (bool(depths) and letters)
    header = next(((t, h) for t in tables if (h := _find_header(t, None)) is not None), None)
    codes = ", ".join(f"“{e}”" for e in examples)
    if coded >= 3 and coded * 3 >= rows and hierarchy:
        return Detection(
            NUMBERED,
            f"{coded} of the {rows} rows start with a numbered code ({codes}): goals, headline actions and actions "
            "are read from those codes.",
        )
    if header is not None:
        table, found = header
        names = ", ".join(f"“{text}”" for text in list(found.cells.values())[:6])
        return Detection(
            COLUMNS,
            f"{table.name}, row {table.rows[found.first_index].ref.row}, is a header row naming the columns ({names})"
            + (
                f", and only {coded} of the {rows} rows start with a numbered code."
                if coded
                else ", and no row starts with a numbered code."
            ),
        )
    if coded:
        return Detection(
            NUMBERED,
            f"No header row we recognise was found, and {coded} of the {rows} rows start with a numbered code "
            f"({codes}).",
        )
    return Detection(
        COLUMNS,
        "No header row we recognise and no numbered codes were found: choose which column holds each field.",
    )


def other_layout(layout: str) -> str:
    return COLUMNS if layout == NUMBERED else NUMBERED
