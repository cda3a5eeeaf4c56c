"""Tables read from an uploaded file: cleaned text cells with where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableFile(Exception):
    """The file as a whole cannot be read (wrong type, corrupt, too large, protected, ...)."""


@dataclass(frozen=True)
class RowRef:
    """Where something came from, as a person would find it: table or sheet name and 1-based row."""

    table: str
    row: int

    def __str__(self) -> str:
        return f"{self.table}, row {self.row}"


@dataclass
class SourceRow:
    """One table row. Cells are plain text: markup dropped, paragraphs on separate lines, list items as "- " lines."""

    ref: RowRef
    cells: list[str]
    bold: bool = False  # every non-empty cell in the row was bold (the CFS plan marks "immediate need" actions in bold)
    notes: list[str] = field(default_factory=list)  # what reading changed ("Hidden control characters were removed")

    def filled(self) -> list[tuple[int, str]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.strip()]


@dataclass
class SourceTable:
    """A table of a .docx, a sheet of an .xlsx, or the whole of a .csv/.tsv."""

    name: str  # "Table 1", "Sheet 'Actions'", "plan.tsv"
    rows: list[SourceRow]
    heading: str | None = None  # nearest heading above the table in a Word document
