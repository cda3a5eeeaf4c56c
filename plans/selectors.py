"""Every read of plans beyond a .get(): trees, lists, my actions, an action's page, history, RAG as at a day."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from organisation.models import Lead

from .choices import Rag
from .models import Action, Goal, Plan, ProgressUpdate, ReviewComment
from .rag import URGENCY, RagResult, RagRules, action_rag, rag_annotations


def plan_rules(plan_ids=None) -> dict[int, RagRules]:
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=plan_ids)
    return {
        p.pk: RagRules(p.update_window_days, p.due_soon_days)
        for p in plans.only("pk", "update_window_days", "due_soon_days")
    }


def actions_with_rag(queryset: QuerySet | None = None, *, today: date | None = None) -> QuerySet:
    """Actions annotated with rag / rag_reason / rag_overridden, with what list rows show."""
    today = today or timezone.localdate()
    queryset = Action.objects.all() if queryset is None else queryset
    return (
        rag_annotations(queryset, today=today, plan_rules=plan_rules())
        .select_related("plan", "goal", "service_area")
        .prefetch_related(Prefetch("leads", queryset=Lead.objects.only("pk", "name", "full_name", "kind", "user_id")))
    )


def plan_list() -> QuerySet:
    return Plan.objects.annotate(
        action_count=Count("actions", distinct=True), goal_count=Count("goals", distinct=True)
    ).order_by("title")


def plan_rag_counts(plan: Plan, *, today: date | None = None) -> dict[str, int]:
    rows = (
        actions_with_rag(Action.objects.filter(plan=plan), today=today).order_by().values("rag").annotate(n=Count("pk"))
    )
    counts = {colour: 0 for colour in Rag.values}
    counts.update({row["rag"]: row["n"] for row in rows})
    return counts


@dataclass
class Node:
    action: Action
    children: list["Node"] = field(default_factory=list)


@dataclass
class GoalTree:
    goal: Goal
    nodes: list[Node]


def plan_tree(plan: Plan, *, today: date | None = None) -> list[GoalTree]:
    """Goals with their actions as a tree, in three queries whatever the plan's size."""
    goals = list(plan.goals.all())
    actions = list(
        actions_with_rag(Action.objects.filter(plan=plan), today=today).order_by("goal_id", "depth", "position", "pk")
    )
    nodes = {a.pk: Node(a) for a in actions}
    roots: dict[int, list[Node]] = {g.pk: [] for g in goals}
    for action in actions:
        node = nodes[action.pk]
        if action.parent_id and action.parent_id in nodes:
            nodes[action.parent_id].children.append(node)
        else:
            roots.setdefault(action.goal_id, []).append(node)
    order = lambda n: (n.action.position, n.action.pk)  # noqa: E731
    for node in nodes.values():
        node.children.sort(key=order)
    return [GoalTree(g, sorted(roots.get(g.pk, []), key=order)) for g in goals]


def actions_led_by(user) -> QuerySet:
    return Action.objects.filter(Q(leads__user=user) | Q(leads__members=user)).distinct()


def my_actions(user, *, today: date | None = None) -> list[Action]:
    """The actions this person leads, most urgent first: red, update needed, due soon, then by due date."""
    ids = actions_led_by(user).values("pk")
    actions = list(actions_with_rag(Action.objects.filter(pk__in=ids), today=today))
    reason_rank = {"Update needed": 0, "Due soon, not started": 1}
    far = date.max
    actions.sort(
        key=lambda a: (URGENCY.get(a.rag, 9), reason_rank.get(a.rag_reason, 5), a.due_date or far, a.reference)
    )
    return actions


def action_detail(pk: int) -> Action:
    """One action with everything its page shows, in a fixed number of queries."""
    return (
        Action.objects.select_related("plan", "goal", "parent", "service_area", "rag_override_by")
        .prefetch_related(
            "leads__members",
            "themes",
            "pillars",
            "evidence_links",
            Prefetch("cross_references", queryset=Action.objects.only("pk", "reference", "title", "plan_id")),
            Prefetch(
                "children",
                queryset=Action.objects.only("pk", "reference", "title", "parent_id", "position").order_by(
                    "position", "pk"
                ),
            ),
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related("author", "assigned_to", "responded_by", "resolved_by"),
            ),
        )
        .get(pk=pk)
    )


def action_current_rag(action: Action, *, today: date | None = None) -> RagResult:
    return action_rag(action, today=today or timezone.localdate())


@dataclass
class Change:
    when: datetime
    who: str
    what: str  # "Created", "Edited", a change reason
    fields: list[tuple[str, str, str]]  # (field label, from, to)
    subject: str = ""  # what changed, when a timeline mixes records ("Goal 2")


