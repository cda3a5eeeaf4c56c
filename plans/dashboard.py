"""Plans' panels on the leadership dashboard: where every plan stands and what is slipping.

Each panel is a selector (`build(request) -> context`) and a template in templates/plans/panels/, registered in
PlansConfig.ready(). The dashboard passes the filters from its URL (plan, service area, theme, pillar, lead).
Every panel here applies all of them except key measures, which belong to a plan's goals rather than to actions
and so follow the plan filter only; each panel declares the filters it applies (`Panel.filters`) and the
dashboard says under a panel's heading which chosen ones it could not. List panels also give `table(request)`
so the dashboard can export the whole filtered list as CSV or Excel. Queries are fixed in number whatever the
data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from organisation.models import Lead, Unit
from shared.charts import Group, rag_bar_chart, rag_trend_chart
from shared.panels import Filter, Panel, PanelRequest
from shared.roles import Role

from . import past, selectors
from .choices import Rag, Status
from .models import Action, Measure, MeasureValue, Pillar, Plan, ProgressUpdate, ReviewComment, Theme
from .rag import URGENCY, stale_condition

LEADERSHIP = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})
LIST_LENGTH = 10  # rows a list panel shows; the export has them all
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.ONGOING]
EVERY_FILTER = frozenset({"plan", "service_area", "theme", "pillar", "lead"})  # the filters registered below


def _id(filters: dict, name: str) -> int | None:
    value = filters.get(name)
    return int(value) if value and str(value).isdigit() else None


def filtered_actions(filters: dict) -> QuerySet:
    """Actions matching the dashboard's filters (each filter applies when set)."""
    actions = Action.objects.all()
    if plan := _id(filters, "plan"):
        actions = actions.filter(plan_id=plan)
    if area := _id(filters, "service_area"):
        below = Unit.objects.filter(Q(pk=area) | Q(parent_id=area) | Q(parent__parent_id=area)).values("pk")
        actions = actions.filter(service_area__in=below)
    if theme := _id(filters, "theme"):
        actions = actions.filter(themes=theme)
    if pillar := _id(filters, "pillar"):
        actions = actions.filter(pillars=pillar)
    if lead := _id(filters, "lead"):
        actions = actions.filter(leads=lead)
    return actions


def _leaves_with_rag(request: PanelRequest) -> QuerySet:
    return selectors.actions_with_rag(selectors.leaves(filtered_actions(request.filters)), today=request.today)


# --- RAG counts -------------------------------------------------------------------------------------------

GROUPINGS = [
    ("plan", "plan__title", "Plan"),
    ("goal", "goal__title", "Goal"),
    ("service_area", "service_area__name", "Service area"),
    ("theme", "themes__name", "Theme"),
    ("pillar", "pillars__name", "Pillar"),
    ("lead", "leads__name", "Lead"),
]


MANY_TO_MANY = {"theme", "pillar", "lead"}


def rag_summary(request: PanelRequest) -> dict:
    """Counts by colour overall and by plan (or, for one plan, by goal), service area, theme, pillar and lead."""
    leaves = _leaves_with_rag(request)
    totals = {colour: 0 for colour in Rag.values}
    for row in leaves.order_by().values("rag").annotate(n=Count("pk", distinct=True)):
        totals[row["rag"]] = row["n"]
    wanted = [g for g in GROUPINGS if g[0] != ("plan" if _id(request.filters, "plan") else "goal")]
    charts, unused = [], []
    for key, field, label in wanted:
        by_group: dict[str, dict[str, int]] = defaultdict(lambda: {c: 0 for c in Rag.values})
        for row in leaves.order_by().values(field, "rag").annotate(n=Count("pk", distinct=True)):
            by_group[row[field] or f"No {label.lower()}"][row["rag"]] = row["n"]
        if list(by_group) in ([], [f"No {label.lower()}"]):
            unused.append(label.lower())  # nothing is grouped this way yet: a chart of one bar would say nothing
            continue
        groups = sorted(by_group.items(), key=lambda item: (-item[1][Rag.RED], -sum(item[1].values()), item[0]))
        if key == "lead":
            groups = groups[:20]  # the 20 leads with most red and most actions: the full list exports
        summary = None
        if key in MANY_TO_MANY:
            summary = (
                f"An action with several {label.lower()}s is counted under each of them, so these bars may add up "
                f"to more than the {sum(totals.values())} actions."
            )
        charts.append(
            rag_bar_chart(
                id=f"rag-by-{key}{'-pack' if request.for_pack else ''}",
                title=f"Actions by {label.lower()} and colour",
                groups=[Group(name, counts) for name, counts in groups],
                group_label=label,
                summary=summary,
            )
        )
    total = sum(totals.values())
    open_total = total - totals[Rag.BLUE] - totals[Rag.CLOSED]
    return {"totals": totals, "total": total, "open_total": open_total, "charts": charts, "unused": unused}


