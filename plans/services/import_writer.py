"""What an import would change, worked out without writing (`plan_changes`), and writing it in bulk (`write`).

**Three values per field.** For an action already in the plan, each field is compared three ways: what the
last import wrote (`Action.imported`), what the file says now, and what the record holds now.

- the file says what the last import wrote -> the record keeps its value (whatever people did in the app);
- the record still holds what the last import wrote -> the file's new value is written;
- both changed, to different values -> a **conflict**: the person chooses the file's value or the app's;
- no record of a last import (a plan imported before this was kept, or an action made in the app with the
  same reference) and the two differ -> a conflict too: nothing is overwritten on a guess.

Every field the confirm would change is listed per action (old -> new). Progress updates written in the
browser are never touched; imported ones are replaced only when the file's differ. Actions are never deleted.

**Bulk, with history.** New actions are created a level at a time (parents first) with
simple_history's bulk_create_with_history, changed ones with bulk_update_with_history, so one import change
is one history record per action; the many-to-many fields (leads, themes, pillars, cross-references) are
written to their tables in bulk and recorded against that same history record. The number of queries grows
with the plan's depth, not its length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organisation.models import Lead, Unit
from shared.history import show

from ..choices import Status
from ..colours import mark_stale, refresh_soon
from ..importing.heuristics import GROUP, LeadName, name_key, read_lead_cell, short_name_of, without_short_name
from ..importing.structure import (
    HOSTILE,
    LEADS,
    RE_IMPORT,
    ParsedAction,
    ParsedComment,
    ParsedGoal,
    ParsedPlan,
    Problem,
    RowRef,
)
from ..models import Action, Goal, Pillar, Plan, ProgressUpdate, ReviewComment, Theme
from ..timescales import MAX_TIMESCALE_CHARS, parse_timescale
from .leads import LeadMatcher, Match

COMPARED = (
    "title",
    "detail",
    "measurable",
    "code",
    "timescale",
    "status",
    "immediate_need",
    "update_requested",
    "service_area",
    "leads",
    "themes",
    "pillars",
)
LABELS = {
    "title": "Title",
    "detail": "Detail",
    "measurable": "Measure of success",
    "code": "Code",
    "timescale": "Timescale and dates",
    "status": "Status",
    "immediate_need": "Immediate need",
    "update_requested": "Update requested",
    "service_area": "Service area",
    "leads": "Leads",
    "themes": "Themes",
    "pillars": "Corporate pillars",
    "updates": "Imported progress updates",
    "goal": "Goal",
    "parent": "Under",
}
FILE, APP = "file", "app"
_STATUS_LABELS = {s.value: s.label for s in Status}
_MAX = {"reference": 120, "code": 40, "goal_number": 20, "goal_title": 300, "lead": 200, "unit": 200, "tag": 120}


# --- What the file's names resolve to ----------------------------------------------------------------------------


@dataclass
class NameMatch:
    """A theme, pillar or service area as the file writes it, and what it matched (or that it is new)."""

    written: str
    key: str  # name_key()
    existing: str | None  # the existing record's name, None when new
    ref: RowRef | None


@dataclass
class NewLead:
    name: str
    kind: str
    cell: str  # the lead cell as written
    ref: RowRef | None
    account: str = ""  # an account the new lead is linked to (matched by full name or email)
    how: str = ""
    team: str = ""


class _Names:
    """Themes, pillars or units by name_key (and units by short name): existing ones, and new ones to create."""

    def __init__(self, records, *, short_names: bool = False):
        self.by_key: dict[str, object] = {}
        for record in records:
            self.by_key.setdefault(name_key(record.name), record)
            if short_names and getattr(record, "short_name", ""):
                self.by_key.setdefault("short:" + record.short_name.lower(), record)
        self.short_names = short_names
        self.seen: dict[str, NameMatch] = {}

    def key_of(self, written: str, ref: RowRef | None) -> int | str | None:
        """The record's id, or "new:<key>" for one the import would create."""
        written = (written or "").strip().rstrip(":").strip()
        if not written:
            return None
        key = name_key(written)
        record = self.by_key.get(key)
        short = short_name_of(written) if self.short_names else None
        if record is None and self.short_names:
            record = self.by_key.get("short:" + (short or written).lower())
        if key not in self.seen:
            self.seen[key] = NameMatch(written, key, record.name if record is not None else None, ref)
        return record.pk if record is not None else f"new:{key}"

    def matched(self) -> list[NameMatch]:
        return [m for m in self.seen.values() if m.existing is not None]

    def new(self) -> list[NameMatch]:
        return [m for m in self.seen.values() if m.existing is None]


# --- The changes, action by action ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Conflict:
    reference: str
    field: str
    label: str
    last_import: str
    file: str
    app: str
    file_value: object = None
    app_value: object = None


