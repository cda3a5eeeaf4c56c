"""Parse any plan laid out as a table with a header row, through a mapping of fields to header texts.

- **Mapping**: field -> header text; a header cell matches case- and whitespace-insensitively, exactly,
  else as the one cell that starts with or contains the text. Without a mapping, DEFAULT_HEADERS is
  used (common council headers and this product's own export headers).
- **Header row**: in each table, the first row where at least two mapped headers are found, one of
  them the title. Rows above it are ignored; the header repeated further down is skipped. A table
  with no such row gets a Problem listing the headers it did have (an error if no table had one).
- **Rows**: a row whose only text is in its first cell is a service-area section row (unless it
  reads like an action: long, or a sentence, while the title is in that first column); the rows
  after it get that service area. A row with no title continues the action above (Excel or Word
  split it): its cells are added to that action's fields.
- **Goals**: from the goal column ("1. Inclusive Recruitment" -> number "1"; without a number, the
  next free number; an empty goal cell keeps the goal above); else from the table's Word heading,
  which also becomes the rows' theme unless a theme column is mapped; else, in a file of several
  tables, from the table's name (a sheet's name); else one goal, "Actions". Goals with the same
  title merge.
- **References**: with a reference column, the action's reference is the cell, its code the last
  "."-separated segment (a " (n)" disambiguator dropped from the code only), its parent the action
  whose reference is the text before the last "." anywhere in the plan. An action with no parent
  and an all-number reference ("1.1") keeps the whole reference as its code, as numbered headline
  actions do. Without a reference, the n-th action of a goal gets code "n" and reference
  "<goal number>.n".
- **Status**: the status column, read against the Status labels and values and a few synonyms
  ("Completed", "Underway"); an unknown status is a warning and None; an empty status cell (or no
  status column) takes the status stated in the progress text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plans.choices import Status
from plans.importing.numbered import looks_like_section, split_title
from plans.importing.progress import read_progress_into
from plans.importing.structure import (
    ParsedAction,
    ParsedGoal,
    ParsedPlan,
    Problem,
    RowRef,
    SourceRow,
    SourceTable,
    assign_references,
)

WARNING = "warning"
FIELDS = (
    "title",
    "lead",
    "timescale",
    "progress",
    "measurable",
    "detail",
    "status",
    "service",
    "theme",
    "goal",
    "reference",
    "immediate_need",
)

DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "ref.", "ref no", "reference number", "action reference", "no.", "no", "#"),
    "goal": ("goal", "goals", "priority", "objective", "goal / priority"),
    "title": (
        "title",
        "action",
        "actions",
        "activity",
        "activities",
        "headline actions",
        "headline action",
        "action title",
        "what we will do",
    ),
    "measurable": (
        "measurable",
        "measurables",
        "success measure",
        "success measures",
        "measure",
        "measures",
        "measure of success",
        "how will we measure success?",
        "kpi",
    ),
    "timescale": (
        "timescale",
        "timescales",
        "target date",
        "due",
        "due date",
        "deadline",
        "by when",
        "timeframe",
        "completion date",
    ),
    "lead": ("lead", "leads", "lead(s)", "lead officer", "lead officers", "owner", "action owner", "responsible"),
    "progress": (
        "progress",
        "progress report",
        "progress update",
        "what has been achieved so far?",
        "what has been achieved so far",
        "latest update",
        "update",
        "updates",
    ),
    "status": ("status", "current status", "action status"),
    "service": ("service area", "service", "services", "team", "service / team"),
    "theme": ("theme", "themes"),
    "detail": ("detail", "details", "description"),
    "immediate_need": ("immediate need", "urgent", "immediate"),
}

YES = {"yes", "y", "true", "1", "x", "✓", "urgent", "immediate need"}
# Our own exports put a ' before text starting with a formula character (docs/exports.md): take it off.
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")

STATUS_WORDS: dict[str, str] = {
    **{s.value.replace("_", " "): s.value for s in Status},
    **{s.label.lower(): s.value for s in Status},
    "completed": Status.COMPLETE.value,
    "underway": Status.IN_PROGRESS.value,
    "under way": Status.IN_PROGRESS.value,
    "ongoing": Status.ONGOING.value,
    "embedded": Status.ONGOING.value,
    "ongoing/embedded": Status.ONGOING.value,
    "not yet started": Status.NOT_STARTED.value,
}

_GOAL_NUMBER = re.compile(
    r"^(?:goal|priority|objective)?\s*(?P<number>\d{1,2}(?:\.\d{1,2})*)\s*[.:)\-–]?\s+(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DISAMBIGUATOR = re.compile(r"\s*\(\d+\)$")
_SHEET_NAME = re.compile(r"^Sheet '(?P<name>.*)'(?: \(hidden\))?$")
_NUMBERS = re.compile(r"^\d+(?:\.\d+)*$")


@dataclass
class _Header:
    row_index: int
    columns: dict[str, int]  # field -> cell index


@dataclass
class _Pending:
    """An action read from a row, before parents are linked by reference."""

    action: ParsedAction
    goal: ParsedGoal
    parent_reference: str | None = None
    from_column: bool = False  # the reference came from the file, not from the action's position


@dataclass
class _State:
    plan: ParsedPlan = field(default_factory=ParsedPlan)
    pending: list[_Pending] = field(default_factory=list)
    by_reference: dict[str, ParsedAction] = field(default_factory=dict)


def parse_columns(
    tables: list[SourceTable],
    *,
    mapping: dict[str, str] | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
) -> ParsedPlan:
    """The goals, actions and problems of a plan whose tables have a header row, read through the mapping."""
    if mapping is not None:
        unknown = sorted(set(mapping) - set(FIELDS))
        if unknown:
            raise ValueError(f"Unknown fields in the column mapping: {', '.join(unknown)}")
    state = _State()
    plan = state.plan
    if mapping is not None and not (mapping.get("title") or "").strip():
        ref = _first_ref(tables)
        plan.problems.append(Problem("The column mapping must say which column holds the action's title.", ref))
        return plan

    headers = [(table, _find_header(table, mapping)) for table in tables]
    found_any = any(header is not None for _, header in headers)
    several = sum(1 for _, header in headers if header is not None) > 1
    unmatched: list[Problem] = []
    for table, header in headers:
        if header is not None:
            _read_table(state, table, header, several=several, plan_start=plan_start, plan_end=plan_end)
        elif table.rows:
            found = ", ".join(f"'{h}'" for h in _candidate_headers(table)) or "none"
            unmatched.append(
                Problem(
                    f"{table.name} has no header row matching the column mapping (headers found: {found})",
                    table.rows[0].ref,
                )
            )

    for problem in unmatched:
        problem.severity = WARNING if found_any else "error"
    plan.problems.extend(unmatched)
    if not tables or not any(t.rows for t in tables):
        plan.problems.append(Problem("The file has no rows to import.", _first_ref(tables)))
    _link_parents(state)
    assign_references(plan)
    return plan


def detect_headers(tables: list[SourceTable]) -> list[str]:
    """Header cells a person can map fields to: each table's header row, as the default mapping finds it or guessed."""
    headers: list[str] = []
    for table in tables:
        for text in _candidate_headers(table):
            if text not in headers:
                headers.append(text)
    return headers