def rag_trend(request: PanelRequest) -> dict:
    points = past.rag_trend(filtered_actions(request.filters), today=request.today, months=12)
    summary = None
    if len(points) >= 2:
        now, before = points[-1].counts, points[-2].counts
        total = sum(now.values())
        change = now[Rag.RED] - before[Rag.RED]
        trend = "up from" if change > 0 else "down from" if change < 0 else "the same as"
        summary = f"{now[Rag.RED]} of {total} actions are red, {trend} {before[Rag.RED]} a month before."
    chart = rag_trend_chart(
        id=f"rag-trend{'-pack' if request.for_pack else ''}",
        title="Colours by month",
        groups=[Group(p.label, p.counts) for p in points],
        group_label="Month",
        summary=summary,
    )
    first = past.ActionDay.objects.order_by("day").values_list("day", flat=True).first()
    return {"chart": chart, "recorded_since": first}


# --- lists ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    order: str | None = None  # the field the list sorts on for this column (None: not sortable); "-" reverses


@dataclass
class ListRows:
    columns: list[Column]
    rows: list[dict]  # column key -> value, plus "url"
    total: int
    sort: str

    @property
    def colour_column(self) -> bool:
        """True when one of the list's own columns is the colour (sorted on), so it is not added again."""
        return any(c.key == "colour" for c in self.columns)


def _ordering(columns: list[Column], sort: str, default: str) -> tuple[str, list[str]]:
    """The sort a person asked for in the URL (or the list's default) and the SQL ordering it means."""
    by_key = {c.key: c for c in columns if c.order}
    wanted = sort if sort.lstrip("-") in by_key else default
    column = by_key[wanted.lstrip("-")]
    descending = wanted.startswith("-") != column.order.startswith("-")
    field = column.order.lstrip("-")
    return wanted, [("-" if descending else "") + field, "reference", "pk"]


def _action_row(action, **extra) -> dict:
    return {
        "reference": action.reference,
        "title": action.title,
        "plan": action.plan.title,
        "rag": action.rag,
        "leads": ", ".join(lead.name for lead in action.leads.all()) or "None",
        "url": reverse("plans:action_detail", args=[action.pk]),
        **extra,
    }


def _list(request: PanelRequest, name: str, queryset, columns, default_sort, extra, limit) -> ListRows:
    """Sorted and cut in SQL: the panel reads the rows it shows, the download all of them."""
    sort, ordering = _ordering(columns, request.filters.get(f"sort_{name}", ""), default_sort)
    ordered = queryset.order_by(*ordering)
    actions = list(ordered[:limit] if limit else ordered)
    rows = [_action_row(a, **extra(a)) for a in actions]
    return ListRows(columns, rows, queryset.count() if limit else len(rows), sort)


BASE_COLUMNS = [
    Column("reference", "Action", order="reference"),
    Column("plan", "Plan", order="plan__title"),
    Column("leads", "Leads"),
]


def overdue(request: PanelRequest, limit: int | None = None) -> ListRows:
    queryset = _leaves_with_rag(request).filter(due_date__lt=request.today, status__in=OPEN)
    columns = [
        *BASE_COLUMNS,
        Column("due_date", "Due", order="due_date"),
        Column("days", "Days overdue", numeric=True, order="-due_date"),
    ]
    return _list(
        request,
        "overdue",
        queryset,
        columns,
        "-days",
        lambda a: {"due_date": a.due_date, "days": (request.today - a.due_date).days},
        limit,
    )


def update_needed(request: PanelRequest, limit: int | None = None) -> ListRows:
    """Open actions nobody has updated within their plan's window, or whose update was asked for."""
    stale = stale_condition(today=request.today, plan_rules=selectors.plan_rules())
    queryset = (
        _leaves_with_rag(request)
        .filter(status__in=OPEN)
        .filter(stale)
        .annotate(freshness=Coalesce("last_update_on", "created_on"))
    )
    columns = [
        *BASE_COLUMNS,
        Column("last_update_on", "Last update", order="freshness"),
        Column("days", "Days since", numeric=True, order="-freshness"),
    ]
    return _list(
        request,
        "update_needed",
        queryset,
        columns,
        "-days",
        lambda a: {"last_update_on": a.last_update_on, "days": (request.today - a.freshness).days},
        limit,
    )


