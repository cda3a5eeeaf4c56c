"""Parse any plan laid out as a table with a header row, through a mapping of fields to header texts.

- **Mapping**: field -> header text. A header the person chose matches a cell case- and whitespace-
  insensitively, exactly, else as the one cell containing it; "" says the field is not in the file. A field
  the person did not choose is guessed from DEFAULT_HEADERS (common council headers and this product's own
  export headers) and marked as a guess, so the preview shows the mapping actually used (`plan.mapping`,
  `plan.guessed`) and every dropdown offers the file's own headers (`plan.headers`).
- **Header row**: in each table, the first row where at least two mapped headers are found, one of them the
  title. Rows above it are listed as not imported; the header repeated further down is skipped. A header
  split over two rows (a merged group cell, "Delivery", over "Lead" and "Due date") is read as one.
  A table with no such row gets a Problem listing the headers it did have (an error if no table had one).
- **Rows**: a row whose only text is in its first cell is read by heuristics.read_lone_row: a section
  (service area) for the rows after it when it reads like a name, an action when it reads like one, and
  shown with both readings when it could be either (`readings` holds a person's choice). A row with no
  title continues the action above (Excel or Word split it): its cells are added to that action's fields.
- **Nothing lost**: a cell in a column mapped to no field, a RAG colour (the product works RAG out
  itself), or a second value where a field holds one, is listed in `plan.dropped` with its text.
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
- **Status**: the status column, read with heuristics.read_status; an unknown status is a warning; an
  empty status cell (or no status column) takes the status the progress or timescale states
  (progress.settle_status). A "Last updated" column gives the date of the latest update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plans.importing.heuristics import (
    ACTION,
    SECTION,
    UNSURE,
    read_day,
    read_lone_row,
    read_status,
    split_title,
)
from plans.importing.progress import read_progress_into
from plans.importing.structure import (
    DUPLICATES,
    NOT_IMPORTED,
    STATUSES,
    STRUCTURE,
    LoneRowReading,
    ParsedAction,
    ParsedGoal,
    ParsedPlan,
    Problem,
    RowRef,
    SourceRow,
    SourceTable,
    assign_references,
    row_key,
)
from plans.timescales import parse_timescale

__all__ = ["FIELDS", "DEFAULT_HEADERS", "detect_headers", "parse_columns", "read_status"]

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
    "pillar",
    "goal",
    "reference",
    "immediate_need",
    "last_updated",
    "rag",
)
FIELD_LABELS = {
    "title": "Action (title)",
    "lead": "Lead",
    "timescale": "Timescale or due date",
    "progress": "Progress",
    "measurable": "Measure of success",
    "detail": "Detail",
    "status": "Status",
    "service": "Service area",
    "theme": "Theme",
    "pillar": "Corporate pillar",
    "goal": "Goal",
    "reference": "Reference",
    "immediate_need": "Immediate need",
    "last_updated": "Last updated",
    "rag": "RAG colour (not imported)",
}

DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "ref.", "ref no", "reference number", "action reference", "no.", "no", "#"),
    "goal": ("goal", "goals", "priority", "objective", "goal / priority", "priority area", "outcome area"),
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
        "what will we do",
        "action description",
        "description of action",
        "key actions",
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
        "outcome measure",
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
        "target completion date",
        "when",
    ),
    "lead": (
        "lead",
        "leads",
        "lead(s)",
        "lead officer",
        "lead officers",
        "owner",
        "action owner",
        "responsible",
        "responsible officer",
        "who",
    ),
    "progress": (
        "progress",
        "progress report",
        "progress update",
        "what has been achieved so far?",
        "what has been achieved so far",
        "latest update",
        "update",
        "updates",
        "comments / progress",
        "progress / comments",
        "commentary",
    ),
    "status": ("status", "current status", "action status", "progress status"),
    "service": ("service area", "service", "services", "team", "service / team", "directorate", "division"),
    "theme": ("theme", "themes"),
    "pillar": ("pillar", "pillars", "corporate pillar", "corporate pillars"),
    "detail": ("detail", "details", "description", "notes"),
    "immediate_need": ("immediate need", "urgent", "immediate"),
    "last_updated": ("last updated", "last update", "date updated", "updated", "date of last update", "updated on"),
    "rag": ("rag", "rag status", "rag rating", "rag colour", "rag color", "status (rag)", "colour", "color"),
}

YES = {"yes", "y", "true", "1", "x", "✓", "urgent", "immediate need"}
# Our own exports put a ' before text starting with a formula character (docs/exports.md): take it off.
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")

_GOAL_NUMBER = re.compile(
    r"^(?:goal|priority|objective)?\s*(?P<number>\d{1,2}(?:\.\d{1,2})*)\s*[.:)\-–]?\s+(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DISAMBIGUATOR = re.compile(r"\s*\(\d+\)$")
_SHEET_NAME = re.compile(r"^Sheet '(?P<name>.*)'(?: \(hidden\))?$")
_NUMBERS = re.compile(r"^\d+(?:\.\d+)*$")
# Fields a continuation row's cell adds to (as a new line); any other field holds one value.
_JOINED = ("detail", "measurable", "timescale", "lead", "progress")


@dataclass
class _Header:
    row_index: int  # the (last) header row
    columns: dict[str, int]  # field -> cell index
    cells: dict[int, str]  # cell index -> header text as written
    guessed: set[str]
    first_index: int = -1  # the first header row, when the header takes two rows


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
    readings: dict[str, str] = field(default_factory=dict)


def parse_columns(
    tables: list[SourceTable],
    *,
    mapping: dict[str, str] | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
    readings: dict[str, str] | None = None,
) -> ParsedPlan:
    """The goals, actions and problems of a plan whose tables have a header row, read through the mapping.

    `mapping` holds the person's choices (field -> header, "" for "not in this file"); other fields are guessed.
    """
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ValueError(f"Unknown fields in the column mapping: {', '.join(unknown)}")
    state = _State(readings=readings or {})
    plan = state.plan
    plan.layout = "columns"
    if "title" in mapping and not (mapping.get("title") or "").strip():
        ref = _first_ref(tables)
        plan.problems.append(
            Problem("The column mapping must say which column holds the action's title.", ref, kind=STRUCTURE)
        )
        plan.headers = detect_headers(tables)
        return plan

    headers = [(table, _find_header(table, mapping)) for table in tables]
    found_any = any(header is not None for _, header in headers)
    several = sum(1 for _, header in headers if header is not None) > 1
    unmatched: list[Problem] = []
    for table, header in headers:
        if header is not None:
            _record_mapping(plan, header)
            _read_table(state, table, header, several=several, plan_start=plan_start, plan_end=plan_end)
        elif table.rows:
            found = ", ".join(f"'{h}'" for h in _candidate_headers(table)) or "none"
            unmatched.append(
                Problem(
                    f"{table.name} has no header row matching the column mapping (headers found: {found})",
                    table.rows[0].ref,
                    kind=STRUCTURE,
                )
            )
            for row in table.rows:
                for _, text in row.filled():
                    plan.drop(text, f"{table.name} has no header row the mapping matches", row.ref)

    for problem in unmatched:
        problem.severity = WARNING if found_any else "error"
    plan.problems.extend(unmatched)
    if not tables or not any(t.rows for t in tables):
        plan.problems.append(Problem("The file has no rows to import.", _first_ref(tables)))
    plan.headers = detect_headers(tables, mapping)
    _link_parents(state)
    assign_references(plan)
    return plan


def detect_headers(tables: list[SourceTable], mapping: dict[str, str] | None = None) -> list[str]:
    """Header cells a person can map fields to: each table's header row as the mapping finds it, or guessed."""
    headers: list[str] = []
    for table in tables:
        header = _find_header(table, mapping or {})
        texts = list(header.cells.values()) if header is not None else _candidate_headers(table)
        for text in texts:
            if text not in headers:
                headers.append(text)
    return headers