def read_status(text: str) -> str | None:
    """A Status value for a status cell's text ("Complete", "in progress", "Ongoing / embedded"), else None."""
    key = " ".join((text or "").lower().replace("-", " ").replace("_", " ").split()).strip(" .")
    key = key.replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
    return STATUS_WORDS.get(key) or STATUS_WORDS.get(key.replace("/", " / "))


# -- header rows -----------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join((text or "").lower().split())


def _match_columns(row: SourceRow, mapping: dict[str, str] | None) -> dict[str, int]:
    """Field -> cell index of the header cells in this row that the mapping (or the defaults) names."""
    cells = {i: _normal(c) for i, c in row.filled()}
    taken: set[int] = set()
    columns: dict[str, int] = {}
    if mapping is None:
        wanted = {name: [_normal(h) for h in headers] for name, headers in DEFAULT_HEADERS.items()}
        # Exact matches first, so "Action owner" is the lead and not a prefix match for "action".
        for name, headers in wanted.items():
            for i, text in cells.items():
                if i not in taken and name not in columns and text.rstrip(":") in headers:
                    columns[name] = i
                    taken.add(i)
        for name, headers in wanted.items():
            if name in columns:
                continue
            for i, text in cells.items():
                if i not in taken and len(text) <= 60 and any(text.startswith(h + " ") for h in headers if len(h) > 3):
                    columns[name] = i
                    taken.add(i)
                    break
        return columns
    for name, header in mapping.items():
        header = _normal(header)
        if not header:
            continue
        exact = [i for i, text in cells.items() if text == header and i not in taken]
        if exact:
            columns[name] = exact[0]
            taken.add(exact[0])
    for name, header in mapping.items():
        header = _normal(header)
        if not header or name in columns:
            continue
        partial = [i for i, text in cells.items() if i not in taken and len(text) <= 60 and header in text]
        if len(partial) == 1:
            columns[name] = partial[0]
            taken.add(partial[0])
    return columns