@dataclass
class ActionChange:
    """One parsed action and what the import does to it."""

    item: ParsedAction
    goal_number: str
    parent_reference: str | None
    depth: int
    position: int
    existing: Action | None
    file_values: dict
    app: dict = field(default_factory=dict)  # app_values(existing), read once
    writes: dict = field(default_factory=dict)  # field -> file value to write
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields changed in the app and not in the file: app kept
    updates_change: bool = False
    new_comments: list[ParsedComment] = field(default_factory=list)


@dataclass
class PlanChanges:
    """Everything the confirm would do, worked out without writing."""

    plan: Plan | None
    actions: list[ActionChange] = field(default_factory=list)
    goals: list[ParsedGoal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dropped: list = field(default_factory=list)  # structure.Dropped
    new_leads: list[NewLead] = field(default_factory=list)
    matched_leads: list[tuple[str, str, str]] = field(default_factory=list)  # written, lead, how
    units: _Names | None = None
    themes: _Names | None = None
    pillars: _Names | None = None
    lead_matches: dict[str, Match] = field(default_factory=dict)  # "new:<name>" -> Match
    not_in_file: list[str] = field(default_factory=list)
    names: dict[tuple[str, object], str] = field(default_factory=dict)  # (kind, id) -> name, for display
    stored_goals: dict[int, str] = field(default_factory=dict)  # goal id -> number, of the plan as stored
    stored_references: dict[int, str] = field(default_factory=dict)  # action id -> reference, as stored

    def versions(self) -> dict[str, int]:
        """The version of each stored action this was worked out from: if any moved on, work it out again."""
        return {c.item.reference: c.existing.version for c in self.actions if c.existing is not None}

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for change in self.actions for c in change.conflicts]

    @property
    def changed(self) -> list[ActionChange]:
        return [c for c in self.actions if c.existing is not None and (c.changes or c.conflicts)]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def app_values(action: Action, links: dict[str, dict[int, list]] | None = None) -> dict:
    """The compared fields of a stored action, JSON-safe (related records by id, sorted).

    `links` holds the plan's leads, themes and pillars by action id, read once for a whole plan.
    """
    if links is None:
        links = {
            "leads": {action.pk: [x.pk for x in action.leads.all()]},
            "themes": {action.pk: [x.pk for x in action.themes.all()]},
            "pillars": {action.pk: [x.pk for x in action.pillars.all()]},
        }
    return {
        "title": action.title,
        "detail": action.detail,
        "measurable": action.measurable,
        "code": action.code,
        "timescale": {
            "text": action.timescale_text,
            "start": _iso(action.start_date),
            "due": _iso(action.due_date),
            "ongoing": action.ongoing,
            "needs_review": action.timescale_needs_review,
        },
        "status": action.status,
        "immediate_need": action.immediate_need,
        "update_requested": action.update_requested,
        "service_area": action.service_area_id,
        "leads": sorted(links["leads"].get(action.pk, []), key=str),
        "themes": sorted(links["themes"].get(action.pk, []), key=str),
        "pillars": sorted(links["pillars"].get(action.pk, []), key=str),
    }


def plan_changes(
    parsed: ParsedPlan,
    *,
    plan: Plan | None,
    plan_start: date | None,
    plan_end: date | None,
    progress: Callable[[int], None] | None = None,
) -> PlanChanges:
    """What importing `parsed` into `plan` (None: a new plan) would do. Reads only; a fixed number of queries.

    `progress(rows_done)` is called every 100 actions.
    """
    result = PlanChanges(plan=plan, goals=parsed.goals, dropped=list(parsed.dropped))
    period_start = plan_start or (plan.period_start if plan else None)
    period_end = plan_end or (plan.period_end if plan else None)
    existing: dict[str, Action] = {}
    links: dict[str, dict[int, list]] = {name: defaultdict(list) for name in _THROUGH}
    if plan is not None:
        existing = {a.reference: a for a in plan.actions.all()}
        result.stored_goals = dict(plan.goals.values_list("pk", "number"))
        result.stored_references = {a.pk: a.reference for a in existing.values()}
        for name, (through, column) in _THROUGH.items():
            for action_id, other in through.objects.filter(action__plan=plan).values_list("action_id", column):
                links[name][action_id].append(other)
    result.units = _Names(Unit.objects.all(), short_names=True)
    result.themes = _Names(Theme.objects.all())
    result.pillars = _Names(Pillar.objects.all())
    teams = frozenset(result.units.by_key) | frozenset(k[6:] for k in result.units.by_key if k.startswith("short:"))
    matcher = _Cached(LeadMatcher(), period_start, period_end)
    updates_by_action = _imported_updates(existing)
    comments_by_action = _comment_texts(existing)

    for goal in parsed.goals:
        _check_goal(result, goal)

        def visit(items: list[ParsedAction], parent: ParsedAction | None, depth: int, goal=goal) -> None:
            for position, item in enumerate(items):
                _check_action(result, item)
                values = _file_values(result, item, matcher, teams, period_start, period_end)
                stored = existing.get(item.reference)
                change = ActionChange(
                    item=item,
                    goal_number=goal.number,
                    parent_reference=parent.reference if parent else None,
                    depth=depth,
                    position=position,
                    existing=stored,
                    file_values=values,
                    app=app_values(stored, links) if stored is not None else {},
                )
                _compare(change)
                if change.existing is not None:
                    _compare_records(change, updates_by_action, comments_by_action)
                else:
                    change.new_comments = list(item.comments)
                result.actions.append(change)
                if progress is not None and len(result.actions) % 100 == 0:
                    progress(len(result.actions))
                visit(item.children, item, depth + 1)

        visit(goal.actions, None, 0)

    in_file = {c.item.reference for c in result.actions}
    result.not_in_file = sorted(ref for ref in existing if ref not in in_file)
    if result.not_in_file:
        shown = ", ".join(result.not_in_file[:20]) + (" ..." if len(result.not_in_file) > 20 else "")
        result.problems.append(
            Problem(
                f"{len(result.not_in_file)} action(s) already in the plan are not in this file and were kept as "
                f"they were: {shown}",
                severity="warning",
                kind=RE_IMPORT,
            )
        )
    _describe(result, existing)
    return result


