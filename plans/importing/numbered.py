"""Parse a plan laid out like the CFS plan: numbered goals, headline actions and lettered actions in a Word table.

The table has the columns Goal / Headline Actions / Measurable / Timescales / Lead / Progress Report
(found case- and whitespace-insensitively, partial words allowed; rows above the header are
preamble and ignored; without a header the column order above is assumed, with a warning).
Tables after the first carry on the same plan.

Rules, in the order a row is read:

- **Codes.** A row's title cell is the first cell holding a code, looked for in the Goal and
  Headline columns. Code styles: dotted numbers ("1.", "1.1", "1.2.", "5.1.1"; a single number
  needs its dot), upper-case letters ("A.", "A.Review", "I .Implement", "(A)", "A)"), lower-case
  roman numerals ("i.", "viii.Interview", "(iv)"), lower-case letters ("a.", "b)") and bracketed
  numbers ("1)", "(1)"). Upper-case letters are always letters; a lower-case "i", "v" or "x" is a
  roman numeral unless it follows "h", "u" or "w" at a lower-case-letter level. A code alone in a
  cell ("H.") takes its title from the next filled cell. A mixed code ("1.2.a", "1.2.a.iv", as
  Word's multi-level list numbering writes it) names its parent.
- **Goals and headline actions.** A dotted number that extends an open numbered action
  ("1.1.1" under "1.1") is its child; one that extends the open goal's number ("1.2" under goal
  "1", "5.1.1" under goal "5.1") is a headline action. Any other dotted number, on a row with
  nothing but its title and no deeper than the open goal's number, is a new goal ("2. Anti-Racist
  Leadership ...", "5.2 ..."); with no goal open, "1." is a goal and "5.1" is one if the next
  number extends it. Otherwise it is a headline action under the goal its number implies ("2.1"
  -> goal "2", made with a warning if there is none). A numbered Word heading above a table is
  read as a goal row.
- **Lettered actions nest by style**: the first time a style appears below the latest numbered
  action it opens a level under the action above; a style already open closes the levels below
  it and adds a sibling. So "A." under "1.2", "i." under that "A.", and the next "A." is the
  second "A." of 1.2. Repeated codes are kept (assign_references() tells them apart); a repeat
  under the same parent in the same service area gets a warning.
- **Columns drift** (Word merged cells): Progress is the last cell, Lead the one before, then
  Timescales, counted from the right (as the header places them); the filled cells between the
  title cell and the Timescales position are the Measurable. A timescale in the Lead cell with
  the Timescales cell empty ("Spring 2021") is moved, with a warning. If the reader dropped the
  empty cells at the ends of rows (no row ends in an empty cell), a short row is padded back:
  to the header's width (a Word or Excel grid), or, where other rows show merged cells, so that
  a last cell reading like a timescale or a lead lands in that column, with a warning (see
  _aligned).
- **Beside the title** (cells left of the title cell): beside a goal's first headline action
  it is the goal's outcome; beside any other action it names a service area that applies from
  that action on ("Youth Offending Team | A. Youth Justice Team ...").
- **Rows without a code**: the first lone text after a goal row (before any action) is the
  goal's outcome. A lone name (heuristics.read_lone_row: "Business Support", "Useful resources:",
  "Youth Justice Service (YJS)") is a service-area section row: the actions after it, until the
  next section, numbered action or goal, get it as their service area (a section followed straight
  away by another, as "Early Help and Prevention" by "Youth Offending Team", only groups it). A
  lone row that could be either is read as a section and listed with both readings; a person can
  switch it (`readings`), and a row switched to an action becomes an action at the level open.
  Any other row right after an action continues it (Word split the cell across a page): a cell in
  the action's title column, counted from the left or the right, adds to its title (if the title
  is an unfinished sentence and the new text starts in lower case) or its detail; cells in the
  other columns add to the matching field. A row that is a plain paragraph (one cell), follows a section row or starts a
  new table is text outside any action: not imported, with a warning, and listed with its text.
  A section no action follows gets a warning too.
- **Comments**: "Commented [n]: ..." belongs to the latest action above it; "Assigned to Name"
  (on the next row or at the end of the comment) says who it was assigned to.
- **Title and detail**: the title is the first line of the title cell, cut before an inline
  bullet (" -Item") and, past 200 characters, at a sentence end (see split_title); the rest goes
  to the detail, inline bullets as "- " lines.
- Bold rows are immediate-need actions. Leads and progress are kept as written; progress is
  also split into updates and read for a status and "Update needed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from plans.importing.heuristics import (
    ACTION,
    SECTION,
    UNSURE,
    looks_like_timescale,
    read_lone_row,
    reads_like_lead,
    split_title,
)
from plans.importing.progress import read_progress_into
from plans.importing.structure import (
    DUPLICATES,
    MOVED,
    NOT_IMPORTED,
    STRUCTURE,
    LoneRowReading,
    ParsedAction,
    ParsedComment,
    ParsedGoal,
    ParsedPlan,
    Problem,
    RowRef,
    SourceRow,
    SourceTable,
    assign_references,
    row_key,
)

__all__ = ["parse_numbered", "read_code", "split_title", "looks_like_section", "looks_like_timescale"]

# Header cell -> column, by the words a header uses; first match wins.
HEADER_WORDS = {
    "goal": ("goal", "priority", "objective"),
    "headline": ("headline", "action"),
    "measurable": ("measur", "success"),
    "timescale": ("timescale", "time scale", "timeframe", "target date", "deadline", "due"),
    "lead": ("lead", "owner", "responsib"),
    "progress": ("progress", "update", "achieved"),
}
DEFAULT_COLUMNS = {"goal": 0, "headline": 1, "measurable": 2, "timescale": 3, "lead": 4, "progress": 5}

NUMERIC = "numeric"
UPPER = "upper"
ROMAN = "roman"
LOWER = "lower"
BRACKETED = "bracketed"

_NUMERIC_CODE = re.compile(
    r"^(?P<code>\d{1,2}(?:\.\d{1,2})+)(?:\.(?=\S)|\.?(?=\s|$))"  # "1.1", "1.2.", "1.2.Provide"
    r"|^(?P<single>\d{1,2})\.(?!\d)"  # "1.", "1.Inclusive"
)
_UPPER_CODE = re.compile(r"^(?:\((?P<b>[A-Z])\)|(?P<d>[A-Z])\s?[.)])(?![A-Z]\.)(?=\s|$|[A-Z0-9'\"‘“(])")
_LOWER_CODE = re.compile(r"^(?:\((?P<b>[a-z]{1,5})\)|(?P<d>[a-z]{1,5})\s?[.)])(?=\s|$|[A-Z0-9'\"‘“(])")
_BRACKETED_CODE = re.compile(r"^\(?(?P<n>\d{1,2})\)(?=\s|$|[A-Za-z])")
_ROMAN = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")  # i to xxxix
_NOT_CODES = re.compile(r"^(?:e\.g|i\.e|n\.b|etc)\b", re.IGNORECASE)
# "1.2.a", "1.2.A.iv": a numbered parent then letter or roman levels, as Word's multi-level lists write them.
_MIXED_CODE = re.compile(
    r"^(?P<path>\d{1,2}(?:\.\d{1,2})*)\.(?P<tail>[A-Za-z]{1,5}(?:\.[A-Za-z]{1,5})*)\.?(?=\s|$|[)])\)?"
)

_COMMENT = re.compile(r"^Commented\s*\[(?P<n>[^\]]*)\]\s*:?\s*(?P<text>.*)$", re.DOTALL)
_ASSIGNED = re.compile(r"^Assigned to\s+(?P<name>.+?)\.?$", re.IGNORECASE)
_ASSIGNED_AT_END = re.compile(r"\s*\bAssigned to\s+(?P<name>[^\n]+?)\.?\s*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")


@dataclass
class Code:
    style: str
    code: str  # as the plan writes it, without trailing dots
    rest: str  # the cell's text after the code
    path: str = ""  # a mixed code's parent ("1.2" for "1.2.a")


@dataclass
class Layout:
    """Where each column sits, from the header row; fields after the Measurable align from the right."""

    width: int
    columns: dict[str, int]

    def tail_offsets(self) -> dict[str, int]:
        start = self.columns.get("measurable", self.columns.get("headline", 0))
        return {name: self.width - i for name, i in self.columns.items() if i > start}

    def positions(self, cells: int) -> dict[str, int]:
        """Field -> cell index for a row with this many cells; none for a row too short to hold them."""
        offsets = self.tail_offsets()
        if cells < len(offsets) + 1:
            return {}
        return {name: cells - offset for name, offset in offsets.items()}

    def title_window(self, cells: int) -> int:
        """The last cell index that may hold an action's code."""
        return self.columns.get("headline", 0) + max(0, cells - self.width)


