"""The neutral shapes layouts parse into: no database, no Django models. Tables come from shared.tabular.

A parsed plan (and the tables it was read from) round-trips through JSON (`plan_to_json`, `plan_from_json`,
`tables_to_json`, `tables_from_json`), so an upload is read once and its result kept for preview and confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shared.tabular import RowRef, SourceRow, SourceTable, UnreadableFile  # noqa: F401

# Kinds of problem, so the preview can group warnings ("12 cells moved", "3 rows not imported").
OTHER = "Other"
NOT_IMPORTED = "Text not imported"
MOVED = "Cells placed by what they say"
DUPLICATES = "Repeated codes and references"
STRUCTURE = "Goals and numbering"
SECTIONS = "Section rows"
STATUSES = "Statuses"
LEADS = "Leads"
TIMESCALES = "Timescales"
HOSTILE = "Cells too long or with hidden characters"
RE_IMPORT = "Re-import"


@dataclass
class Problem:
    """Something a person must look at; errors stop the import, warnings do not."""

    message: str
    ref: RowRef | None = None
    severity: str = "error"  # "error" | "warning"
    kind: str = OTHER

    def __str__(self) -> str:
        where = f"{self.ref}: " if self.ref else ""
        return f"{where}{self.message}"


@dataclass
class Dropped:
    """Text of the file that is not stored anywhere, listed in the preview with where it came from and why."""

    text: str
    why: str
    ref: RowRef | None = None


@dataclass
class LoneRowReading:
    """A row whose only text is one cell, and how it was read: shown in the preview when it could be either."""

    ref: RowRef
    text: str
    reading: str  # "section" | "action": the reading used
    unsure: bool
    why: str


@dataclass
class ParsedComment:
    """A reviewer's note ('Commented [n]: ...') and who it was assigned to, if anyone."""

    text: str
    assigned_to: str | None = None
    ref: RowRef | None = None


@dataclass
class ParsedUpdate:
    """One progress entry split out of a progress cell; date is None where it could not be read."""

    text: str
    date: date | None = None


@dataclass
class ParsedAction:
    """A headline action, action or sub-action, with its children."""

    code: str  # as the plan writes it, without trailing dots: "1.1", "A", "i"
    title: str
    ref: RowRef | None = None
    reference: str = ""  # full, unique in the plan: "1.2.A.iii"; filled by assign_references() if empty
    detail: str = ""
    measurable: str = ""
    timescale: str = ""
    lead_text: str = ""  # as written: "JM/ LV & HO"
    progress_text: str = ""  # the whole cell as written
    updates: list[ParsedUpdate] = field(default_factory=list)
    status: str | None = None  # a plans.choices.Status value read from the text, else None
    update_needed: bool = False  # the progress cell says "Update needed."
    immediate_need: bool = False
    service_area: str | None = None  # from a section row above it
    theme: str | None = None  # several separated by "; "
    pillar: str | None = None  # several separated by "; "
    last_updated: date | None = None  # a "Last updated" column
    status_from: str = ""  # where the status was read: "status column", "timescale", "progress"
    rows: list[RowRef] = field(default_factory=list)  # every row whose cells went into this action
    comments: list[ParsedComment] = field(default_factory=list)
    children: list[ParsedAction] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        from plans.choices import Status

        return Status(self.status).label if self.status in Status.values else ""