def _check_goal(result: PlanChanges, goal: ParsedGoal) -> None:
    if len(goal.number) > _MAX["goal_number"]:
        result.problems.append(
            Problem(f"Goal number '{goal.number[:40]}…' is too long to be a goal number", goal.ref, kind=HOSTILE)
        )
    if len(goal.title) > _MAX["goal_title"]:
        result.problems.append(
            Problem(
                "A goal title is longer than 300 characters: the rest was kept as its outcome",
                goal.ref,
                severity="warning",
                kind=HOSTILE,
            )
        )
        goal.outcome = "\n".join(filter(None, [goal.title[_MAX["goal_title"] - 1 :], goal.outcome]))
        goal.title = goal.title[: _MAX["goal_title"] - 1] + "…"


def _check_action(result: PlanChanges, item: ParsedAction) -> None:
    if len(item.reference) > _MAX["reference"]:
        result.problems.append(
            Problem(
                f"The reference '{item.reference[:40]}…' is longer than {_MAX['reference']} characters: shorten it "
                "in the file",
                item.ref,
                kind=HOSTILE,
            )
        )
    if len(item.code) > _MAX["code"]:
        result.problems.append(
            Problem(f"The code '{item.code[:40]}…' was shortened to 40 characters", item.ref, "warning", HOSTILE)
        )
        item.code = item.code[: _MAX["code"]]
    if len(item.timescale) > MAX_TIMESCALE_CHARS:
        result.problems.append(
            Problem(
                f"The timescale is {len(item.timescale):,} characters long: its first {MAX_TIMESCALE_CHARS} were "
                "kept and a person must set the dates",
                item.ref,
                "warning",
                HOSTILE,
            )
        )
        result.dropped.append(
            _dropped(item.timescale[MAX_TIMESCALE_CHARS:], "The end of a timescale too long to keep", item.ref)
        )
        item.timescale = item.timescale[:MAX_TIMESCALE_CHARS]


def _dropped(text: str, why: str, ref: RowRef | None):
    from ..importing.structure import Dropped

    return Dropped(text, why, ref)


class _Cached:
    """Plans repeat themselves ("March 2022", "JB/LA" on hundreds of rows): each distinct cell is read once."""

    def __init__(self, matcher: LeadMatcher, period_start: date | None, period_end: date | None):
        self.matcher = matcher
        self.period = (period_start, period_end)
        self.timescales: dict[str, object] = {}
        self.cells: dict[str, object] = {}
        self.matches: dict[LeadName, Match] = {}

    def timescale(self, text: str):
        if text not in self.timescales:
            self.timescales[text] = parse_timescale(text, plan_start=self.period[0], plan_end=self.period[1])
        return self.timescales[text]

    def lead_cell(self, text: str, teams: frozenset[str]):
        if text not in self.cells:
            self.cells[text] = read_lead_cell(text, teams=teams)
        return self.cells[text]

    def match(self, written: LeadName) -> Match:
        if written not in self.matches:
            self.matches[written] = self.matcher.match(written)
        return self.matches[written]