HIDDEN_IN_TIMELINE = {"version", "id", "plan", "goal", "position", "depth", "created_at"}


def _shown(record, name: str) -> str:
    value = getattr(record, name)
    if value in (None, ""):
        return "(empty)"
    display = getattr(record, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def _timeline(records: list, *, labels: dict[str, str], subject=lambda record: "") -> list[Change]:
    """Readable changes from history records of one object, newest first (each compared with the one before)."""
    changes = []
    if not records:
        return changes
    # Field names from the model's metadata: hasattr() on a record would load its plan and goal (N+1).
    names = {f.name for f in records[0]._meta.fields}
    excluded = [name for name in HIDDEN_IN_TIMELINE if name in names]
    for newer, older in zip(records, [*records[1:], None], strict=True):
        who = str(newer.history_user) if newer.history_user else "The system (import)"
        if older is None or newer.history_type == "+":
            changes.append(
                Change(newer.history_date, who, newer.history_change_reason or "Created", [], subject(newer))
            )
            continue
        delta = newer.diff_against(older, excluded_fields=excluded)
        fields = [(labels.get(c.field, c.field), _shown(older, c.field), _shown(newer, c.field)) for c in delta.changes]
        changes.append(Change(newer.history_date, who, newer.history_change_reason or "Edited", fields, subject(newer)))
    return changes


def _labels(model) -> dict[str, str]:
    return {f.name: str(f.verbose_name).capitalize() for f in model._meta.fields}


def action_history(action: Action, *, limit: int = 100) -> list[Change]:
    """A readable timeline, newest first: who changed which field, from what to what, when."""
    records = list(action.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return _timeline(records, labels=_labels(Action))[:limit]


def plan_history(plan: Plan, *, limit: int = 50) -> list[Change]:
    """Changes to the plan and its goals, newest first, in two queries."""
    plan_records = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    goal_records = list(
        Goal.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")[: 20 * limit]
    )
    by_goal: dict[int, list] = {}
    for record in goal_records:
        by_goal.setdefault(record.id, []).append(record)
    changes = _timeline(plan_records, labels=_labels(Plan), subject=lambda r: "Plan")
    for records in by_goal.values():
        changes += _timeline(records, labels=_labels(Goal), subject=lambda r: f"Goal {r.number}")
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def action_rag_as_at(action: Action, day: date) -> RagResult | None:
    """The colour the action had at the end of `day`, recovered from its history; None if it did not exist."""
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    record = action.history.filter(history_date__lte=end_of_day).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type == "-":
        return None
    plan_record = (
        action.plan.history.filter(history_date__lte=end_of_day).order_by("-history_date").first() or action.plan
    )
    return action_rag(record, today=day, rules=RagRules.for_plan(plan_record))


def linkable_accounts() -> list:
    """Active accounts a placeholder lead can be linked to, read once for every row's select."""
    from organisation.models import User

    return list(User.objects.filter(is_active=True).only("pk", "username", "first_name", "last_name"))


def placeholder_leads() -> QuerySet:
    """People named in plans who are not linked to an account yet, with how many actions name them."""
    return (
        Lead.objects.filter(kind=Lead.Kind.PERSON, user__isnull=True)
        .annotate(action_count=Count("actions"))
        .order_by("name")
    )


@dataclass
class MeasureSeries:
    measure: object
    values: list
    chart: dict | None  # points for the SVG line chart, None with fewer than two numeric values


def _chart(values) -> dict | None:
    numeric = [v for v in values if v.value is not None]
    if len(numeric) < 2:
        return None
    width, height, pad = 480, 200, 30
    low = min(min(v.value for v in numeric), 0)
    high = max(v.value for v in numeric) or 1
    span = (high - low) or 1
    step = (width - 2 * pad) / (len(numeric) - 1)
    points = [
        {
            "x": round(pad + i * step, 1),
            "y": round(height - pad - float((v.value - low) / span) * (height - 2 * pad), 1),
            "label": v.period_label,
            "value": v.value,
        }
        for i, v in enumerate(numeric)
    ]
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "low": low,
        "high": high,
        "baseline": height - pad,
    }


def goal_measures(goal: Goal) -> list[MeasureSeries]:
    """A goal's measures with their values per period, and chart points for each, in two queries."""
    measures = goal.measures.prefetch_related("values")
    return [MeasureSeries(m, list(m.values.all()), _chart(list(m.values.all()))) for m in measures]


def comments_awaiting(user) -> QuerySet:
    """Open review comments assigned to this person, oldest first, with the action each is on."""
    return (
        ReviewComment.objects.filter(assigned_to=user, state=ReviewComment.State.OPEN)
        .select_related("action", "action__plan", "author")
        .order_by("created_at", "pk")
    )