@dataclass
class ParsedGoal:
    number: str  # "1", "5.1"
    title: str
    outcome: str = ""
    ref: RowRef | None = None
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedPlan:
    goals: list[ParsedGoal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    lone_rows: list[LoneRowReading] = field(default_factory=list)
    layout: str = ""
    mapping: dict[str, str] = field(default_factory=dict)  # columns layout: field -> header used
    guessed: list[str] = field(default_factory=list)  # fields whose header was guessed, not chosen
    headers: list[str] = field(default_factory=list)  # the file's header cells, for the mapping screen

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def action_count(self) -> int:
        return sum(1 for goal in self.goals for _ in walk(goal.actions))

    def warn(self, message: str, ref: RowRef | None, kind: str = OTHER) -> None:
        self.problems.append(Problem(message, ref, severity="warning", kind=kind))

    def drop(self, text: str, why: str, ref: RowRef | None) -> None:
        if text.strip():
            self.dropped.append(Dropped(text.strip(), why, ref))


def walk(actions: list[ParsedAction]):
    """Every action in the list and below it, parents before children."""
    for action in actions:
        yield action
        yield from walk(action.children)


def assign_references(plan: ParsedPlan) -> None:
    """Give every action a reference unique in the plan: parent reference + "." + code.

    A headline action's code already carries its goal ("1.1"), so it is its own reference. Plans
    reuse codes under different service-area sections (2.4 has an "A." under each service), so a
    repeat gets " (2)", " (3)" in the order it appears: deterministic, so a re-import matches.
    """
    seen: dict[str, int] = {}

    def visit(actions: list[ParsedAction], parent: str | None) -> None:
        for action in actions:
            if not action.reference:
                base = action.code if parent is None else f"{parent}.{action.code}"
                count = seen.get(base, 0) + 1
                seen[base] = count
                action.reference = base if count == 1 else f"{base} ({count})"
            else:
                seen[action.reference] = seen.get(action.reference, 0) + 1
            visit(action.children, action.reference)

    for goal in plan.goals:
        visit(goal.actions, None)


# --- JSON ------------------------------------------------------------------------------------------------------


def _ref(ref: RowRef | None) -> list | None:
    return [ref.table, ref.row] if ref is not None else None


def _unref(value) -> RowRef | None:
    return RowRef(value[0], value[1]) if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _unday(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _action_to_json(action: ParsedAction) -> dict:
    return {
        "code": action.code,
        "title": action.title,
        "ref": _ref(action.ref),
        "reference": action.reference,
        "detail": action.detail,
        "measurable": action.measurable,
        "timescale": action.timescale,
        "lead_text": action.lead_text,
        "progress_text": action.progress_text,
        "updates": [[u.text, _day(u.date)] for u in action.updates],
        "status": action.status,
        "update_needed": action.update_needed,
        "immediate_need": action.immediate_need,
        "service_area": action.service_area,
        "theme": action.theme,
        "pillar": action.pillar,
        "last_updated": _day(action.last_updated),
        "status_from": action.status_from,
        "rows": [_ref(r) for r in action.rows],
        "comments": [[c.text, c.assigned_to, _ref(c.ref)] for c in action.comments],
        "children": [_action_to_json(child) for child in action.children],
    }


def _action_from_json(data: dict) -> ParsedAction:
    return ParsedAction(
        code=data["code"],
        title=data["title"],
        ref=_unref(data["ref"]),
        reference=data["reference"],
        detail=data["detail"],
        measurable=data["measurable"],
        timescale=data["timescale"],
        lead_text=data["lead_text"],
        progress_text=data["progress_text"],
        updates=[ParsedUpdate(text=text, date=_unday(day)) for text, day in data["updates"]],
        status=data["status"],
        update_needed=data["update_needed"],
        immediate_need=data["immediate_need"],
        service_area=data["service_area"],
        theme=data["theme"],
        pillar=data["pillar"],
        last_updated=_unday(data["last_updated"]),
        status_from=data["status_from"],
        rows=[_unref(r) for r in data["rows"]],
        comments=[ParsedComment(text=t, assigned_to=a, ref=_unref(r)) for t, a, r in data["comments"]],
        children=[_action_from_json(child) for child in data["children"]],
    )


def plan_to_json(plan: ParsedPlan) -> dict:
    """A parsed plan as JSON-safe data (dates ISO, row references as [table, row])."""
    return {
        "goals": [
            {
                "number": g.number,
                "title": g.title,
                "outcome": g.outcome,
                "ref": _ref(g.ref),
                "actions": [_action_to_json(a) for a in g.actions],
            }
            for g in plan.goals
        ],
        "problems": [[p.message, _ref(p.ref), p.severity, p.kind] for p in plan.problems],
        "dropped": [[d.text, d.why, _ref(d.ref)] for d in plan.dropped],
        "lone_rows": [[_ref(r.ref), r.text, r.reading, r.unsure, r.why] for r in plan.lone_rows],
        "layout": plan.layout,
        "mapping": plan.mapping,
        "guessed": plan.guessed,
        "headers": plan.headers,
    }


def plan_from_json(data: dict) -> ParsedPlan:
    return ParsedPlan(
        goals=[
            ParsedGoal(
                number=g["number"],
                title=g["title"],
                outcome=g["outcome"],
                ref=_unref(g["ref"]),
                actions=[_action_from_json(a) for a in g["actions"]],
            )
            for g in data["goals"]
        ],
        problems=[Problem(m, _unref(r), s, k) for m, r, s, k in data["problems"]],
        dropped=[Dropped(t, w, _unref(r)) for t, w, r in data["dropped"]],
        lone_rows=[
            LoneRowReading(_unref(r), t, reading, unsure, why) for r, t, reading, unsure, why in data["lone_rows"]
        ],
        layout=data["layout"],
        mapping=data["mapping"],
        guessed=data["guessed"],
        headers=data["headers"],
    )


def tables_to_json(tables: list[SourceTable]) -> list[dict]:
    """Tables as read from the upload: kept instead of the file, so it is never read twice."""
    return [
        {
            "name": t.name,
            "heading": t.heading,
            "rows": [[r.ref.row, r.cells, r.bold, list(r.notes)] for r in t.rows],
        }
        for t in tables
    ]


def tables_from_json(data: list[dict]) -> list[SourceTable]:
    return [
        SourceTable(
            name=t["name"],
            heading=t["heading"],
            rows=[
                SourceRow(ref=RowRef(t["name"], number), cells=cells, bold=bold, notes=list(notes))
                for number, cells, bold, notes in t["rows"]
            ],
        )
        for t in data
    ]


def row_key(ref: RowRef) -> str:
    """A row's key in a person's choices (which reading of a row to use): "Table 1|12"."""
    return f"{ref.table}|{ref.row}"