def _file_values(
    result: PlanChanges,
    item: ParsedAction,
    matcher: _Cached,
    teams: frozenset[str],
    period_start: date | None,
    period_end: date | None,
) -> dict:
    timescale = matcher.timescale(item.timescale)
    status = item.status or (Status.IN_PROGRESS.value if item.progress_text.strip() else Status.NOT_STARTED.value)
    return {
        "title": item.title,
        "detail": item.detail,
        "measurable": item.measurable,
        "code": item.code,
        "timescale": {
            "text": timescale.text,
            "start": _iso(timescale.start),
            "due": _iso(timescale.due),
            "ongoing": timescale.ongoing,
            "needs_review": timescale.needs_review,
        },
        "status": status,
        "immediate_need": item.immediate_need,
        "update_requested": item.update_needed,
        "service_area": _unit_key(result, item),
        "leads": sorted(_lead_keys(result, item, matcher, teams), key=str),
        "themes": sorted(_tag_keys(result, result.themes, item.theme, item.ref), key=str),
        "pillars": sorted(_tag_keys(result, result.pillars, item.pillar, item.ref), key=str),
    }


def _unit_key(result: PlanChanges, item: ParsedAction):
    name = (item.service_area or "").strip()
    if len(name) > _MAX["unit"]:
        result.problems.append(
            Problem(
                "A service area name is longer than 200 characters: it was not imported", item.ref, "warning", HOSTILE
            )
        )
        result.dropped.append(_dropped(name, "A service area name too long to keep", item.ref))
        return None
    return result.units.key_of(name, item.ref) if name else None


def _tag_keys(result: PlanChanges, names: _Names, text: str | None, ref: RowRef | None) -> set:
    keys = set()
    for name in filter(None, (part.strip() for part in (text or "").replace("\n", ";").split(";"))):
        if len(name) > _MAX["tag"]:
            result.problems.append(
                Problem(
                    "A theme or pillar name is longer than 120 characters: it was not imported", ref, "warning", HOSTILE
                )
            )
            result.dropped.append(_dropped(name, "A theme or pillar name too long to keep", ref))
            continue
        keys.add(names.key_of(name, ref))
    return keys


def _lead_keys(result: PlanChanges, item: ParsedAction, matcher: _Cached, teams: frozenset[str]) -> set:
    if not item.lead_text.strip():
        return set()
    cell = matcher.lead_cell(item.lead_text, teams)
    for flagged in cell.flagged:
        result.problems.append(
            Problem(
                f"The lead '{flagged}' looks like several names with only spaces between them: separate them with "
                "'/' or ',' in the file, or add the leads in the app. It was not imported.",
                item.ref,
                "warning",
                LEADS,
            )
        )
        result.dropped.append(_dropped(flagged, "Several names with no separator between them", item.ref))
    keys = set()
    for written in cell.names:
        if len(written.name) > _MAX["lead"]:
            result.problems.append(
                Problem(
                    "A lead's name is longer than 200 characters: it was not imported", item.ref, "warning", HOSTILE
                )
            )
            result.dropped.append(_dropped(written.name, "A lead name too long to keep", item.ref))
            continue
        found = matcher.match(written)
        keys.add(found.key)
        if written.role:
            result.dropped.append(_dropped(written.role, f"The role written before {written.name}", item.ref))
        if written.team:
            unit = result.units.by_key.get(name_key(written.team)) or result.units.by_key.get(
                "short:" + written.team.lower()
            )
            if unit is None or not found.is_new:
                why = (
                    f"The team or role written after {written.name}: not a unit we know"
                    if unit is None
                    else f"The team written after {written.name}, who is already known"
                )
                result.dropped.append(_dropped(written.team, why, item.ref))
        if found.is_new and found.key not in result.lead_matches:
            result.lead_matches[found.key] = found
            result.new_leads.append(
                NewLead(
                    name=written.name,
                    kind="Group or board" if written.kind == GROUP else "Person",
                    cell=item.lead_text,
                    ref=item.ref,
                    account=str(found.user) if found.user else "",
                    how=found.how,
                    team=written.team or "",
                )
            )
        elif (
            not found.is_new
            and found.how not in ("name",)
            and (written.name, found.how) not in {(w, h) for w, _, h in result.matched_leads}
        ):
            result.matched_leads.append((written.name, str(found.lead), found.how))
    return keys


def _compare(change: ActionChange) -> None:
    """The three-way comparison of each field (see the module's docstring)."""
    action = change.existing
    if action is None:
        change.writes = dict(change.file_values)
        return
    app = change.app
    base = action.imported or {}
    for name in COMPARED:
        file_value, app_value = change.file_values[name], app[name]
        if file_value == app_value:
            continue
        if name in base and base[name] == file_value:
            change.kept.append(name)  # changed in the app only: the app's value stays
        elif name in base and base[name] == app_value:
            change.writes[name] = file_value
        else:
            change.conflicts.append(
                Conflict(
                    reference=change.item.reference,
                    field=name,
                    label=LABELS[name],
                    last_import=name in base and repr(base[name]) or "",
                    file="",
                    app="",
                    file_value=file_value,
                    app_value=app_value,
                )
            )