def immediate_need(request: PanelRequest, limit: int | None = None) -> ListRows:
    queryset = (
        _leaves_with_rag(request)
        .filter(immediate_need=True, status__in=OPEN)
        .annotate(
            urgency=Case(
                *[When(rag=colour, then=Value(rank)) for colour, rank in URGENCY.items()],
                default=Value(9),
                output_field=IntegerField(),
            )
        )
    )
    columns = [*BASE_COLUMNS, Column("colour", "Colour", order="urgency")]
    return _list(request, "immediate_need", queryset, columns, "colour", lambda a: {"colour": a.urgency}, limit)


def no_lead_or_date(request: PanelRequest, limit: int | None = None) -> ListRows:
    no_lead = ~Exists(Action.leads.through.objects.filter(action_id=OuterRef("pk")))
    queryset = (
        _leaves_with_rag(request)
        .filter(status__in=OPEN)
        .annotate(no_lead=no_lead)
        .filter(Q(no_lead=True) | Q(due_date__isnull=True, ongoing=False))
    )
    columns = [*BASE_COLUMNS, Column("missing", "Missing"), Column("timescale", "Timescale as written")]

    def missing(action):
        parts = ["a lead"] if action.no_lead else []
        if action.due_date is None and not action.ongoing:
            parts.append("a date")
        return " and ".join(parts)

    return _list(
        request,
        "no_lead_or_date",
        queryset,
        columns,
        "reference",
        lambda a: {"missing": missing(a), "timescale": a.timescale_text or "(none)"},
        limit,
    )


def comments_waiting(request: PanelRequest, limit: int | None = None) -> ListRows:
    actions = filtered_actions(request.filters).values("pk")
    comments = ReviewComment.objects.filter(state=ReviewComment.State.OPEN, action__in=actions).select_related(
        "action", "action__plan", "assigned_to"
    )
    columns = [
        Column("reference", "Action", order="action__reference"),
        Column("plan", "Plan", order="action__plan__title"),
        Column("question", "Question"),
        Column("assigned", "Waiting for"),
        Column("days", "Days waiting", numeric=True, order="-created_at"),
    ]
    sort, ordering = _ordering(columns, request.filters.get("sort_comments_waiting", ""), "-days")
    ordered = comments.order_by(
        *[o.replace("reference", "action__reference") if o == "reference" else o for o in ordering]
    )
    chosen = list(ordered[:limit] if limit else ordered)
    rows = [
        {
            "reference": c.action.reference,
            "plan": c.action.plan.title,
            "question": c.text,
            "assigned": str(c.assigned_to or c.assigned_to_name or "Nobody named"),
            "days": (request.today - c.created_at.date()).days,
            "url": reverse("plans:action_detail", args=[c.action_id]) + f"#comment-{c.pk}",
        }
        for c in chosen
    ]
    return ListRows(columns, rows, comments.count() if limit else len(rows), sort)


LISTS = {
    "overdue": ("Overdue actions", overdue),
    "update_needed": ("Actions needing an update", update_needed),
    "immediate_need": ("Immediate-need actions still open", immediate_need),
    "no_lead_or_date": ("Actions with no lead or no date", no_lead_or_date),
    "comments_waiting": ("Review comments waiting for an answer", comments_waiting),
}


def list_panel(name: str):
    title, rows_of = LISTS[name]

    def build(request: PanelRequest) -> dict:
        found = rows_of(request, LIST_LENGTH)
        return {
            "name": name,
            "title": title,
            "list": found,
            "rows": found.rows[:LIST_LENGTH],
            "more": max(found.total - LIST_LENGTH, 0),
        }

    return build


def list_table(name: str, request: PanelRequest) -> tuple[list[str], list[list]]:
    """The whole filtered list, for CSV and Excel: headers and rows of plain values."""
    found = LISTS[name][1](request)
    colour = [] if found.colour_column else ["Colour"]
    headers = [c.label for c in found.columns] + ["Title", *colour, "Address"]
    rows = [
        [row.get(c.key) if c.key != "colour" else Rag(row["rag"]).label for c in found.columns]
        + [row.get("title", "")]
        + ([Rag(row["rag"]).label if row.get("rag") else ""] if colour else [])
        + [row["url"]]
        for row in found.rows
    ]
    return headers, rows


