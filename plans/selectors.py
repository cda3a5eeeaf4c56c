"""Every read of plans beyond a .get(): trees, lists, my actions, an action's page, history, RAG as at a day."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from organisation.models import Lead
from shared.history import Change, timeline
from shared.roles import Role, has_role

from .choices import Rag
from .models import Action, EvidenceLink, Goal, Plan, ProgressUpdate, ReviewComment
from .rag import URGENCY, RagResult, RagRules, action_rag, is_below, rag_annotations, roll_up


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


def plan_list(*, today: date | None = None) -> list[Plan]:
    """Every plan with its goal and action counts and its colours (each action counted once), in three queries."""
    plans = list(
        Plan.objects.annotate(
            action_count=Count("actions", distinct=True), goal_count=Count("goals", distinct=True)
        ).order_by("title")
    )
    rows = actions_with_rag(leaves(Action.objects.all()), today=today).order_by().values("plan_id", "rag")
    counts: dict[int, dict[str, int]] = {p.pk: {colour: 0 for colour in Rag.values} for p in plans}
    for row in rows.annotate(n=Count("pk")):
        counts.setdefault(row["plan_id"], {c: 0 for c in Rag.values})[row["rag"]] = row["n"]
    for plan in plans:
        plan.rag_counts = counts.get(plan.pk, {})
    return plans


def plans_for_choice() -> QuerySet:
    """Plans by title, for other apps' forms (an audit's action arising links an action of a plan)."""
    return Plan.objects.order_by("title").only("pk", "title")


def goals_for_choice() -> QuerySet:
    """Every goal with its plan, in plan and goal order, for other apps choosing where a new action goes."""
    return Goal.objects.select_related("plan").order_by("plan__title", "position", "id")


def leaves(queryset: QuerySet) -> QuerySet:
    """Actions with no sub-actions: the pieces of work, each counted once in totals."""
    return queryset.filter(~Exists(Action.objects.filter(parent_id=OuterRef("pk"))))


def plan_rag_counts(plan: Plan, *, today: date | None = None) -> dict[str, int]:
    """Actions of the plan by colour, each counted once: headline actions coloured by their sub-actions are not."""
    rows = (
        actions_with_rag(leaves(Action.objects.filter(plan=plan)), today=today)
        .order_by()
        .values("rag")
        .annotate(n=Count("pk"))
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

    @property
    def rows(self) -> list["TreeRow"]:
        """The tree depth-first as one flat list, each row saying how many nested lists close after it: a page
        draws a 750-action plan in one loop instead of an include per action."""
        flat: list[TreeRow] = []

        def visit(nodes: list[Node], depth: int) -> None:
            for index, node in enumerate(nodes):
                flat.append(TreeRow(node.action, depth, opens=index == 0 and depth > 0, parent=bool(node.children)))
                visit(node.children, depth + 1)
                if index == len(nodes) - 1 and depth > 0:
                    flat[-1].closes += 1

        visit(self.nodes, 0)
        return flat


@dataclass
class TreeRow:
    action: Action
    depth: int
    opens: bool = False  # a nested list starts before this row
    parent: bool = False  # its children follow inside its list item
    closes: int = 0  # nested lists that end after this row (each closes its parent's item too)

    @property
    def close_range(self) -> range:
        return range(self.closes)


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
        if node.children:
            node.action.rag_counts = _leaf_counts(node)
    return [GoalTree(g, sorted(roots.get(g.pk, []), key=order)) for g in goals]


def _leaf_counts(node: Node) -> str:
    """ "2 red, 1 green": the leaves below a headline action by colour, shown beside its rolled-up colour."""
    found: list[str] = []
    stack = list(node.children)
    while stack:
        child = stack.pop()
        if child.children:
            stack.extend(child.children)
        else:
            found.append(child.action.rag)
    return RagResult(node.action.rag, "", counts={c: found.count(c) for c in set(found)}).counts_text()


def plan_last_changed(plan: Plan) -> str:
    """When anything an export shows last changed (the plan, its goals, actions, updates): a file built after it is
    still current. Two queries, whatever the plan's size."""
    from django.db.models import Max

    latest = [
        Action.history.filter(plan_id=plan.pk).aggregate(m=Max("history_date"))["m"],
        ProgressUpdate.objects.filter(action__plan=plan).aggregate(m=Max("created_at"))["m"],
        Goal.history.filter(plan_id=plan.pk).aggregate(m=Max("history_date"))["m"],
        plan.history.aggregate(m=Max("history_date"))["m"],
    ]
    stamps = [moment for moment in latest if moment is not None]
    return max(stamps).isoformat() if stamps else "never"


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
    return action_detail_queryset().get(pk=pk)