def _find_header(table: SourceTable, mapping: dict[str, str] | None) -> _Header | None:
    for index, row in enumerate(table.rows):
        columns = _match_columns(row, mapping)
        if len(columns) >= 2 and "title" in columns:
            return _Header(row_index=index, columns=columns)
    return None


def _candidate_headers(table: SourceTable) -> list[str]:
    """The table's header row as written: the row the default mapping finds, else the first row of short labels."""
    header = _find_header(table, None)
    if header is not None:
        return [c.strip() for _, c in table.rows[header.row_index].filled()]
    for row in table.rows[:20]:
        filled = row.filled()
        if len(filled) >= 2 and all(len(c.strip()) <= 60 and "\n" not in c.strip() for _, c in filled):
            return [c.strip() for _, c in filled]
    return []


# -- rows ------------------------------------------------------------------------------------------


def _read_table(
    state: _State,
    table: SourceTable,
    header: _Header,
    *,
    several: bool,
    plan_start: date | None,
    plan_end: date | None,
) -> None:
    columns = header.columns
    header_cells = {i: _normal(table.rows[header.row_index].cells[i]) for i in columns.values()}
    from_heading = "goal" not in columns and bool(table.heading)
    theme_from_heading = table.heading if from_heading and "theme" not in columns else None
    goal: ParsedGoal | None = None
    if "goal" not in columns:
        goal = _goal(state, _fallback_goal_title(table, several=several), None, ref=_table_ref(table, header))
    section: str | None = None
    previous: ParsedAction | None = None

    for row in table.rows[header.row_index + 1 :]:
        filled = row.filled()
        if not filled:
            continue
        if _is_repeated_header(row, header_cells):
            continue
        cell = {name: _unguarded(row.cells[i]) if i < len(row.cells) else "" for name, i in columns.items()}
        if len(filled) == 1 and filled[0][0] == 0 and _is_section_row(filled[0][1], columns):
            section = filled[0][1].strip().rstrip(":").strip()
            previous = None
            continue
        if "goal" in columns and cell["goal"]:
            number, title = _goal_number(cell["goal"])
            new_goal = _goal(state, title, number, ref=row.ref)
            outcome = "\n".join(line.strip() for line in cell["goal"].split("\n")[1:] if line.strip())
            outcome = re.sub(r"^outcome\s*:\s*", "", outcome, flags=re.IGNORECASE)
            if outcome and not new_goal.outcome:
                new_goal.outcome = outcome
            if new_goal is not goal:
                goal, previous = new_goal, None
        if not cell.get("title"):
            if previous is not None:
                _continue(previous, cell, plan_start=plan_start, plan_end=plan_end)
            elif any(text for name, text in cell.items() if name != "goal"):
                state.plan.problems.append(Problem("Row has no action title and was not imported", row.ref, WARNING))
            continue
        if goal is None:
            goal = _goal(state, _fallback_goal_title(table, several=several), None, ref=row.ref)
        action = _action(state, row, cell, goal, plan_start=plan_start, plan_end=plan_end)
        action.service_area = cell.get("service") or section
        action.theme = cell.get("theme") or theme_from_heading
        previous = action


def _unguarded(text: str) -> str:
    return _FORMULA_GUARD.sub("", text.strip())


def _is_repeated_header(row: SourceRow, header_cells: dict[int, str]) -> bool:
    same = sum(1 for i, text in header_cells.items() if i < len(row.cells) and _normal(row.cells[i]) == text)
    return same >= 2


def _is_section_row(text: str, columns: dict[str, int]) -> bool:
    """Text alone in the first cell names a service area, unless that cell is the goal or reference column."""
    if columns.get("goal") == 0 or columns.get("reference") == 0:
        return False
    if columns.get("title") != 0:
        return True
    return looks_like_section(text)