def _compare_records(
    change: ActionChange, updates_by_action: dict[int, list], comments_by_action: dict[int, set]
) -> None:
    action = change.existing
    wanted = [(u.date.isoformat() if u.date else None, u.text.strip()) for u in change.item.updates if u.text.strip()]
    if wanted != updates_by_action.get(action.pk, []):
        change.updates_change = True
    known = comments_by_action.get(action.pk, set())
    change.new_comments = [c for c in change.item.comments if c.text not in known]


def _imported_updates(existing: dict[str, Action]) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    if not existing:
        return found
    rows = (
        ProgressUpdate.objects.filter(action__in=existing.values(), source=ProgressUpdate.Source.IMPORT)
        .order_by("action_id", "id")
        .values_list("action_id", "written_on", "text")
    )
    for action_id, written_on, text in rows:
        found[action_id].append((written_on.isoformat() if written_on else None, text))
    return found


def _comment_texts(existing: dict[str, Action]) -> dict[int, set]:
    found: dict[int, set] = defaultdict(set)
    if existing:
        for action_id, text in ReviewComment.objects.filter(action__in=existing.values()).values_list(
            "action_id", "text"
        ):
            found[action_id].add(text)
    return found


# --- Describing values for people ------------------------------------------------------------------------------


def _describe(result: PlanChanges, existing: dict[str, Action]) -> None:
    """Fill the readable old -> new of every change and conflict (names behind ids read in one query per kind)."""
    wanted: dict[str, set] = defaultdict(set)
    for change in result.actions:
        if change.existing is not None and not (change.writes or change.conflicts):
            continue  # nothing to show for it
        values = [change.file_values]
        if change.existing is not None:
            values.append(change.app)
            values.append(change.existing.imported or {})
        for v in values:
            wanted["unit"].update(k for k in [v.get("service_area")] if isinstance(k, int))
            for kind in ("leads", "themes", "pillars"):
                wanted[kind].update(k for k in v.get(kind, []) if isinstance(k, int))
    models = {"unit": Unit, "leads": Lead, "themes": Theme, "pillars": Pillar}
    for kind, ids in wanted.items():
        for record in models[kind].objects.filter(pk__in=ids):
            result.names[(kind, record.pk)] = str(record)
    new_names = {
        **{("unit", f"new:{m.key}"): f"{without_short_name(m.written)} (new)" for m in result.units.new()},
        **{("themes", f"new:{m.key}"): f"{m.written} (new)" for m in result.themes.new()},
        **{("pillars", f"new:{m.key}"): f"{m.written} (new)" for m in result.pillars.new()},
        **{("leads", key): f"{match.written.name} (new)" for key, match in result.lead_matches.items()},
    }
    result.names.update(new_names)
    for change in result.actions:
        if change.existing is None:
            continue
        app = change.app
        for name, value in change.writes.items():
            change.changes.append(
                FieldChange(name, LABELS[name], shown(result, name, app[name]), shown(result, name, value))
            )
        if change.updates_change:
            count = sum(1 for u in change.item.updates if u.text.strip())
            change.changes.append(FieldChange("updates", LABELS["updates"], "replaced", f"{count} from the file"))
        old_goal = result.stored_goals.get(change.existing.goal_id, "")
        if old_goal != change.goal_number:
            change.changes.append(FieldChange("goal", LABELS["goal"], old_goal, change.goal_number))
        old_parent = result.stored_references.get(change.existing.parent_id)
        if old_parent != change.parent_reference:
            change.changes.append(
                FieldChange("parent", LABELS["parent"], old_parent or "(top)", change.parent_reference or "(top)")
            )
        base = change.existing.imported or {}
        for conflict in change.conflicts:
            conflict.file = shown(result, conflict.field, conflict.file_value)
            conflict.app = shown(result, conflict.field, conflict.app_value)
            conflict.last_import = (
                shown(result, conflict.field, base[conflict.field]) if conflict.field in base else "(no record)"
            )


def shown(result: PlanChanges, name: str, value) -> str:
    """A compared value as people read it."""
    if name == "timescale":
        value = value or {}
        text = value.get("text") or "(empty)"
        if value.get("due"):
            return f"{text} (due {show(date.fromisoformat(value['due']))})"
        if value.get("ongoing"):
            return f"{text} (ongoing)"
        return f"{text} (no date)" if value.get("needs_review") or not value.get("text") else text
    if name == "status":
        return _STATUS_LABELS.get(value, str(value))
    if name == "service_area":
        return result.names.get(("unit", value), "(none)") if value is not None else "(none)"
    if name in ("leads", "themes", "pillars"):
        return ", ".join(result.names.get((name, key), str(key)) for key in value or []) or "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value or "")
    return (text[:300] + "…") if len(text) > 300 else (text or "(empty)")


# --- Writing ----------------------------------------------------------------------------------------------------

Progress = Callable[[int, int, str], None]


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    progress_updates: int = 0
    comments: int = 0
    leads_created: list[str] = field(default_factory=list)