def action_detail_queryset() -> QuerySet:
    return Action.objects.select_related("plan", "goal", "parent", "service_area", "rag_override_by").prefetch_related(
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


def action_current_rag(action: Action, *, today: date | None = None) -> RagResult:
    """The colour the action shows today: its own, or rolled up from the actions below it."""
    today = today or timezone.localdate()
    own = action_rag(action, today=today)
    if not action.children.all():  # prefetched by action_detail
        return own
    rules = RagRules.for_plan(action.plan)
    below = [
        a
        for a in Action.objects.filter(plan_id=action.plan_id, reference__startswith=action.reference + ".")
        if is_below(a.reference, action.reference)
    ]
    parents = {a.parent_id for a in below}
    return roll_up(own, [action_rag(a, today=today, rules=rules) for a in below if a.pk not in parents])


def action_history(action: Action, *, limit: int = 100) -> list[Change]:
    """A readable timeline, newest first: who changed which field (leads and themes too), from what to what, when.

    Evidence links are separate records; their additions and removals are merged into the same timeline.
    """
    records = list(action.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = timeline(records, hidden={"plan", "goal", "imported", "last_update_on"})
    links = list(
        EvidenceLink.history.filter(action_id=action.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    changes += [
        Change(
            r.history_date,
            str(r.history_user or "The system (import)"),
            {"+": "Evidence link added", "-": "Evidence link removed"}.get(r.history_type, "Evidence link edited"),
            [],
            f"{r.title} ({r.url})",
            r.history_type,
        )
        for r in links
    ]
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def plan_history(plan: Plan, *, limit: int = 50) -> list[Change]:
    """Changes to the plan and its goals, newest first, in a fixed number of queries."""
    plan_records = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    goal_records = list(
        Goal.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")[: 20 * limit]
    )
    changes = timeline(plan_records, subject=lambda r: "Plan")
    changes += timeline(goal_records, hidden={"plan"}, subject=lambda r: f"Goal {r.number}")
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


def placeholder_leads(user=None) -> QuerySet:
    """People named in plans and not linked to an account yet, with how many actions name them.

    Given a user, only those this person may link: named only on plans they may edit (all, for administrators).
    """
    leads = Lead.objects.filter(kind=Lead.Kind.PERSON, user__isnull=True)
    if user is not None and not has_role(user, Role.ADMINISTRATOR):
        others = Plan.objects.exclude(owners=user)
        leads = leads.filter(actions__plan__owners=user).exclude(actions__plan__in=others)
    return leads.annotate(action_count=Count("actions", distinct=True)).order_by("name")


def recent_lead_links(*, limit: int = 20) -> list:
    """Who linked which lead to which account, newest first (from the leads' history)."""
    return list(
        Lead.history.filter(history_change_reason__startswith="Linked to")
        .select_related("history_user", "user")
        .order_by("-history_date")[:limit]
    )


def action_edit_values(action: Action) -> dict:
    """What the owner's edit form shows, in the shape the form cleans to: the form, the stale-edit merge and the
    service compare these values field by field."""
    return {
        "title": action.title,
        "detail": action.detail,
        "measurable": action.measurable,
        "timescale_text": action.timescale_text,
        "due_date": action.due_date,
        "leads": list(action.leads.all()),
        "service_area": action.service_area,
        "themes": list(action.themes.all()),
        "pillars": list(action.pillars.all()),
        "immediate_need": action.immediate_need,
        "update_requested": action.update_requested,
        "recommendation_for_corporate_action": action.recommendation_for_corporate_action,
        "cross_references": list(action.cross_references.all()),
        "evidence_links": [(link.title, link.url) for link in action.evidence_links.all()],
    }


@dataclass
class MeasureSeries:
    measure: object
    values: list
    chart: object  # shared.charts.Chart: the values as a line against the target, with its table


def goal_measures(goal: Goal) -> list[MeasureSeries]:
    """A goal's measures with their values per period and a chart of each, in two queries."""
    from shared.charts import Point, line_chart

    series = []
    for measure in goal.measures.prefetch_related("values"):
        values = list(measure.values.all())
        chart = line_chart(
            id=f"measure-{measure.pk}",
            title=measure.title,
            points=[Point(v.period_label, v.value) for v in values],
            series_label=measure.title,
            group_label="Period",
            value_label=measure.unit or "Value",
            unit=measure.unit if measure.unit == "%" else "",
            target=measure.target_value,
        )
        series.append(MeasureSeries(measure, values, chart))
    return series


def comments_awaiting(user) -> QuerySet:
    """Open review comments assigned to this person, oldest first, with the action each is on."""
    return (
        ReviewComment.objects.filter(assigned_to=user, state=ReviewComment.State.OPEN)
        .select_related("action", "action__plan", "author")
        .order_by("created_at", "pk")
    )