@dataclass
class Level:
    style: str
    action: ParsedAction


@dataclass
class Section:
    name: str
    ref: RowRef
    used: bool = False
    text: str = ""


@dataclass
class OpenAction:
    """The action that continuation rows, comments and "Assigned to" rows attach to."""

    action: ParsedAction
    title_cell: int
    cells: int
    continuable: bool = True
    comment: ParsedComment | None = None


def parse_numbered(
    tables: list[SourceTable],
    *,
    plan_start: date | None = None,
    plan_end: date | None = None,
    readings: dict[str, str] | None = None,
) -> ParsedPlan:
    """The goals, actions and problems of a numbered plan table (the CFS layout).

    `readings` holds a person's choice for lone rows ("Table 1|12" -> "section" or "action").
    """
    parser = _NumberedParser(plan_start=plan_start, plan_end=plan_end, readings=readings or {})
    parser.read(tables)
    assign_references(parser.plan)
    parser.plan.layout = "numbered"
    return parser.plan


def _letter_style(letters: str) -> str | None:
    if len(letters) == 1 and letters.isupper():
        return UPPER
    if letters.islower() and _ROMAN.match(letters):
        return ROMAN
    if len(letters) == 1 and letters.islower():
        return LOWER
    return None


def read_code(text: str) -> Code | None:
    """The code at the start of a cell, if it has one ("1.2.", "A.", "I .", "viii.", "(a)", "1.2.a")."""
    text = text.strip()
    if _NOT_CODES.match(text):
        return None
    if match := _MIXED_CODE.match(text):
        parts = match.group("tail").split(".")
        styles = [_letter_style(part) for part in parts]
        if all(styles):
            path = ".".join([match.group("path"), *parts[:-1]])
            return Code(styles[-1], parts[-1], text[match.end() :].strip(), path=path)
    if match := _NUMERIC_CODE.match(text):
        code = match.group("code") or match.group("single")
        return Code(NUMERIC, code, text[match.end() :].strip())
    if match := _UPPER_CODE.match(text):
        return Code(UPPER, match.group("b") or match.group("d"), text[match.end() :].strip())
    if match := _LOWER_CODE.match(text):
        letters = match.group("b") or match.group("d")
        if len(letters) > 1 and not _ROMAN.match(letters):
            return None  # "etc.", "vs.": a word, not a code
        style = ROMAN if _ROMAN.match(letters) else LOWER
        return Code(style, letters, text[match.end() :].strip())
    if match := _BRACKETED_CODE.match(text):
        return Code(BRACKETED, match.group("n"), text[match.end() :].strip())
    return None