# --- recent updates and measures ----------------------------------------------------------------------------


def recent_updates(request: PanelRequest) -> dict:
    actions = filtered_actions(request.filters).values("pk")
    updates = (
        ProgressUpdate.objects.filter(action__in=actions, created_at__date__gte=request.today - timedelta(days=30))
        .select_related("action", "action__plan")
        .order_by("-created_at")[:LIST_LENGTH]
    )
    return {"updates": list(updates), "for_pack": request.for_pack}


def key_measures(request: PanelRequest) -> dict:
    """The latest value of each measure against its target; measures belong to goals, so only the plan filters."""
    measures = Measure.objects.select_related("goal", "goal__plan").annotate(latest=Max("values__period_start"))
    if plan := _id(request.filters, "plan"):
        measures = measures.filter(goal__plan_id=plan)
    measures = list(measures.order_by("goal__plan__title", "goal__position", "position")[:30])
    latest = {
        (v.measure_id, v.period_start): v
        for v in MeasureValue.objects.filter(
            measure__in=measures, period_start__in=[m.latest for m in measures if m.latest]
        )
    }
    rows = []
    for measure in measures:
        value = latest.get((measure.pk, measure.latest))
        rows.append({"measure": measure, "value": value, "status": _against_target(measure, value)})
    return {"rows": rows}


def _against_target(measure, value) -> str:
    if value is None:
        return "No value yet"
    if measure.target_value is None or measure.direction == Measure.Direction.NONE:
        return "No numeric target"
    better = (
        value.value >= measure.target_value
        if measure.direction == Measure.Direction.INCREASE
        else (value.value <= measure.target_value)
    )
    return "Meets the target" if better else "Short of the target"


# --- registration -----------------------------------------------------------------------------------------


def register() -> None:
    from shared import panels

    panels.register(
        Panel(
            "plans.rag_summary",
            "Where the plans stand",
            "plans/panels/rag_summary.html",
            rag_summary,
            LEADERSHIP,
            order=10,
            filters=EVERY_FILTER,
            packable=True,
        )
    )
    panels.register(
        Panel(
            "plans.trend",
            "Colours over time",
            "plans/panels/trend.html",
            rag_trend,
            LEADERSHIP,
            order=20,
            filters=EVERY_FILTER,
            packable=True,
        )
    )
    for order, name in enumerate(LISTS, start=30):
        panels.register(
            Panel(
                f"plans.{name}",
                LISTS[name][0],
                "plans/panels/list.html",
                list_panel(name),
                LEADERSHIP,
                order=order,
                table=lambda request, name=name: list_table(name, request),
                filters=EVERY_FILTER,
            )
        )
    panels.register(
        Panel(
            "plans.recent_updates",
            "Recent progress updates",
            "plans/panels/recent_updates.html",
            recent_updates,
            LEADERSHIP,
            order=40,
            filters=EVERY_FILTER,
        )
    )
    panels.register(
        Panel(
            "plans.measures",
            "Key measures against target",
            "plans/panels/measures.html",
            key_measures,
            LEADERSHIP,
            order=45,
            packable=True,
            filters=frozenset({"plan"}),
            unfiltered_because="measures belong to a plan's goals, not to its actions",
        )
    )
    panels.register_filter(
        Filter("plan", "Plan", lambda: [(str(p.pk), p.title) for p in Plan.objects.only("title")], order=10)
    )
    panels.register_filter(
        Filter("theme", "Theme", lambda: [(str(t.pk), t.name) for t in Theme.objects.all()], order=30)
    )
    panels.register_filter(
        Filter("pillar", "Pillar", lambda: [(str(p.pk), p.name) for p in Pillar.objects.all()], order=40)
    )
    panels.register_filter(
        Filter(
            "lead",
            "Lead",
            lambda: [
                (str(lead.pk), str(lead))
                for lead in Lead.objects.filter(actions__isnull=False).distinct().only("name", "full_name")
            ],
            order=50,
        )
    )
    panels.register_filter(
        Filter(
            "service_area",
            "Service area",
            lambda: [(str(u.pk), u.name) for u in Unit.objects.exclude(kind=Unit.Kind.COUNCIL).only("name")],
            order=20,
        )
    )