def write(
    changes: PlanChanges,
    *,
    plan: Plan,
    by,
    reason: str,
    choices: dict[tuple[str, str], str],
    started_on: date,
    progress: Progress | None = None,
) -> WriteCounts:
    """Write `changes` into `plan` in bulk. `choices` says, per (reference, field) conflict, "file" or "app".

    Must run inside the import's transaction; every conflict must have a choice.
    """
    counts = WriteCounts()
    now = timezone.now()
    total = len(changes.actions)
    tick = progress or (lambda done, total, note: None)
    keys = _create_named(changes, plan=plan, by=by, reason=reason, counts=counts)
    goals = _write_goals(changes, plan=plan, by=by, reason=reason)
    browser_dates = _browser_update_dates(changes)

    by_reference: dict[str, Action] = {}
    created: list[Action] = []
    updated: list[Action] = []
    m2m_targets: dict[int, dict[str, set]] = {}
    by_depth: dict[int, list[ActionChange]] = defaultdict(list)
    for change in changes.actions:
        by_depth[change.depth].append(change)
    done = 0
    for depth in sorted(by_depth):
        new_here: list[Action] = []
        for change in by_depth[depth]:
            for conflict in change.conflicts:
                if choices[(conflict.reference, conflict.field)] == FILE:
                    change.writes[conflict.field] = conflict.file_value
            action = change.existing or Action(plan=plan, reference=change.item.reference, created_on=started_on)
            before = _stored_state(action) if action.pk else None
            _apply(action, change, keys)
            action.goal = goals[change.goal_number]
            action.parent = by_reference.get(change.parent_reference) if change.parent_reference else None
            action.depth, action.position = change.depth, change.position
            dated = [u.date for u in change.item.updates if u.date]
            if change.item.last_updated:
                dated.append(change.item.last_updated)
            dated += browser_dates.get(action.pk, []) if action.pk else []
            action.last_update_on = max(dated, default=action.last_update_on if action.pk else None)
            action.imported = _imported(change, keys)
            action._change_reason, action._history_user = reason, by
            if action.pk is None:
                new_here.append(action)
            elif change.writes or _stored_state(action) != before:
                action.version += 1  # someone's open form on this action now gets the stale-edit check
                updated.append(action)
            by_reference[change.item.reference] = action
            m2m_targets[id(action)] = {
                name: {keys.get(k, k) for k in change.writes.get(name, [])}
                for name in ("leads", "themes", "pillars")
                if name in change.writes
            }
        if new_here:
            bulk_create_with_history(new_here, Action, default_user=by, default_change_reason=reason, default_date=now)
            created += new_here
        done += len(by_depth[depth])
        tick(done, total, "Writing actions")
    counts.created, counts.updated = len(created), len(updated)

    if updated:
        fields = [
            "goal", "parent", "depth", "position", "code", "title", "detail", "measurable", "timescale_text",
            "start_date", "due_date", "ongoing", "timescale_needs_review", "status", "immediate_need",
            "update_requested", "service_area", "last_update_on", "imported", "version",
        ]  # fmt: skip
        bulk_update_with_history(
            updated, Action, fields, default_user=by, default_change_reason=reason, default_date=now
        )
    _write_m2m(created + updated, m2m_targets)
    _write_cross_references(changes, plan, by_reference)
    _write_m2m_history(created + updated, now)
    counts.progress_updates = _write_updates(changes, by_reference, reason)
    counts.comments = _write_comments(changes, by_reference, by=by, reason=reason, now=now)
    # Bulk writes bypass Action.save(): the plan's stored colours are worked out again after the commit.
    mark_stale(plan)
    refresh_soon()
    return counts


def _stored_state(action: Action) -> tuple:
    return (
        action.goal_id if action.goal_id else getattr(action.goal, "pk", None),
        action.parent_id if action.parent_id else getattr(action.parent, "pk", None),
        action.depth,
        action.position,
        action.last_update_on,
        action.imported,
    )


def _apply(action: Action, change: ActionChange, keys: dict) -> None:
    writes = change.writes
    for name in ("title", "detail", "measurable", "code", "status", "immediate_need", "update_requested"):
        if name in writes:
            setattr(action, name if name != "update_requested" else "update_requested", writes[name])
    if "timescale" in writes:
        value = writes["timescale"]
        action.timescale_text = value["text"]
        action.start_date = date.fromisoformat(value["start"]) if value["start"] else None
        action.due_date = date.fromisoformat(value["due"]) if value["due"] else None
        action.ongoing = value["ongoing"]
        action.timescale_needs_review = value["needs_review"]
    if "service_area" in writes:
        unit = writes["service_area"]
        action.service_area_id = keys.get(unit, unit) if unit is not None else None