def _action(
    state: _State,
    row: SourceRow,
    cell: dict[str, str],
    goal: ParsedGoal,
    *,
    plan_start: date | None,
    plan_end: date | None,
) -> ParsedAction:
    title, detail = split_title(cell["title"])
    action = ParsedAction(
        code="",
        title=title,
        detail="\n".join(filter(None, [detail, cell.get("detail", "")])),
        ref=row.ref,
        measurable=cell.get("measurable", ""),
        timescale=cell.get("timescale", ""),
        lead_text=cell.get("lead", ""),
        immediate_need=_normal(cell.get("immediate_need", "")) in YES or row.bold,
    )
    read_progress_into(action, cell.get("progress", ""), plan_start=plan_start, plan_end=plan_end)
    if cell.get("status"):
        status = read_status(cell["status"])
        if status is None:
            state.plan.problems.append(
                Problem(
                    f"Status '{cell['status']}' is not one we know: the action was imported without a status",
                    row.ref,
                    WARNING,
                )
            )
        action.status = status

    pending = _Pending(action=action, goal=goal)
    reference = cell.get("reference", "")
    if reference:
        if reference in state.by_reference:
            state.plan.problems.append(
                Problem(
                    f"Reference {reference} is used by more than one action: this one was given a new reference",
                    row.ref,
                    WARNING,
                )
            )
        else:
            action.reference = reference
            state.by_reference[reference] = action
        head, _, last = reference.rpartition(".")
        action.code = _DISAMBIGUATOR.sub("", last).strip() or reference
        pending.parent_reference = head.strip() or None
        pending.from_column = True
    else:
        position = sum(1 for p in state.pending if p.goal is goal and p.parent_reference is None) + 1
        action.code = str(position)
        candidate = f"{goal.number}.{position}"
        if candidate not in state.by_reference:
            action.reference = candidate
            state.by_reference[candidate] = action
    state.pending.append(pending)
    return action


def _continue(action: ParsedAction, cell: dict[str, str], *, plan_start: date | None, plan_end: date | None) -> None:
    """Add a title-less row's cells to the action above it (a row split across pages or merged cells)."""

    def joined(old: str, new: str) -> str:
        return "\n".join(filter(None, [old, new]))

    action.detail = joined(action.detail, cell.get("detail", ""))
    action.measurable = joined(action.measurable, cell.get("measurable", ""))
    action.timescale = joined(action.timescale, cell.get("timescale", ""))
    action.lead_text = joined(action.lead_text, cell.get("lead", ""))
    if cell.get("progress"):
        status = action.status
        read_progress_into(
            action, joined(action.progress_text, cell["progress"]), plan_start=plan_start, plan_end=plan_end
        )
        action.status = status or action.status


def _link_parents(state: _State) -> None:
    """Put each action under the action its reference names as parent, else at the top of its goal."""
    for pending in state.pending:
        action = pending.action
        parent = state.by_reference.get(pending.parent_reference) if pending.parent_reference else None
        if parent is not None and parent is not action:
            parent.children.append(action)
            continue
        full = _DISAMBIGUATOR.sub("", action.reference)
        if pending.from_column and "." in full and _NUMBERS.match(full):
            action.code = full  # a top-level "1.1" is a headline action: its code carries the goal
        pending.goal.actions.append(action)


# -- goals -----------------------------------------------------------------------------------------


def _goal_number(text: str) -> tuple[str | None, str]:
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    first = lines[0] if lines else ""
    if match := _GOAL_NUMBER.match(first):
        return match.group("number"), match.group("title").strip()
    return None, first


def _goal(state: _State, title: str, number: str | None, *, ref: RowRef) -> ParsedGoal:
    """The goal with this title (or number), made if it is new; the number is the next free one if not given."""
    key = _normal(title)
    for goal in state.plan.goals:
        if (number is not None and goal.number == number) or (
            _normal(goal.title) == key and number in (None, goal.number)
        ):
            return goal
    if number is None:
        used = {g.number for g in state.plan.goals}
        n = 1
        while str(n) in used:
            n += 1
        number = str(n)
    goal = ParsedGoal(number=number, title=title, ref=ref)
    state.plan.goals.append(goal)
    return goal


def _fallback_goal_title(table: SourceTable, *, several: bool) -> str:
    if table.heading:
        return table.heading.strip()
    if several:
        match = _SHEET_NAME.match(table.name)
        return match.group("name") if match else table.name
    return "Actions"


def _table_ref(table: SourceTable, header: _Header) -> RowRef:
    return table.rows[header.row_index].ref


def _first_ref(tables: list[SourceTable]) -> RowRef:
    for table in tables:
        if table.rows:
            return table.rows[0].ref
    return RowRef(tables[0].name if tables else "Uploaded file", 1)