# -- header rows -----------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join((text or "").lower().split())


def _match_columns(cells: dict[int, str], mapping: dict[str, str]) -> tuple[dict[str, int], set[str]]:
    """Field -> cell index of the header cells the mapping names, then guesses for the fields it leaves out."""
    normal = {i: _normal(c) for i, c in cells.items()}
    taken: set[int] = set()
    columns: dict[str, int] = {}
    chosen = {name: _normal(header) for name, header in mapping.items() if (header or "").strip()}
    for name, header in chosen.items():
        exact = [i for i, text in normal.items() if text == header and i not in taken]
        if exact:
            columns[name] = exact[0]
            taken.add(exact[0])
    for name, header in chosen.items():
        if name in columns:
            continue
        partial = [i for i, text in normal.items() if i not in taken and len(text) <= 60 and header in text]
        if len(partial) == 1:
            columns[name] = partial[0]
            taken.add(partial[0])
    guessed: set[str] = set()
    wanted = {name: [_normal(h) for h in headers] for name, headers in DEFAULT_HEADERS.items() if name not in mapping}
    # Exact matches first, so "Action owner" is the lead and not a prefix match for "action".
    for name, headers in wanted.items():
        for i, text in normal.items():
            if i not in taken and name not in columns and text.rstrip(":") in headers:
                columns[name] = i
                taken.add(i)
                guessed.add(name)
    for name, headers in wanted.items():
        if name in columns:
            continue
        for i, text in normal.items():
            if i not in taken and len(text) <= 60 and any(text.startswith(h + " ") for h in headers if len(h) > 3):
                columns[name] = i
                taken.add(i)
                guessed.add(name)
                break
    return columns, guessed


