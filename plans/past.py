"""The plan as it was: every action's state on a past day, what changed between two days, colours over time.

All of it is read from django-simple-history (the record of every save, leads and themes included) and from
`ActionDay`, the daily record of each action's colour that the nightly task writes: the trend reads only the
daily record; "as at" reads each action's latest history record at the day (what it was called, its dates and
leads, which the daily record does not hold) in two grouped queries, and takes the colours from the daily record
wherever it holds the day. A day means the end of
that day in the council's time zone. Reads take a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from .choices import Rag, Status
from .models import Action, ActionDay, Goal, Plan, ProgressUpdate
from .rag import RagResult, RagRules, action_rag, is_below, roll_up


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


@dataclass
class PastAction:
    """One action as it stood at the end of a day."""

    id: int
    goal_id: int
    parent_id: int | None
    reference: str
    title: str
    status: str
    start_date: date | None
    due_date: date | None
    timescale_text: str
    rag: RagResult
    counted: bool  # a leaf, counted once in totals
    depth: int
    position: int
    leads: list[str] = field(default_factory=list)
    latest_update: ProgressUpdate | None = None

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class PastGoal:
    id: int
    number: str
    title: str
    actions: list[PastAction]

    @property
    def counts(self) -> dict[str, int]:
        return rag_counts(self.actions)


def rag_counts(actions: list[PastAction]) -> dict[str, int]:
    counts = {colour: 0 for colour in Rag.values}
    for action in actions:
        if action.counted:
            counts[action.rag.colour] += 1
    return counts


def _latest_records(model_history, filters: dict, moment: datetime) -> list:
    """Each object's last history record at `moment` (deleted ones left out), in two queries."""
    latest = model_history.filter(**filters, history_date__lte=moment).values("id").annotate(last=Max("history_id"))
    records = model_history.filter(history_id__in=[row["last"] for row in latest])
    return [r for r in records if r.history_type != "-"]


def _rules_as_at(plan: Plan, moment: datetime) -> RagRules:
    record = plan.history.filter(history_date__lte=moment).order_by("-history_date", "-history_id").first()
    return RagRules.for_plan(record or plan)


def plan_as_at(plan: Plan, day: date, *, with_details: bool = True) -> list[PastGoal]:
    """Goals and their actions (depth-first) as they stood at the end of `day`: status, colour (rolled up as the
    pages show it), leads and the latest progress update written by then."""
    moment = end_of(day)
    rules = _rules_as_at(plan, moment)
    records = _latest_records(Action.history, {"plan_id": plan.pk}, moment)
    goals = sorted(_latest_records(Goal.history, {"plan_id": plan.pk}, moment), key=lambda g: (g.position, g.id))
    own = {r.id: action_rag(r, today=day, rules=rules) for r in records}
    has_children = {r.parent_id for r in records if r.parent_id}
    # Everything below "1.2" sorts together ("1.2.A", "1.2.A.i", ...), so each roll-up reads one slice.
    by_reference = sorted(records, key=lambda r: r.reference)
    references = [r.reference for r in by_reference]
    colours: dict[int, RagResult] = {}
    for record in records:
        if record.id in has_children:
            prefix = record.reference + "."
            start = bisect_left(references, prefix)
            below = []
            for other in by_reference[start:]:
                if not is_below(other.reference, record.reference):
                    break
                if other.id not in has_children:
                    below.append(own[other.id])
            colours[record.id] = roll_up(own[record.id], below)
        else:
            colours[record.id] = own[record.id]
    if with_details:
        # Where the nightly record holds the day, its colours are the ones the pages showed that day (and the trend
        # counts): they are used, so "as at" and the trend never disagree. Days before the record began, or actions
        # it does not hold, are coloured from the history as above.
        for action_id, colour, reason in ActionDay.objects.filter(plan=plan, day=day).order_by().values_list(
            "action_id", "rag", "reason"
        ):
            if action_id in colours and colours[action_id].colour != colour:
                colours[action_id] = RagResult(colour, reason, counts=colours[action_id].counts)
    leads = _leads_of(records) if with_details else {}
    updates = _latest_updates_by(plan, moment, day) if with_details else {}
    actions = {
        r.id: PastAction(
            id=r.id,
            goal_id=r.goal_id,
            parent_id=r.parent_id,
            reference=r.reference,
            title=r.title,
            status=r.status,
            start_date=r.start_date,
            due_date=r.due_date,
            timescale_text=r.timescale_text,
            rag=colours[r.id],
            counted=r.id not in has_children,
            depth=r.depth,
            position=r.position,
            leads=leads.get(r.history_id, []),
            latest_update=updates.get(r.id),
        )
        for r in records
    }
    children: dict[int | None, list[PastAction]] = defaultdict(list)
    for action in actions.values():
        children[action.parent_id if action.parent_id in actions else None].append(action)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.position, a.id))

    def depth_first(parent_id, goal_id) -> list[PastAction]:
        found = []
        for action in children.get(parent_id, []):
            if parent_id is None and action.goal_id != goal_id:
                continue
            found.append(action)
            found += depth_first(action.id, goal_id)
        return found

    return [PastGoal(g.id, g.number, g.title, depth_first(None, g.id)) for g in goals]


