"""The neutral shapes layouts parse into: no database, no Django models. Tables come from shared.tabular."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shared.tabular import RowRef, SourceRow, SourceTable, UnreadableFile  # noqa: F401


@dataclass
class Problem:
    """Something a person must look at; errors stop the import, warnings do not."""

    message: str
    ref: RowRef | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.ref}: " if self.ref else ""
        return f"{where}{self.message}"


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
    theme: str | None = None
    comments: list[ParsedComment] = field(default_factory=list)
    children: list[ParsedAction] = field(default_factory=list)


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


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