def _imported(change: ActionChange, keys: dict) -> dict:
    """What this import wrote, per field, for the next re-import's comparison (new records by their new ids)."""
    values = dict(change.file_values)
    values["service_area"] = keys.get(values["service_area"], values["service_area"])
    for name in ("leads", "themes", "pillars"):
        values[name] = sorted((keys.get(k, k) for k in values[name]), key=str)
    return values


def _create_named(changes: PlanChanges, *, plan: Plan, by, reason: str, counts: WriteCounts) -> dict:
    """New units, themes, pillars and leads, in bulk; returns "new:..." key -> new id."""
    keys: dict[str, int] = {}
    parent = plan.owning_units.first()
    new_units = [
        Unit(
            parent=parent,
            name=without_short_name(m.written)[: _MAX["unit"]],
            short_name=(short_name_of(m.written) or "")[:40],
            kind=Unit.Kind.TEAM,
        )
        for m in changes.units.new()
    ]
    for match, unit in zip(changes.units.new(), _get_or_create_units(new_units), strict=True):
        keys[f"new:{match.key}"] = unit.pk
    for names, model in ((changes.themes, Theme), (changes.pillars, Pillar)):
        made = model.objects.bulk_create([model(name=m.written[: _MAX["tag"]]) for m in names.new()])
        for match, record in zip(names.new(), made, strict=True):
            keys[f"new:{match.key}"] = record.pk
    leads = []
    for match in changes.lead_matches.values():
        team = None
        for new in changes.new_leads:
            if new.name.lower() == match.written.name.lower() and new.team:
                team = changes.units.by_key.get(name_key(new.team)) or changes.units.by_key.get(
                    "short:" + new.team.lower()
                )
        lead = Lead(
            name=match.written.name,
            kind=Lead.Kind.GROUP if match.written.kind == GROUP else Lead.Kind.PERSON,
            user=match.user,
            unit=team,
        )
        lead._change_reason = f"{reason}: linked to {match.user} (matched by {match.how})" if match.user else reason
        leads.append(lead)
    if leads:
        made = bulk_create_with_history(leads, Lead, default_user=by, default_change_reason=reason)
        if not all(lead.pk for lead in made):  # a database that does not return ids from a bulk insert
            ids = {lead.name.lower(): lead.pk for lead in Lead.objects.filter(name__in=[x.name for x in leads])}
            for lead in made:
                lead.pk = lead.pk or ids[lead.name.lower()]
        for (key, _), lead in zip(changes.lead_matches.items(), made, strict=True):
            keys[key] = lead.pk
        counts.leads_created = [lead.name for lead in made if lead.user_id is None]
    return keys


def _get_or_create_units(units: list[Unit]) -> list[Unit]:
    if not units:
        return []
    existing = {(u.parent_id, u.name.lower()): u for u in Unit.objects.filter(name__in=[u.name for u in units])}
    missing = [u for u in units if (u.parent_id, u.name.lower()) not in existing]
    made = {(u.parent_id, u.name.lower()): u for u in Unit.objects.bulk_create(missing)}
    return [existing.get((u.parent_id, u.name.lower())) or made[(u.parent_id, u.name.lower())] for u in units]


def _write_goals(changes: PlanChanges, *, plan: Plan, by, reason: str) -> dict[str, Goal]:
    stored = {g.number: g for g in plan.goals.all()}
    new, changed = [], []
    for position, parsed in enumerate(changes.goals):
        goal = stored.get(parsed.number)
        if goal is None:
            goal = Goal(plan=plan, number=parsed.number, title=parsed.title, outcome=parsed.outcome, position=position)
            new.append(goal)
            stored[parsed.number] = goal
            continue
        outcome = parsed.outcome or goal.outcome
        if (goal.title, goal.outcome, goal.position) != (parsed.title, outcome, position):
            goal.title, goal.outcome, goal.position = parsed.title, outcome, position
            changed.append(goal)
    if new:
        bulk_create_with_history(new, Goal, default_user=by, default_change_reason=reason)
        if not all(g.pk for g in new):
            stored.update({g.number: g for g in plan.goals.all()})
    if changed:
        bulk_update_with_history(
            changed, Goal, ["title", "outcome", "position"], default_user=by, default_change_reason=reason
        )
    return stored


def _browser_update_dates(changes: PlanChanges) -> dict[int, list[date]]:
    ids = [c.existing.pk for c in changes.actions if c.existing is not None]
    if not ids:
        return {}
    rows = (
        ProgressUpdate.objects.filter(action_id__in=ids)
        .exclude(source=ProgressUpdate.Source.IMPORT)
        .exclude(written_on=None)
        .values("action_id")
        .annotate(latest=Max("written_on"))
    )
    return {row["action_id"]: [row["latest"]] for row in rows}