def _leads_of(records: list) -> dict[int, list[str]]:
    """Lead names per history record, from the record's own snapshot of the leads (one query)."""
    if not records:
        return {}
    through = records[0].leads.model  # the historical many-to-many rows of Action.leads
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(history_id__in=[r.history_id for r in records])
        .select_related("lead")
        .order_by("lead__name")
    )
    for row in rows:
        if row.lead is not None:
            names[row.history_id].append(row.lead.name)
    return names


def _latest_updates_by(plan: Plan, moment: datetime, day: date) -> dict[int, ProgressUpdate]:
    """Each action's latest progress update written on or before `day` and saved by then (one query)."""
    candidates = ProgressUpdate.objects.filter(action__plan=plan, created_at__lte=moment).filter(
        Q(written_on__lte=day) | Q(written_on__isnull=True)
    )
    newest = (
        candidates.filter(action_id=OuterRef("action_id"))
        .order_by("-written_on", "-created_at", "-id")
        .values("id")[:1]
    )
    return {
        u.action_id: u for u in candidates.filter(id=Subquery(newest)).only("id", "action_id", "written_on", "text")
    }


# --- the daily record ------------------------------------------------------------------------------------


@transaction.atomic
def record_day(day: date, *, plans=None) -> int:
    """Write every action's colour and status for `day` (today's, from the pages' own SQL rules); rerunning a
    day replaces it. Returns how many actions were recorded."""
    from .selectors import actions_with_rag

    actions = Action.objects.all() if plans is None else Action.objects.filter(plan__in=plans)
    rows = actions_with_rag(actions, today=day).values_list(
        "pk", "plan_id", "status", "rag", "rag_reason", "rag_counted"
    )
    ActionDay.objects.filter(day=day, action__in=actions).delete()
    made = ActionDay.objects.bulk_create(
        [
            ActionDay(
                action_id=pk, plan_id=plan_id, day=day, status=status, rag=rag, reason=reason[:60], counted=counted
            )
            for pk, plan_id, status, rag, reason, counted in rows
        ],
        batch_size=2000,
    )
    return len(made)


def record_yesterday(job, progress) -> None:
    """The nightly job: every action's colour at the end of the day that has just ended."""
    from shared.jobs import Outcome

    day = timezone.localdate() - timedelta(days=1)
    progress(0, 1, f"Recording {day:%d/%m/%Y}")
    count = record_day(day)
    return Outcome(result={"message": f"Recorded {count} actions for {day:%d/%m/%Y}."})


@transaction.atomic
def backfill_days(plan: Plan, days: list[date]) -> int:
    """Recover past days' colours from the history (once, for days before the nightly record began)."""
    made = []
    for day in days:
        for goal in plan_as_at(plan, day, with_details=False):
            for action in goal.actions:
                made.append(
                    ActionDay(
                        action_id=action.id,
                        plan_id=plan.pk,
                        day=day,
                        status=action.status,
                        rag=action.rag.colour,
                        reason=action.rag.reason[:60],
                        counted=action.counted,
                    )
                )
    ActionDay.objects.filter(plan=plan, day__in=days).delete()
    existing = set(Action.objects.filter(plan=plan).values_list("pk", flat=True))
    ActionDay.objects.bulk_create([row for row in made if row.action_id in existing], batch_size=2000)
    return len(made)


def weeks_between(start: date, end: date) -> list[date]:
    """The Sundays from `start` to `end` (the last day of each week), and `end` itself."""
    first = start + timedelta(days=(6 - start.weekday()) % 7)
    days = []
    day = first
    while day < end:
        days.append(day)
        day += timedelta(days=7)
    return [*days, end]


# --- colours over time ------------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    label: str
    day: date
    counts: dict[str, int]