def _find_header(table: SourceTable, mapping: dict[str, str] | None) -> _Header | None:
    mapping = mapping or {}
    for index, row in enumerate(table.rows):
        cells = {i: c.strip() for i, c in row.filled()}
        if any(len(c) > 80 or "\n" in c for c in cells.values()):
            continue
        columns, guessed = _match_columns(cells, mapping)
        if len(columns) >= 2 and "title" in columns:
            header = _Header(row_index=index, columns=columns, cells=cells, guessed=guessed, first_index=index)
            return _with_second_header_row(table, header, mapping)
    return None


def _with_second_header_row(table: SourceTable, header: _Header, mapping: dict[str, str]) -> _Header:
    """A header over two rows (group cells merged across columns above their own headers) read as one row."""
    if header.row_index + 1 >= len(table.rows):
        return header
    below = {i: c.strip() for i, c in table.rows[header.row_index + 1].filled()}
    if len(below) < 2 or header.columns["title"] in below or any(len(c) > 60 for c in below.values()):
        return header
    combined = {**header.cells, **below}
    columns, guessed = _match_columns(combined, mapping)
    found_below = [i for i in below if i in columns.values()]
    if "title" in columns and len(found_below) >= 2 and len(columns) > len(header.columns):
        return _Header(
            row_index=header.row_index + 1,
            columns=columns,
            cells=combined,
            guessed=guessed,
            first_index=header.row_index,
        )
    return header


def _candidate_headers(table: SourceTable) -> list[str]:
    """The table's header row as written: the row the default mapping finds, else the first row of short labels."""
    header = _find_header(table, None)
    if header is not None:
        return list(header.cells.values())
    for row in table.rows[:20]:
        filled = row.filled()
        if len(filled) >= 2 and all(len(c.strip()) <= 60 and "\n" not in c.strip() for _, c in filled):
            return [c.strip() for _, c in filled]
    return []


