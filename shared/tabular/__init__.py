"""Every table out of an uploaded .docx, .xlsx or .csv/.tsv/.txt, through the file-safety layer.

    tables = read_tables(data, filename, max_bytes=..., max_rows=...)   # raises UnreadableFile with a message

Plan imports and workforce imports both read files this way; what the rows mean is each app's business.
"""

from __future__ import annotations

from .delimited import read_delimited
from .docx import read_docx
from .safety import MB, OLE2_MAGIC, ZIP_MAGICS, RowBudget, check_zip, refuse_known_binary, size_text
from .tables import RowRef, SourceRow, SourceTable, UnreadableFile
from .xlsx import read_xlsx

__all__ = ["read_tables", "RowRef", "SourceRow", "SourceTable", "UnreadableFile"]


def read_tables(data: bytes, filename: str, *, max_bytes: int = 10 * MB, max_rows: int = 5000) -> list[SourceTable]:
    """Every non-empty table in the file, cells cleaned; raises UnreadableFile with a message for the officer."""
    if len(data) == 0:
        raise UnreadableFile("The file is empty (0 bytes). Check you chose the right file and upload it again.")
    if len(data) > max_bytes:
        raise UnreadableFile(
            f"The file is larger than the {size_text(max_bytes)} limit. Remove anything that is not part of the "
            "plan (such as pictures or extra sheets), or split it into smaller files, and upload it again."
        )
    head = bytes(data[:16])
    if head.startswith(OLE2_MAGIC):
        # Encrypted .docx/.xlsx files are wrapped in the same container as old .doc/.xls, so one message covers both.
        raise UnreadableFile(
            "This file is a password-protected or old-style Excel/Word file (.xls or .doc). Remove the password, "
            "save it as .xlsx or .docx and upload it again."
        )
    budget = RowBudget(max_rows)
    if head.startswith(ZIP_MAGICS):
        kind = check_zip(data)
        tables = read_docx(data, budget) if kind == "docx" else read_xlsx(data, budget)
    else:
        refuse_known_binary(head, data)
        tables = read_delimited(data, filename, budget)
    tables = [t for t in tables if t.rows]
    if not tables:
        raise UnreadableFile(
            "The file has no tables with any text in them. Check it is the action plan, with the plan set out "
            "in a table, and upload it again."
        )
    return tables