_THROUGH = {
    "leads": (Action.leads.through, "lead_id"),
    "themes": (Action.themes.through, "theme_id"),
    "pillars": (Action.pillars.through, "pillar_id"),
}


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain rows of ids (link tables and their history) in one statement run for every row.

    Link rows are two numbers; building a model instance for each of thousands of them cost seconds.
    """
    if not rows:
        return
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [by_column[c] for c in columns]
    if any(f.get_internal_type() not in ("AutoField", "BigAutoField", "ForeignKey", "IntegerField") for f in fields):
        # Each value as the field would write it (dates and times in the database's own form).
        rows = [tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)) for row in rows]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _write_m2m(actions: list[Action], targets: dict[int, dict[str, set]]) -> None:
    """Leads, themes and pillars as the writes say, in one delete and one insert per field."""
    for name, (through, column) in _THROUGH.items():
        wanted = {a.pk: targets[id(a)][name] for a in actions if name in targets.get(id(a), {})}
        if not wanted:
            continue
        through.objects.filter(action_id__in=list(wanted)).delete()
        _insert_rows(
            through, ["action_id", column], [(pk, target) for pk, ids in wanted.items() for target in sorted(ids)]
        )


def _write_cross_references(changes: PlanChanges, plan: Plan, by_reference: dict[str, Action]) -> None:
    """ "See point 1.1d" in an action's text links to that action (links people added are kept)."""
    from .imports import cross_references_in

    through = Action.cross_references.through
    rows = []
    stored = {a.reference: a.pk for a in by_reference.values()}
    missing = set()
    for change in changes.actions:
        item = change.item
        for target in cross_references_in(" ".join([item.detail, item.progress_text])):
            if target not in stored:
                missing.add(target)
            rows.append((by_reference[item.reference].pk, target))
    if missing:
        stored.update(dict(plan.actions.filter(reference__in=missing).values_list("reference", "pk")))
    links = {(source, stored[target]) for source, target in rows if target in stored and stored[target] != source}
    if links:
        through.objects.bulk_create(
            [through(from_action_id=s, to_action_id=t) for s, t in sorted(links)], ignore_conflicts=True
        )


def _write_m2m_history(actions: list[Action], when) -> None:
    """The many-to-many rows each action's import history record saw, as simple_history records them on a save."""
    if not actions:
        return
    ids = [a.pk for a in actions]
    records = dict(Action.history.filter(id__in=ids, history_date=when).values_list("id", "history_id"))
    for m2m_field in Action.history.model._history_m2m_fields:
        through = getattr(Action, m2m_field.name).through
        recorded = apps.get_model("plans", f"HistoricalAction_{m2m_field.name}")
        source, other = _through_columns(through)
        rows = through.objects.filter(**{f"{source}__in": ids}).values_list("id", source, other)
        _insert_rows(
            recorded,
            ["id", "history_id", source, other],
            [(row_id, records[owner], owner, target) for row_id, owner, target in rows if owner in records],
        )


def _through_columns(through) -> tuple[str, str]:
    """The attnames of a through table's two keys: the action's own, then the other record's."""
    keys = [f for f in through._meta.fields if f.is_relation]
    source = next(f for f in keys if f.name in ("action", "from_action"))
    other = next(f for f in keys if f is not source)
    return source.attname, other.attname


def _write_updates(changes: PlanChanges, by_reference: dict[str, Action], reason: str) -> int:
    """Imported progress updates: replaced where the file's differ; those written in the browser never touched."""
    replaced = [
        by_reference[c.item.reference].pk for c in changes.actions if c.existing is not None and c.updates_change
    ]
    if replaced:
        ProgressUpdate.objects.filter(action_id__in=replaced, source=ProgressUpdate.Source.IMPORT).delete()
    now = timezone.now()
    rows = []
    for change in changes.actions:
        if change.existing is not None and not change.updates_change:
            continue
        action = by_reference[change.item.reference]
        rows += [
            (
                action.pk,
                reason[:200],
                u.date,
                u.text.strip(),
                action.status,
                "",
                ProgressUpdate.Source.IMPORT.value,
                now,
            )
            for u in change.item.updates
            if u.text.strip()
        ]
    # Progress updates keep no history of their own: plain rows, written in one statement run for each.
    columns = ["action_id", "author_name", "written_on", "text", "status", "rag", "source", "created_at"]
    _insert_rows(ProgressUpdate, columns, rows)
    return sum(sum(1 for u in c.item.updates if u.text.strip()) for c in changes.actions)


def _write_comments(changes: PlanChanges, by_reference: dict[str, Action], *, by, reason: str, now) -> int:
    comments = []
    for change in changes.actions:
        for note in change.new_comments:
            comment = ReviewComment(
                action=by_reference[change.item.reference],
                author=None,
                author_name="Reviewer (imported)",
                text=note.text,
                assigned_to_name=(note.assigned_to or "")[:200],
            )
            comments.append(comment)
    if comments:
        bulk_create_with_history(
            comments, ReviewComment, default_user=by, default_change_reason=reason, default_date=now
        )
    return len(comments)