def _record_mapping(plan: ParsedPlan, header: _Header) -> None:
    for name, index in header.columns.items():
        plan.mapping.setdefault(name, header.cells[index])
        if name in header.guessed and name not in plan.guessed:
            plan.guessed.append(name)


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
    plan = state.plan
    columns = header.columns
    by_index = {i: name for name, i in columns.items()}
    header_cells = {i: _normal(text) for i, text in header.cells.items()}
    for row in table.rows[: header.first_index]:
        for _, text in row.filled():
            plan.drop(text, "Above the table's header row", row.ref)
    if header.first_index < header.row_index:  # a two-row header: what the lower row's headers covered
        top = table.rows[header.first_index]
        for index, text in top.filled():
            if header.cells.get(index, "").strip() != text.strip():
                plan.drop(text, "A heading over the columns below it", top.ref)
    from_heading = "goal" not in columns and bool(table.heading)
    theme_from_heading = table.heading if from_heading and "theme" not in columns else None
    goal: ParsedGoal | None = None
    if "goal" not in columns:
        goal = _goal(state, _fallback_goal_title(table, several=several), None, ref=table.rows[header.row_index].ref)
    section: str | None = None
    section_row = None
    section_used = False
    previous: ParsedAction | None = None

    for row in table.rows[header.row_index + 1 :]:
        filled = row.filled()
        if not filled:
            continue
        if _is_repeated_header(row, header_cells):
            continue
        cell = {name: _unguarded(row.cells[i]) if i < len(row.cells) else "" for name, i in columns.items()}
        for index, text in filled:
            if index not in by_index:
                heading = header.cells.get(index, "")
                why = f"Column '{heading}' is not mapped to a field" if heading else "A column with no header"
                plan.drop(text, why, row.ref)
        if cell.get("rag"):
            plan.drop(cell["rag"], "RAG colour: the product works the colour out from dates and updates", row.ref)
        if len(filled) == 1 and filled[0][0] == 0 and _can_be_section(columns):
            reading = _lone_row(state, row, filled[0][1], columns)
            if reading == SECTION:
                if section_row is not None and not section_used:  # a section grouping the next one
                    plan.drop(section_row[1], "A section heading grouping the sections below it", section_row[0])
                section, section_row, section_used = _section_name(filled[0][1]), (row.ref, filled[0][1]), False
                previous = None
                continue
        if "goal" in columns and cell["goal"]:
            number, title = _goal_number(cell["goal"])
            new_goal = _goal(state, title, number, ref=row.ref)
            outcome = "\n".join(line.strip() for line in cell["goal"].split("\n")[1:] if line.strip())
            outcome = re.sub(r"^outcome\s*:\s*", "", outcome, flags=re.IGNORECASE)
            if outcome and not new_goal.outcome:
                new_goal.outcome = outcome
            elif outcome and outcome not in new_goal.outcome:
                plan.drop(outcome, f"A second outcome for goal {new_goal.number}", row.ref)
            if new_goal is not goal:
                goal, previous = new_goal, None
        if not cell.get("title"):
            if previous is not None:
                _continue(plan, previous, row, cell, plan_start=plan_start, plan_end=plan_end)
            elif any(text for name, text in cell.items() if name not in ("goal", "rag")):
                plan.warn("Row has no action title and was not imported", row.ref, NOT_IMPORTED)
                for name, text in cell.items():
                    if name not in ("goal", "rag"):
                        plan.drop(text, "A row with no action title", row.ref)
            continue
        if goal is None:
            goal = _goal(state, _fallback_goal_title(table, several=several), None, ref=row.ref)
        action = _action(state, row, cell, goal, plan_start=plan_start, plan_end=plan_end)
        action.service_area = cell.get("service") or section
        section_used = section_used or (section is not None and not cell.get("service"))
        action.theme = cell.get("theme") or theme_from_heading
        action.pillar = cell.get("pillar") or None
        previous = action
    if section_row is not None and not section_used:
        plan.drop(section_row[1], "A section heading with no actions under it", section_row[0])


def _unguarded(text: str) -> str:
    return _FORMULA_GUARD.sub("", text.strip())


def _is_repeated_header(row: SourceRow, header_cells: dict[int, str]) -> bool:
    same = sum(1 for i, text in header_cells.items() if i < len(row.cells) and _normal(row.cells[i]) == text)
    return same >= 2


def _can_be_section(columns: dict[str, int]) -> bool:
    """Text alone in the first cell can name a service area, unless that cell is the goal or reference column."""
    return columns.get("goal") != 0 and columns.get("reference") != 0


def _lone_row(state: _State, row: SourceRow, text: str, columns: dict[str, int]) -> str:
    """How a row with text only in its first cell is read: "section" or "action" (a person's choice wins)."""
    lone = read_lone_row(text)
    if columns.get("title") != 0:
        return state.readings.get(row_key(row.ref), SECTION)  # the first column is not the title: a heading
    default = SECTION if lone.kind in (SECTION, UNSURE) else ACTION
    chosen = state.readings.get(row_key(row.ref), default)
    if lone.kind != ACTION or chosen != default:
        state.plan.lone_rows.append(LoneRowReading(row.ref, text.strip(), chosen, lone.kind == UNSURE, lone.why))
    return chosen