def looks_like_section(text: str) -> bool:
    """A lone cell that reads like a section name (heuristics.read_lone_row), sure or not."""
    return read_lone_row(text).kind in (SECTION, UNSURE)


def _reads_like_prose(text: str) -> bool:
    """Longer than any lead or timescale: a progress note or a measure."""
    text = text.strip()
    return len(text) > 60 or "\n" in text or len(_SENTENCE_END.findall(text + " ")) > 1


def header_columns(row: SourceRow) -> dict[str, int] | None:
    """Column positions if this row is a header row: three or more recognised headers, all short labels."""
    found: dict[str, int] = {}
    for index, cell in row.filled():
        words = " ".join(cell.lower().split())
        if len(words) > 40 or words.endswith(".") or read_code(cell):
            return None
        for name, keys in HEADER_WORDS.items():
            if name not in found and any(key in words for key in keys):
                found[name] = index
                break
    return found if len(found) >= 3 else None


class _NumberedParser:
    def __init__(self, *, plan_start: date | None, plan_end: date | None, readings: dict[str, str]):
        self.plan = ParsedPlan()
        self.readings = readings
        self.plan_start = plan_start
        self.plan_end = plan_end
        self.layout = Layout(width=6, columns=dict(DEFAULT_COLUMNS))
        self.goal: ParsedGoal | None = None
        self.flat_goal = False  # made up because the plan has no goal rows: any number is a headline
        self.numbered: list[ParsedAction] = []  # open dotted-number actions, outermost first
        self.levels: list[Level] = []  # open lettered levels below the latest numbered action
        self.section: Section | None = None
        self.sections: list[Section] = []
        self.open: OpenAction | None = None
        self.seen_codes: set[tuple[int, str | None, str]] = set()
        self.realigned: dict[RowRef, str] = {}  # rows placed by what their last cell says, not where it is
        self.labels: dict[int, str] = {}  # id(action) -> "2.1.C", for messages (references come last)
        self.by_label: dict[str, ParsedAction] = {}  # "1.2.A" -> the action, for mixed codes naming a parent
        self.parents: dict[int, ParsedAction | None] = {}
        self.styles: dict[int, str] = {}  # id(lettered action) -> its code style
        self.unnumbered_goals: set[int] = set()  # goals already warned about lettered actions at the top
        self.rows: list[SourceRow] = []  # the table being read, for looking ahead
        self.position = 0

    # -- reading -----------------------------------------------------------------------------

    def read(self, tables: list[SourceTable]) -> None:
        first_row = next((t.rows[0].ref for t in tables if t.rows), RowRef(tables[0].name if tables else "file", 1))
        table_index, row_index = self._find_header(tables)
        for table in tables[:table_index]:
            for row in table.rows:
                self._drop_row(row, "Above the plan's header row")
        for row in tables[table_index].rows[: max(0, row_index - 1)] if tables else []:
            self._drop_row(row, "Above the plan's header row")
        previous_heading = None
        for table in tables[table_index:]:
            rows = table.rows[row_index:] if table is tables[table_index] else table.rows
            heading_code = read_code(table.heading or "")
            if table.heading != previous_heading and heading_code and heading_code.style == NUMERIC and rows:
                # A Word heading above a table can be the goal row ("2. Anti-Racist Leadership ...").
                rows = [SourceRow(ref=rows[0].ref, cells=[table.heading]), *rows]
            previous_heading = table.heading
            if self.open is not None:
                self.open.continuable = False  # a new table is not the previous one split across a page
            self.rows = self._aligned(rows)
            for position, row in enumerate(self.rows):
                self.position = position
                self._read_row(row)
        for section in self.sections:
            if not section.used:
                self._warn(
                    f"'{section.name}' looks like a section heading but no actions follow it: "
                    "text outside any action was not imported",
                    section.ref,
                    NOT_IMPORTED,
                )
                self.plan.drop(section.text, "A section heading with no actions under it", section.ref)
        if not any(goal.actions for goal in self.plan.goals):
            self.plan.problems.append(Problem("No goals or actions were found in the plan table.", first_row))

    def _find_header(self, tables: list[SourceTable]) -> tuple[int, int]:
        """(table index, row index) where the plan starts, just after the header row; the layout comes from it."""
        for table_index, table in enumerate(tables):
            for row_index, row in enumerate(table.rows):
                if columns := header_columns(row):
                    width = max(len(row.cells), max(columns.values()) + 1)
                    self.layout = Layout(width=width, columns=columns)
                    return table_index, row_index + 1
        for table in tables:
            if table.rows:
                self._warn(
                    "No header row (Goal / Headline Actions / Measurable / Timescales / Lead / Progress Report) "
                    "was found: columns were read in that order",
                    table.rows[0].ref,
                    STRUCTURE,
                )
                break
        return 0, 0

    def _aligned(self, rows: list[SourceRow]) -> list[SourceRow]:
        """The rows with empty cells put back where a reader dropped them from the end of a row.

        Rows that keep their trailing empty cells are left as they are: a short row is short because
        Word merged cells, and its fields align from the right. If no row ends in an empty cell they
        were trimmed: where some short row's Timescales or Lead cell holds progress-like prose, cells
        were merged as well, and a trimmed row is padded so that a last cell reading like a timescale
        or a lead lands in that column; otherwise the cells sit in the header's columns (as Word's
        and Excel's grids give them) and short rows are padded to the header's width.
        """
        several = [row for row in rows if len(row.cells) >= 2]
        if not several or any(not row.cells[-1].strip() for row in several):
            return rows
        width = self.layout.width
        tail = {self.layout.columns[name] for name in ("timescale", "lead") if name in self.layout.columns}
        merged = any(
            len(r.cells) < width and len(r.cells) - 1 in tail and _reads_like_prose(r.cells[-1]) for r in several
        )
        padded = []
        for row in rows:
            cells = len(row.cells)
            if cells < 2:
                padded.append(row)
                continue
            target = self._content_width(row) if merged else width
            if target > cells:
                if merged:
                    self.realigned[row.ref] = row.cells[-1].strip()
                row = SourceRow(ref=row.ref, cells=row.cells + [""] * (target - cells), bold=row.bold, notes=row.notes)
            padded.append(row)
        return padded

    def _content_width(self, row: SourceRow) -> int:
        """How many cells a trimmed short row needs for its last cell to land in the column its text suits."""
        cells = len(row.cells)
        last = cells - 1
        text = row.cells[last].strip()
        offsets = self.layout.tail_offsets()
        if cells >= self.layout.width or last <= self.layout.title_window(cells):
            return cells
        if looks_like_timescale(text) and len(text) <= 30 and "timescale" in offsets:
            return max(cells, last + offsets["timescale"])
        if reads_like_lead(text) and "lead" in offsets:
            return max(cells, last + offsets["lead"])
        return cells

    def _read_row(self, row: SourceRow) -> None:
        filled = row.filled()
        if not filled or header_columns(row):
            return
        if len(filled) == 1:
            text = filled[0][1].strip()
            if comment := _COMMENT.match(text):
                self._comment(row, comment.group("text"))
                return
            if assigned := _ASSIGNED.match(text):
                self._assigned(row, assigned.group("name"))
                return
        found = self._find_code(row)
        if found is None:
            self._row_without_code(row, filled)
        elif found[1].style == NUMERIC:
            self._numbered_row(row, *found)
        else:
            self._lettered_row(row, *found)

    def _find_code(self, row: SourceRow) -> tuple[int, Code] | None:
        window = self.layout.title_window(len(row.cells))
        for index, cell in row.filled():
            if index > window:
                break
            if code := read_code(cell):
                return index, code
        return None

    # -- numbered rows: goals and headline actions ----------------------------------------------

    def _numbered_row(self, row: SourceRow, index: int, code: Code) -> None:
        title_text, title_cell = self._title_text(row, index, code)
        others = [i for i, _ in row.filled() if i > title_cell]
        parent = next((a for a in reversed(self.numbered) if code.code.startswith(a.code + ".")), None)
        if parent is not None:
            self.numbered = self.numbered[: self.numbered.index(parent) + 1]
            self.levels = []
            child_code = code.code.rsplit(".", 1)[-1]
            action = self._new_action(row, index, title_cell, child_code, title_text, parent, numbered=True)
            self.numbered.append(action)
            return
        fits_goal = self.goal is not None and (self.flat_goal or code.code.startswith(self.goal.number + "."))
        if not fits_goal and not others and self._is_goal_number(code.code):
            self._start_goal(row, code.code, title_text, beside=self._beside(row, index))
            return
        if not fits_goal:
            self._goal_for_stray_number(row, code.code)
        self.numbered = []
        self.levels = []
        action = self._new_action(row, index, title_cell, code.code, title_text, None, numbered=True)
        self.numbered.append(action)

    def _is_goal_number(self, code: str) -> bool:
        """A title-only number that does not fit the open goal: a goal unless it is deeper than the goal's numbers.

        With no goal open, "1." is a goal, and "5.1" is one if the next number below extends it ("5.1.1").
        """
        depth = code.count(".") + 1
        if self.goal is not None and not self.flat_goal:
            return depth <= self.goal.number.count(".") + 1
        if depth == 1:
            return True
        upcoming = self._next_number()
        return upcoming is not None and upcoming.startswith(code + ".")

    def _next_number(self) -> str | None:
        for row in self.rows[self.position + 1 :]:
            found = self._find_code(row)
            if found is not None and found[1].style == NUMERIC:
                return found[1].code
        return None

    def _start_goal(self, row: SourceRow, number: str, text: str, *, beside: list[str]) -> None:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        title = lines[0] if lines else number
        outcome = "\n".join(beside + lines[1:])
        self.goal = ParsedGoal(number=number, title=title, outcome=outcome, ref=row.ref)
        self.plan.goals.append(self.goal)
        self.flat_goal = False
        self._close_structure()

    def _goal_for_stray_number(self, row: SourceRow, code: str) -> None:
        """A numbered action that does not fit the open goal: make the goal its number implies."""
        if "." in code:
            number = code.rsplit(".", 1)[0]
            existing = next((g for g in self.plan.goals if g.number == number), None)
            if existing is not None:
                self.goal = existing
            else:
                self._warn(
                    f"No goal row was found for {code}: it was put under a new goal {number}", row.ref, STRUCTURE
                )
                self.goal = ParsedGoal(number=number, title=f"Goal {number}", ref=row.ref)
                self.plan.goals.append(self.goal)
            self.flat_goal = False
        elif self.goal is None:
            self._warn("No goal rows were found: the actions were put under one goal, 'Actions'", row.ref, STRUCTURE)
            self.goal = ParsedGoal(number="1", title="Actions", ref=row.ref)
            self.plan.goals.append(self.goal)
            self.flat_goal = True
        else:
            self._warn(f"{code} does not belong to goal {self.goal.number} but was kept under it", row.ref, STRUCTURE)
        self._close_structure()

    def _close_structure(self) -> None:
        self.numbered = []
        self.levels = []
        self.section = None
        self.open = None

    # -- lettered rows -------------------------------------------------------------------------

    def _lettered_row(self, row: SourceRow, index: int, code: Code) -> None:
        title_text, title_cell = self._title_text(row, index, code)
        if code.path:
            self._open_path(row, code.path)
        style = self._style(code)
        styles = [level.style for level in self.levels]
        if style in styles:
            self.levels = self.levels[: styles.index(style)]
        parent = self.levels[-1].action if self.levels else (self.numbered[-1] if self.numbered else None)
        if parent is None and self.goal is None:
            self._goal_for_stray_number(row, code.code)
        if parent is None and id(self.goal) not in self.unnumbered_goals:
            self.unnumbered_goals.add(id(self.goal))
            self._warn(f"Action {code.code} is not under a numbered headline action", row.ref, STRUCTURE)
        action = self._new_action(row, index, title_cell, code.code, title_text, parent, numbered=False)
        self.levels.append(Level(style, action))
        self.styles[id(action)] = style

    def _open_path(self, row: SourceRow, path: str) -> None:
        """A mixed code ("1.2.a"): reopen the action its path names, so the new one is that action's child."""
        target = self.by_label.get(path)
        if target is None:
            self._warn(
                f"Action {path} was not found above this row: it was put under the action open here",
                row.ref,
                STRUCTURE,
            )
            return
        chain = []
        while target is not None and id(target) in self.styles:  # lettered actions up to their numbered one
            chain.append(target)
            target = self.parents.get(id(target))
        self.levels = [Level(self.styles[id(a)], a) for a in reversed(chain)]
        self.numbered = [target] if target is not None else []

    def _style(self, code: Code) -> str:
        """Roman or letter for a lone "i", "v" or "x": a letter right after "h", "u" or "w" at a letter level."""
        if code.style == ROMAN and len(code.code) == 1:
            previous = self._last_at(LOWER)
            if len(previous) == 1 and ord(code.code) == ord(previous) + 1:
                return LOWER
        return code.style

    def _last_at(self, style: str) -> str:
        return next((level.action.code for level in reversed(self.levels) if level.style == style), "")

    # -- building actions ----------------------------------------------------------------------

    def _title_text(self, row: SourceRow, index: int, code: Code) -> tuple[str, int]:
        """The title's text and the cell it came from; a code alone in a cell takes the next filled cell."""
        if code.rest:
            return code.rest, index
        following = [(i, cell) for i, cell in row.filled() if i > index]
        if following and following[0][0] == index + 1:
            return following[0][1].strip(), index + 1
        tail = self.layout.positions(len(row.cells))
        limit = min(tail.values()) if tail else len(row.cells)
        for i, cell in following:
            if i < limit:
                return cell.strip(), i
        return "", index

    def _beside(self, row: SourceRow, index: int) -> list[str]:
        return [cell.strip() for i, cell in row.filled() if i < index]

    def _new_action(
        self,
        row: SourceRow,
        index: int,
        title_cell: int,
        code: str,
        text: str,
        parent: ParsedAction | None,
        *,
        numbered: bool,
    ) -> ParsedAction:
        assert self.goal is not None
        title, detail = split_title(text)
        action = ParsedAction(
            code=code, title=title or code, detail=detail, ref=row.ref, immediate_need=row.bold, rows=[row.ref]
        )
        self.labels[id(action)] = code if parent is None else f"{self._label(parent)}.{code}"
        self.by_label.setdefault(self.labels[id(action)], action)
        self.parents[id(action)] = parent
        if numbered:
            self.section = None
        if beside := self._beside(row, index):
            first_headline = parent is None and not self.goal.actions
            self._place_beside(row, action, beside, first_headline=first_headline)
        if self.section is not None:
            self.section.used = True
            action.service_area = self.section.name
        self._fill_fields(row, action, title_cell)
        self._check_duplicate(row, action, parent)
        (parent.children if parent is not None else self.goal.actions).append(action)
        self.open = OpenAction(action=action, title_cell=title_cell, cells=len(row.cells))
        return action

    def _place_beside(self, row: SourceRow, action: ParsedAction, beside: list[str], *, first_headline: bool) -> None:
        assert self.goal is not None
        text = "\n".join(beside)
        if first_headline:
            self.goal.outcome = "\n".join(filter(None, [self.goal.outcome, text]))
        elif looks_like_section(text):
            self._start_section(row, text)
        else:
            action.detail = "\n".join(filter(None, [text, action.detail]))
            self._warn(f"Text in the Goal column beside {self._label(action)} was added to its detail", row.ref, MOVED)

    def _fill_fields(self, row: SourceRow, action: ParsedAction, title_cell: int) -> None:
        positions = self.layout.positions(len(row.cells))
        cell = {name: row.cells[i].strip() for name, i in positions.items() if i > title_cell}
        limit = min(positions.values()) if positions else len(row.cells)
        action.measurable = "\n".join(c.strip() for i, c in row.filled() if title_cell < i < limit)
        timescale, lead = cell.get("timescale", ""), cell.get("lead", "")
        if lead and not timescale and looks_like_timescale(lead) and "timescale" in positions:
            self._warn(
                f"'{lead}' in the Lead column of {self._label(action)} looks like a timescale: "
                "it was moved to Timescales",
                row.ref,
                MOVED,
            )
            timescale, lead = lead, ""
        action.timescale = timescale
        action.lead_text = lead
        if row.ref in self.realigned:
            self._warn(
                f"The cells of {self._label(action)} do not line up with the header: "
                f"'{self.realigned[row.ref]}' was placed by what it says (Timescales: '{timescale}', Lead: '{lead}')",
                row.ref,
                MOVED,
            )
        read_progress_into(action, cell.get("progress", ""), plan_start=self.plan_start, plan_end=self.plan_end)

    def _check_duplicate(self, row: SourceRow, action: ParsedAction, parent: ParsedAction | None) -> None:
        assert self.goal is not None
        key = (id(parent if parent is not None else self.goal), action.service_area, action.code)
        if key in self.seen_codes:
            where = f"under {self._label(parent)}" if parent is not None else f"in goal {self.goal.number}"
            where += f" in {action.service_area}" if action.service_area else ""
            self._warn(f"Action {action.code} appears more than once {where}: both were kept", row.ref, DUPLICATES)
        self.seen_codes.add(key)

    # -- rows without a code -------------------------------------------------------------------

    def _row_without_code(self, row: SourceRow, filled: list[tuple[int, str]]) -> None:
        if len(filled) == 1:
            index, text = filled[0]
            text = text.strip()
            if self.goal is not None and not self.goal.actions and not self.goal.outcome and self.open is None:
                self.goal.outcome = text
                return
            if index <= self.layout.title_window(len(row.cells)):
                lone = read_lone_row(text)
                default = SECTION if lone.kind in (SECTION, UNSURE) else ACTION
                chosen = self.readings.get(row_key(row.ref), default)
                if lone.kind != ACTION or chosen != default:
                    self.plan.lone_rows.append(
                        LoneRowReading(row.ref, text, chosen, unsure=lone.kind == UNSURE, why=lone.why)
                    )
                if chosen == SECTION:
                    self._start_section(row, text)
                    if self.open is not None:
                        self.open.continuable = False
                    return
                if default == SECTION:  # a person read it as an action: one at the level open here
                    self._uncoded_action(row, index, text)
                    return
        if self.open is not None and self.open.continuable and len(row.cells) > 1:
            self._continue(row, self.open)
            return
        if self.open is not None:
            self.open.continuable = False
        self._warn("Text outside any action was not imported", row.ref, NOT_IMPORTED)
        self._drop_row(row, "Text outside any action")

    def _uncoded_action(self, row: SourceRow, index: int, text: str) -> None:
        """A lone row a person chose to read as an action: the next one at the innermost level open."""
        if self.levels:  # a sibling of the latest lettered action
            parent = self.parents.get(id(self.levels[-1].action))
        else:
            parent = self.numbered[-1] if self.numbered else None
        if self.goal is None:
            self._goal_for_stray_number(row, "1")
        assert self.goal is not None
        siblings = parent.children if parent is not None else self.goal.actions
        code = str(len(siblings) + 1) if parent is not None else f"{self.goal.number}.{len(siblings) + 1}"
        action = self._new_action(row, index, index, code, text, parent, numbered=parent is None)
        if parent is None:
            self.numbered = [action]
            self.levels = []

    def _start_section(self, row: SourceRow, name: str) -> None:
        if self.section is not None and not self.section.used:
            # A section straight after another is a subsection ("Early Help and Prevention" then
            # "Youth Offending Team"): the first one groups it and needs no warning, but its name is not stored.
            self.section.used = True
            self.plan.drop(self.section.text, "A section heading grouping the sections below it", self.section.ref)
        self.section = Section(name=name.rstrip(":").strip(), ref=row.ref, text=name)
        self.sections.append(self.section)

    def _drop_row(self, row: SourceRow, why: str) -> None:
        for _, text in row.filled():
            self.plan.drop(text, why, row.ref)

    def _continue(self, row: SourceRow, open_action: OpenAction) -> None:
        action = open_action.action
        action.rows.append(row.ref)
        if row.ref in self.realigned:
            self._warn(
                f"The cells of this row, added to {self._label(action)}, do not line up with the header: "
                f"'{self.realigned[row.ref]}' was placed by what it says",
                row.ref,
                MOVED,
            )
        positions = self.layout.positions(len(row.cells))
        by_index = {i: name for name, i in positions.items()}
        title_column = max(open_action.title_cell, open_action.title_cell + len(row.cells) - open_action.cells)
        for index, text in row.filled():
            text = text.strip()
            name = by_index.get(index)
            if name == "progress":
                combined = "\n".join(filter(None, [action.progress_text, text]))
                read_progress_into(action, combined, plan_start=self.plan_start, plan_end=self.plan_end)
            elif name == "lead":
                action.lead_text = "\n".join(filter(None, [action.lead_text, text]))
            elif name == "timescale":
                action.timescale = "\n".join(filter(None, [action.timescale, text]))
            elif name is None and index <= title_column:
                self._continue_title(action, text)
            else:
                action.measurable = "\n".join(filter(None, [action.measurable, text]))

    def _continue_title(self, action: ParsedAction, text: str) -> None:
        unfinished = not action.detail and not action.title.rstrip().endswith((".", ":", "?", "!", ")"))
        if unfinished and text[:1].islower():
            title, detail = split_title(f"{action.title} {text}")
            action.title, action.detail = title, detail
        else:
            action.detail = "\n".join(filter(None, [action.detail, text]))

    # -- comments ------------------------------------------------------------------------------

    def _comment(self, row: SourceRow, text: str) -> None:
        assigned = _ASSIGNED_AT_END.search(text)
        comment = ParsedComment(
            text=text[: assigned.start()].strip() if assigned else text.strip(),
            assigned_to=assigned.group("name").strip() if assigned else None,
            ref=row.ref,
        )
        if self.open is None:
            self._warn("A comment with no action above it was not imported", row.ref, NOT_IMPORTED)
            self.plan.drop(text, "A comment with no action above it", row.ref)
            return
        self.open.action.comments.append(comment)
        self.open.comment = comment

    def _assigned(self, row: SourceRow, name: str) -> None:
        comment = self.open.comment if self.open is not None else None
        if comment is None or comment.assigned_to:
            self._warn(f"'Assigned to {name}' does not follow a comment and was not imported", row.ref, NOT_IMPORTED)
            self.plan.drop(f"Assigned to {name}", "'Assigned to' that does not follow a comment", row.ref)
            return
        comment.assigned_to = name.strip()

    def _label(self, action: ParsedAction) -> str:
        return self.labels.get(id(action), action.code)

    def _warn(self, message: str, ref: RowRef, kind: str) -> None:
        self.plan.warn(message, ref, kind)