def rag_trend(actions, *, today: date, months: int = 12) -> list[TrendPoint]:
    """Counts by colour at the end of each of the last `months` months (and today), from the daily record.

    `actions` is the filtered set of actions (a queryset); each month uses the last day recorded in it. Two
    queries whatever the number of months or actions."""
    ends = []
    cursor = today.replace(day=1) - timedelta(days=1)
    for _ in range(months - 1):
        ends.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    ends = sorted(ends) + [today]
    recorded = sorted(
        ActionDay.objects.filter(day__lte=today, day__gte=ends[0].replace(day=1))
        .order_by()  # the model's ordering would make DISTINCT run over (day, action...), one row per record
        .values_list("day", flat=True)
        .distinct()
    )
    snapshot_of = {}
    for end in ends:
        days = [d for d in recorded if d <= end and (d.year, d.month) == (end.year, end.month)]
        if days:
            snapshot_of[end] = days[-1]
    rows = (
        ActionDay.objects.filter(day__in=set(snapshot_of.values()), counted=True, action__in=actions)
        .order_by()
        .values("day", "rag")
        .annotate(n=Count("pk"))
    )
    by_day: dict[date, dict[str, int]] = defaultdict(lambda: {colour: 0 for colour in Rag.values})
    for row in rows:
        by_day[row["day"]][row["rag"]] = row["n"]
    return [
        TrendPoint(end.strftime("%b %Y") if end != today else "Today", snapshot_of[end], dict(by_day[snapshot_of[end]]))
        for end in ends
        if end in snapshot_of
    ]


# --- what changed between two days ------------------------------------------------------------------------


@dataclass
class ActionChange:
    reference: str
    title: str
    action_id: int
    kinds: list[str] = field(default_factory=list)  # "added", "completed", "status", "colour", "dates", "updates"
    lines: list[str] = field(default_factory=list)  # what a committee reads


@dataclass
class GoalChanges:
    number: str
    title: str
    changes: list[ActionChange]


def changes_between(plan: Plan, since: date, until: date) -> list[GoalChanges]:
    """What was added, completed, changed status or colour, had its dates moved (with the reason given) or
    received updates between the end of `since` and the end of `until`, grouped by goal."""
    from shared.history import show

    before = {a.id: a for g in plan_as_at(plan, since, with_details=False) for a in g.actions}
    after_goals = plan_as_at(plan, until, with_details=False)
    moved = defaultdict(list)
    date_records = (
        Action.history.filter(plan_id=plan.pk, history_date__gt=end_of(since), history_date__lte=end_of(until))
        .order_by("id", "history_date", "history_id")
        .values("id", "start_date", "due_date", "history_change_reason", "history_type")
    )
    # Each save that moved a date, compared with the save before it (or the day `since` for the first).
    previous = {a.id: {"start_date": a.start_date, "due_date": a.due_date} for a in before.values()}
    for row in date_records:
        if row["history_type"] != "+" and row["id"] in previous:
            reason = row["history_change_reason"] or "no reason given"
            for name, label in (("start_date", "Start date"), ("due_date", "Due date")):
                old = previous[row["id"]][name]
                if row[name] != old:
                    moved[row["id"]].append(f"{label} moved from {show(old)} to {show(row[name])} ({reason})")
        previous[row["id"]] = {"start_date": row["start_date"], "due_date": row["due_date"]}
    updates = defaultdict(int)
    for row in (
        ProgressUpdate.objects.filter(action__plan=plan, created_at__gt=end_of(since), created_at__lte=end_of(until))
        .values("action_id")
        .annotate(n=Count("pk"))
    ):
        updates[row["action_id"]] = row["n"]
    grouped = []
    for goal in after_goals:
        changes = []
        for action in goal.actions:
            change = ActionChange(action.reference, action.title, action.id)
            old = before.get(action.id)
            if old is None:
                change.kinds.append("added")
                change.lines.append(f"Added ({action.status_label.lower()}, {action.rag.label.lower()})")
            else:
                if old.status != action.status:
                    kind = "completed" if action.status == Status.COMPLETE else "status"
                    change.kinds.append(kind)
                    change.lines.append(f"Status: {old.status_label} to {action.status_label}")
                if old.rag.colour != action.rag.colour:
                    change.kinds.append("colour")
                    change.lines.append(f"Colour: {old.rag.label} to {action.rag.label} ({action.rag.reason})")
            if moved.get(action.id):
                change.kinds.append("dates")
                change.lines += moved[action.id]
            if updates.get(action.id):
                change.kinds.append("updates")
                n = updates[action.id]
                change.lines.append(f"{n} progress update{'s' if n != 1 else ''}")
            if change.kinds:
                changes.append(change)
        grouped.append(GoalChanges(goal.number, goal.title, changes))
    return grouped