def _section_name(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _action(
    state: _State,
    row: SourceRow,
    cell: dict[str, str],
    goal: ParsedGoal,
    *,
    plan_start: date | None,
    plan_end: date | None,
) -> ParsedAction:
    plan = state.plan
    title, detail = split_title(cell["title"])
    action = ParsedAction(
        code="",
        title=title,
        detail="\n".join(filter(None, [detail, cell.get("detail", "")])),
        ref=row.ref,
        rows=[row.ref],
        measurable=cell.get("measurable", ""),
        timescale=cell.get("timescale", ""),
        lead_text=cell.get("lead", ""),
        immediate_need=_normal(cell.get("immediate_need", "")) in YES or row.bold,
    )
    if cell.get("immediate_need") and _normal(cell["immediate_need"]) not in YES | {"no", "n", "false", "0"}:
        plan.drop(cell["immediate_need"], "Immediate need: only yes or no is read", row.ref)
    read_progress_into(action, cell.get("progress", ""), plan_start=plan_start, plan_end=plan_end)
    if cell.get("status"):
        _read_status_cell(plan, action, cell["status"], row.ref)
    if cell.get("last_updated"):
        _read_last_updated(plan, action, cell["last_updated"], row.ref)

    pending = _Pending(action=action, goal=goal)
    reference = cell.get("reference", "")
    if reference:
        if reference in state.by_reference:
            plan.warn(
                f"Reference {reference} is used by more than one action: this one was given a new reference",
                row.ref,
                DUPLICATES,
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


def _read_status_cell(plan: ParsedPlan, action: ParsedAction, text: str, ref: RowRef) -> None:
    status = read_status(text)
    if status is None:
        plan.warn(
            f"Status '{text}' is not one we know: the status was taken from the progress or timescale, if they say",
            ref,
            STATUSES,
        )
        plan.drop(text, "A status we do not know", ref)
        return
    action.status, action.status_from = status, "status column"


def _read_last_updated(plan: ParsedPlan, action: ParsedAction, text: str, ref: RowRef) -> None:
    day = read_day(text)
    if day is None:
        read = parse_timescale(text)
        day = read.start if not read.needs_review and read.start and read.due else None
    if day is None:
        plan.warn(f"'Last updated' '{text}' is not a date: it was not imported", ref, NOT_IMPORTED)
        plan.drop(text, "'Last updated' that is not a date", ref)
        return
    if action.last_updated is None or day > action.last_updated:
        action.last_updated = day


def _continue(
    plan: ParsedPlan,
    action: ParsedAction,
    row: SourceRow,
    cell: dict[str, str],
    *,
    plan_start: date | None,
    plan_end: date | None,
) -> None:
    """Add a title-less row's cells to the action above it (a row split across pages or merged cells)."""

    def joined(old: str, new: str) -> str:
        return "\n".join(filter(None, [old, new]))

    action.rows.append(row.ref)
    action.detail = joined(action.detail, cell.get("detail", ""))
    action.measurable = joined(action.measurable, cell.get("measurable", ""))
    action.timescale = joined(action.timescale, cell.get("timescale", ""))
    action.lead_text = joined(action.lead_text, cell.get("lead", ""))
    if cell.get("progress"):
        read_progress_into(
            action, joined(action.progress_text, cell["progress"]), plan_start=plan_start, plan_end=plan_end
        )
    if cell.get("status") and action.status_from != "status column":
        _read_status_cell(plan, action, cell["status"], row.ref)
    elif cell.get("status"):
        plan.drop(cell["status"], "A second status for the action above", row.ref)
    if cell.get("last_updated"):
        _read_last_updated(plan, action, cell["last_updated"], row.ref)
    for name, current in (("service", action.service_area), ("theme", action.theme), ("pillar", action.pillar)):
        text = cell.get(name, "")
        if text and not current:
            setattr(action, "service_area" if name == "service" else name, text)
        elif text and text != current:
            plan.drop(text, f"A second {FIELD_LABELS[name].lower()} for the action above", row.ref)
    for name in ("reference", "immediate_need"):
        if cell.get(name):
            plan.drop(cell[name], f"A {FIELD_LABELS[name].lower()} on a row with no action title", row.ref)


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


def _first_ref(tables: list[SourceTable]) -> RowRef:
    for table in tables:
        if table.rows:
            return table.rows[0].ref
    return RowRef(tables[0].name if tables else "Uploaded file", 1)
