"""Every read of incidents beyond a .get(): lists with deadline flags, a case, summaries and trends (suppressed).

Counts of incidents are counts of people's experiences: every figure that leaves a case page goes through
shared.disclosure, so fewer than 5 (and whatever would let one be worked out) shows as [c].
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from shared import charts, disclosure, workdays
from shared.disclosure import Figure
from shared.history import Change, timeline

from . import access
from .deadlines import FLAG_LABELS, Flag, due_soon_cutoff, flag
from .models import (
    ASKED_SATISFACTION,
    KIND_SHORT,
    OPEN_STATUSES,
    AccessGrant,
    Category,
    ChecklistItem,
    Deadline,
    Incident,
    IncidentAccess,
    Kind,
    Message,
    Mode,
    Outcome,
    PartnerAgency,
    Review,
    Satisfaction,
    Status,
    StatusChange,
)

NOT_RECORDED = "Not recorded (the reporter)"


def threshold() -> int:
    """The council's small-number threshold (DISCLOSURE_THRESHOLD, default 5)."""
    return getattr(settings, "DISCLOSURE_THRESHOLD", disclosure.THRESHOLD)


def suppress_counts(counts, **kwargs):
    return disclosure.suppress_counts(counts, threshold=threshold(), **kwargs)


def suppress_table(rows, **kwargs):
    return disclosure.suppress_table(rows, threshold=threshold(), **kwargs)


def share_of_counts(part: int, whole: int) -> Figure:
    return disclosure.share_of_counts(part, whole, threshold=threshold())


def footnote() -> str:
    return disclosure.footnote(threshold())


# --- Lists ---------------------------------------------------------------------------------------------------------


def with_next_due(queryset: QuerySet) -> QuerySet:
    """Each incident's nearest deadline not yet met, as `next_due` (one aggregate in the same query)."""
    return queryset.annotate(next_due=Min("deadlines__due_on", filter=Q(deadlines__met_on__isnull=True)))


def incident_list(user, *, today: date | None = None) -> QuerySet:
    """The incidents this person may see, with what list rows show, most urgent first."""
    return (
        with_next_due(access.visible_incidents(user))
        .select_related("service", "handler", "partner_agency")
        .order_by("next_due", "-received_on", "-pk")
    )


def flag_rows(incidents: Iterable[Incident], *, today: date | None = None) -> list[Incident]:
    """Sets `flag` and `flag_label` on each row from its `next_due` (no queries: the calendar is read once)."""
    today = today or timezone.localdate()
    soon = due_soon_cutoff(today, workdays.calendar())
    rows = list(incidents)
    for incident in rows:
        incident.flag = flag(getattr(incident, "next_due", None), today=today, soon_until=soon)
        incident.flag_label = FLAG_LABELS[incident.flag]
    return rows


def flag_filter(queryset: QuerySet, value: str, *, today: date | None = None) -> QuerySet:
    """Only overdue or due-soon incidents, in SQL (the list's filter)."""
    today = today or timezone.localdate()
    if value == Flag.OVERDUE:
        return queryset.filter(next_due__lt=today)
    if value == Flag.DUE_SOON:
        return queryset.filter(next_due__gte=today, next_due__lte=due_soon_cutoff(today, workdays.calendar()))
    return queryset


def my_reports(user) -> QuerySet:
    """A signed-in reporter's own named and confidential reports (anonymous ones are not linked to anyone)."""
    return (
        Incident.objects.filter(reporter=user)
        .exclude(mode=Mode.ANONYMOUS)
        .select_related("service")
        .order_by("-received_on", "-pk")
    )


# --- One case --------------------------------------------------------------------------------------------------------


def incident_detail_queryset() -> QuerySet:
    return Incident.objects.select_related("service", "handler", "reporter", "partner_agency").prefetch_related(
        "categories",
        Prefetch("checklist", queryset=ChecklistItem.objects.select_related("recorded_by", "partner_agency")),
        Prefetch("deadlines", queryset=Deadline.objects.select_related("extended_by")),
        Prefetch("messages", queryset=Message.objects.select_related("author").order_by("pk")),
        Prefetch("status_changes", queryset=StatusChange.objects.select_related("by")),
    )


def incident_history(incident: Incident, *, limit: int = 100) -> list[Change]:
    """The case's changes and its checklist's, newest first; the reporter is never named as having made one."""
    records = list(
        Incident.history.filter(id=incident.pk).select_related("history_user").order_by("-history_date")[:limit]
    )
    changes = timeline(records, hidden={"affected", "reporter", "reporter_key_hash", "created_at"})
    item_records = list(
        ChecklistItem.history.filter(incident_id=incident.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    steps = {value: label for value, label in ChecklistItem._meta.get_field("step").choices}
    # A step's creation is part of the report itself: only what people recorded on it is shown.
    changes += [
        change
        for change in timeline(
            item_records,
            hidden={"position", "recorded_at", "recorded_by", "incident"},
            subject=lambda record: str(steps.get(record.step, record.step)),
        )
        if change.kind != "+"
    ]
    for change in changes:
        if change.who == "The system (import)":
            change.who = NOT_RECORDED if change.kind == "+" else "The system"
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def reporter_status(incident: Incident) -> str:
    """Where the report is, in words for the person who made it (no names, no internal detail)."""
    return {
        Status.NEW: "Received: waiting to be assigned to someone to look into it",
        Status.ASSIGNED: "Received: someone has been asked to look into it",
        Status.ACKNOWLEDGED: "Acknowledged: it is being looked into",
        Status.RESTORATIVE: "Being resolved through the restorative route you can ask for",
        Status.INVESTIGATING: "Being investigated",
        Status.OUTCOME: "An outcome has been reached",
        Status.CLOSED: "Closed",
    }[Status(incident.status)]


# --- Suppressed figures ----------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    figure: Figure


@dataclass
class Section:
    """One block of a summary: labelled figures (all suppressed), an optional total and a note."""

    key: str
    title: str
    rows: list[Row]
    total: Figure | None = None
    note: str = ""
    row_label: str = ""  # what the rows are, heading their column

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "row_label": self.row_label,
            "rows": [[row.label, row.figure.display] for row in self.rows],
            "total": self.total.display if self.total is not None else None,
            "note": self.note,
        }


def single(count: int) -> Figure:
    """One count on its own: hidden when it is from 1 to 4."""
    return suppress_counts([count]).cells[0]


def series(
    key: str,
    title: str,
    counted: Sequence[tuple[str, int]],
    *,
    total: bool = True,
    note: str = "",
    row_label: str = "",
) -> Section:
    if not counted:
        return Section(key, title, [], single(0) if total else None, note, row_label)
    published = suppress_counts([n for _, n in counted])
    rows = [Row(label, figure) for (label, _), figure in zip(counted, published.cells, strict=True)]
    return Section(key, title, rows, published.total if total else None, note, row_label)


def _median_working_days(pairs: Iterable[tuple[date, date]], cal: workdays.WorkingCalendar) -> Figure:
    days = [cal.working_days_between(start, end) for start, end in pairs if start and end]
    if len(days) < threshold():  # a middle value of a handful of people's cases says too much about each
        return Figure.confidential(disclosure.small_reason(threshold())) if days else _none()
    return Figure.shown(round(statistics.median(days), 1))


# --- The leadership review summary ----------------------------------------------------------------------------------


@dataclass
class Summary:
    period_start: date
    period_end: date
    received: Figure
    sections: list[Section] = field(default_factory=list)
    timings: list[Row] = field(default_factory=list)
    alerts: list[PartnerAlert] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON a completed review freezes: figures as shown, so the record never changes afterwards."""
        return {
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "received": self.received.display,
            "sections": [section.as_dict() for section in self.sections],
            "timings": [[row.label, row.figure.display] for row in self.timings],
            "alerts": [alert.sentence for alert in self.alerts],
            "footnote": footnote(),
        }


def _counted(rows: Iterable[dict], key: str, labels: dict | None = None, *, order: Sequence | None = None):
    found = {row[key]: row["n"] for row in rows}
    if order is not None:
        return [(str((labels or {}).get(k, k)), found.get(k, 0)) for k in order]
    return sorted(((str((labels or {}).get(k, k)), n) for k, n in found.items() if k is not None), key=lambda p: p[0])


def review_summary(period_start: date, period_end: date, *, today: date | None = None) -> Summary:
    """The period's summary for leadership, in a fixed number of queries whatever the number of incidents."""
    today = today or timezone.localdate()
    as_at = min(today, period_end)
    cal = workdays.calendar()
    received = Incident.objects.filter(received_on__gte=period_start, received_on__lte=period_end)
    by_kind = received.order_by().values("kind").annotate(n=Count("pk"))
    kind_rows = _counted(by_kind, "kind", dict(KIND_SHORT), order=list(Kind))
    total = sum(n for _, n in kind_rows)
    by_category = (
        Category.objects.order_by("position", "name")
        .annotate(n=Count("incidents", filter=Q(incidents__in=received)))
        .values_list("name", "n")
    )
    by_service = received.order_by().values("service__name").annotate(n=Count("pk"))
    by_partner = (
        received.filter(partner_agency__isnull=False).order_by().values("partner_agency__name").annotate(n=Count("pk"))
    )
    # Open at the end of the period (or today): received by then and not closed by then.
    open_then = Incident.objects.filter(received_on__lte=as_at).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_at)
    )
    overdue = (
        Deadline.objects.filter(incident__in=open_then, due_on__lt=as_at)
        .filter(Q(met_on__isnull=True) | Q(met_on__gt=as_at))
        .values("incident")
        .distinct()
        .count()
    )
    decided = Incident.objects.filter(outcome_recorded_on__gte=period_start, outcome_recorded_on__lte=period_end)
    outcomes = decided.exclude(outcome="").order_by().values("outcome").annotate(n=Count("pk"))
    satisfaction = (
        Incident.objects.filter(closed_on__gte=period_start, closed_on__lte=period_end)
        .exclude(satisfaction="")
        .order_by()
        .values("satisfaction")
        .annotate(n=Count("pk"))
    )
    satisfaction_rows = _counted(satisfaction, "satisfaction", dict(Satisfaction.choices), order=list(Satisfaction))
    asked = sum(n for label, n in satisfaction_rows if label in {str(s.label) for s in ASKED_SATISFACTION})
    satisfied = dict(satisfaction_rows).get(str(Satisfaction.SATISFIED.label), 0)
    acknowledged = Incident.objects.filter(
        acknowledged_on__gte=period_start, acknowledged_on__lte=period_end
    ).values_list("received_on", "acknowledged_on")
    closed = Incident.objects.filter(closed_on__gte=period_start, closed_on__lte=period_end).values_list(
        "received_on", "closed_on"
    )
    met = Deadline.objects.filter(met_on__gte=period_start, met_on__lte=period_end).values_list("met_on", "due_on")
    met = list(met)
    on_time = sum(1 for met_on, due_on in met if met_on <= due_on)

    summary = Summary(period_start, period_end, received=single(total))
    summary.sections = [
        series("kind", "Reports by kind", kind_rows, row_label="Kind"),
        series(
            "category",
            "Reports by kind of racism",
            list(by_category),
            total=False,
            note="A report can name several kinds of racism, so these add up to more than the reports.",
            row_label="Kind of racism",
        ),
        series("service", "Reports by service", _counted(by_service, "service__name"), row_label="Service"),
        series(
            "partner",
            "Reports naming a partner agency",
            _counted(by_partner, "partner_agency__name"),
            row_label="Partner agency",
        ),
        # Two counts that stand alone (the overdue are some of the open): each suppressed on its own.
        Section(
            "open",
            "Open and overdue",
            [
                Row("Open at the end of the period", single(open_then.count())),
                Row("Overdue at the end of the period", single(overdue)),
            ],
            note="Overdue: a deadline passed and not met by then.",
            row_label="Incidents",
        ),
        series(
            "outcome",
            "Outcomes recorded",
            _counted(outcomes, "outcome", dict(Outcome.choices), order=list(Outcome)),
            row_label="Outcome",
        ),
        series(
            "satisfaction",
            "Satisfaction with the outcome (incidents closed in the period)",
            satisfaction_rows,
            row_label="What the person said",
        ),
    ]
    summary.timings = [
        Row("Working days to acknowledge (middle value)", _median_working_days(acknowledged, cal)),
        Row("Working days from report to closing (middle value)", _median_working_days(closed, cal)),
        Row("Share of people asked who were satisfied (%)", share_of_counts(satisfied, asked) if asked else _none()),
        Row("Share of deadlines met on time (%)", share_of_counts(on_time, len(met)) if met else _none()),
    ]
    summary.alerts = partner_alerts(today=as_at)
    return summary


def _none() -> Figure:
    return Figure.not_applicable("none in the period")


# --- Partner agencies ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerAlert:
    partner: str
    since: date
    until: date
    sentence: str


def alert_settings() -> tuple[int, int]:
    """(reports, days): an alert when at least this many reports name one partner agency within this many days."""
    return (
        getattr(settings, "INCIDENT_PARTNER_ALERT_REPORTS", 3),
        getattr(settings, "INCIDENT_PARTNER_ALERT_DAYS", 90),
    )


def partner_alerts(*, today: date | None = None) -> list[PartnerAlert]:
    """Partner agencies named by several reports recently: a prompt to raise it with them (no count, no details)."""
    today = today or timezone.localdate()
    threshold, days = alert_settings()
    since = today - timedelta(days=days)
    rows = (
        Incident.objects.filter(partner_agency__isnull=False, occurred_on__gte=since, occurred_on__lte=today)
        .order_by()
        .values("partner_agency__name")
        .annotate(n=Count("pk"))
        .filter(n__gte=threshold)
        .order_by("partner_agency__name")
    )
    return [
        PartnerAlert(
            row["partner_agency__name"],
            since,
            today,
            f"Several reports (at least {threshold}) named {row['partner_agency__name']} in the last {days} days: "
            "consider raising the themes with them under the escalation protocol.",
        )
        for row in rows
    ]


@dataclass
class PartnerThemes:
    period_start: date
    period_end: date
    categories: list[str]
    rows: list[tuple[str, list[Figure], Figure]]  # partner, a figure per category, reports naming it
    column_totals: list[Figure] | None
    alerts: list[PartnerAlert]
    footnote: str = field(default_factory=footnote)


def partner_themes(period_start: date, period_end: date) -> PartnerThemes:
    """Per partner agency, its reports by kind of racism: themes to feed back, with no personal details."""
    categories = list(Category.objects.order_by("position", "name").values_list("pk", "name"))
    counts = (
        Incident.objects.filter(
            partner_agency__isnull=False, occurred_on__gte=period_start, occurred_on__lte=period_end
        )
        .order_by()
        .values("partner_agency__name", "categories")
        .annotate(n=Count("pk", distinct=True))
    )
    reports = dict(
        Incident.objects.filter(
            partner_agency__isnull=False, occurred_on__gte=period_start, occurred_on__lte=period_end
        )
        .order_by()
        .values("partner_agency__name")
        .annotate(n=Count("pk"))
        .values_list("partner_agency__name", "n")
    )
    grid: dict[str, dict[int, int]] = defaultdict(dict)
    for row in counts:
        if row["categories"] is not None:
            grid[row["partner_agency__name"]][row["categories"]] = row["n"]
    partners = sorted(reports)
    rows: list[tuple[str, list[Figure], Figure]] = []
    column_totals = None
    if partners and categories:
        # Categories overlap (a report names several), so no row or column adds up: each figure stands alone.
        table = suppress_table(
            [[grid[p].get(pk, 0) for pk, _ in categories] for p in partners], row_totals=False, column_totals=False
        )
        totals = suppress_counts([reports[p] for p in partners])
        rows = [
            (p, list(cells), totals.cells[i]) for i, (p, cells) in enumerate(zip(partners, table.cells, strict=True))
        ]
        column_totals = None
    return PartnerThemes(
        period_start,
        period_end,
        [name for _, name in categories],
        rows,
        column_totals,
        partner_alerts(today=period_end),
    )


# --- Trends -----------------------------------------------------------------------------------------------------------


def months_between(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


@dataclass
class Trends:
    months: list[date]
    chart: charts.Chart
    tables: list[TrendTable]


@dataclass
class TrendTable:
    key: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Figure], Figure]]  # month, a figure per column, the month's total
    column_totals: list[Figure]
    grand_total: Figure | None
    footnote: str = field(default_factory=footnote)


def _month_table(
    key, caption, months, columns, counts: dict[tuple[date, object], int], column_keys, *, month_totals: bool = False
) -> TrendTable:
    """Months by columns, suppressed as one table. Only the table by kind publishes the month totals: if the other
    tables published them too, each would suppress them its own way and one could give away another's hidden cell."""
    grid = [[counts.get((m, k), 0) for k in column_keys] for m in months]
    if not months or not column_keys:
        return TrendTable(key, caption, columns, [], [], None)
    table = suppress_table(grid, row_totals=month_totals)
    totals = table.row_totals or [None] * len(months)
    rows = [(f"{m:%B %Y}", list(cells), total) for m, cells, total in zip(months, table.cells, totals, strict=True)]
    return TrendTable(key, caption, columns, rows, list(table.column_totals), table.grand_total)


def _trend_summary(totals: list[tuple[str, Figure | None]]) -> str | None:
    """In words: the highest month shown and the latest month shown (hidden months are never described)."""
    shown = [(label, figure.value) for label, figure in totals if figure is not None and not figure.hidden]
    if not shown:
        return None
    high_label, high = max(shown, key=lambda pair: pair[1])
    last_label, last = shown[-1]
    hidden = " Months marked [c] are hidden to protect people's privacy." if len(shown) < len(totals) else ""
    return (
        f"The most reports in a month was {high:,} ({high_label}); "
        f"the latest month shown, {last_label}, had {last:,}.{hidden}"
    )


def trends(*, months: int = 24, today: date | None = None) -> Trends:
    """Reports per month by kind, kind of racism and service, suppressed; the chart shows the months' totals."""
    today = today or timezone.localdate()
    first = Incident.objects.order_by("received_on").values_list("received_on", flat=True).first()
    start = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    if first is not None and first > start:
        start = first.replace(day=1)
    month_list = months_between(start, today)
    since = Incident.objects.filter(received_on__gte=start, received_on__lte=today)
    from django.db.models.functions import TruncMonth

    def per_month(queryset, key):
        rows = (
            queryset.annotate(month=TruncMonth("received_on"))
            .order_by()
            .values("month", key)
            .annotate(n=Count("pk", distinct=True))
        )
        return {(row["month"], row[key]): row["n"] for row in rows}

    kinds = list(Kind)
    by_kind = per_month(since, "kind")
    kind_table = _month_table(
        "kind",
        "Reports per month by kind",
        month_list,
        [KIND_SHORT[k] for k in kinds],
        by_kind,
        [k.value for k in kinds],
        month_totals=True,
    )
    categories = list(Category.objects.order_by("position", "name").values_list("pk", "name"))
    by_category = per_month(since, "categories")
    category_table = _month_table(
        "category",
        "Reports per month by kind of racism (a report can name several, so totals count mentions)",
        month_list,
        [name for _, name in categories],
        by_category,
        [pk for pk, _ in categories],
    )
    services = list(since.order_by().values_list("service_id", "service__name").distinct().order_by("service__name"))
    by_service = per_month(since, "service_id")
    service_table = _month_table(
        "service",
        "Reports per month by service",
        month_list,
        [name for _, name in services],
        by_service,
        [pk for pk, _ in services],
    )
    # The chart draws the month totals exactly as the table by kind publishes them, so the two never disagree.
    chart = charts.line_chart(
        id="incident-trend",
        title="Reports of racism per month",
        points=[
            charts.Point(f"{month:%b %Y}", total)
            for month, (_, _, total) in zip(month_list, kind_table.rows, strict=True)
        ],
        series_label="Reports",
        group_label="Month",
        value_label="Reports",
        summary=_trend_summary(
            [(f"{m:%B %Y}", total) for m, (_, _, total) in zip(month_list, kind_table.rows, strict=True)]
        ),
    )
    return Trends(month_list, chart, [kind_table, category_table, service_table])


# --- Quarters, for measures and the panel -----------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[date, str]:
    """The financial quarter a day falls in: its first day and its name ("Q1 2026/27" is April to June 2026)."""
    fy = day.year if day.month >= 4 else day.year - 1
    index = ((day.month - 4) % 12) // 3
    start_month = 4 + 3 * index
    start = date(fy + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    return start, f"Q{index + 1} {fy}/{(fy + 1) % 100:02d}"


def quarter_end(start: date) -> date:
    return (start.replace(day=28) + timedelta(days=70)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A fixed period to summarise: a financial quarter or year. Free date ranges are not offered, because two
    overlapping summaries could be subtracted to reveal a small number (docs/disclosure-control.md, Limits)."""

    start: date
    end: date
    label: str

    @property
    def value(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"


def is_fixed_period(start: date, end: date) -> bool:
    quarter_start, _ = quarter_of(start)
    if start == quarter_start and end == quarter_end(start):
        return True
    return start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31)


def periods(*, today: date | None = None, quarters: int = 8, years: int = 3) -> list[Period]:
    """The periods people may choose, newest first: the last quarters, then the last financial years."""
    today = today or timezone.localdate()
    found = [
        Period(start, end, f"{label} ({start:%B} to {end:%B %Y})")
        for start, end, label in reversed(quarters_back(today, quarters))
    ]
    first_year = today.year if today.month >= 4 else today.year - 1
    for fy in range(first_year, first_year - years, -1):
        found.append(Period(date(fy, 4, 1), date(fy + 1, 3, 31), f"{fy}/{(fy + 1) % 100:02d} (financial year)"))
    return found


def period_from(value: str, *, today: date | None = None) -> Period | None:
    return next((p for p in periods(today=today) if p.value == value), None)


def quarters_back(today: date, count: int) -> list[tuple[date, date, str]]:
    """The last `count` financial quarters up to today's, oldest first: (start, end, label)."""
    start, _ = quarter_of(today)
    found = []
    for _ in range(count):
        found.append((start, quarter_end(start), quarter_of(start)[1]))
        start = quarter_of(start - timedelta(days=1))[0]
    return list(reversed(found))


def reports_per_quarter(
    *, quarters: int = 8, kind: str = "", today: date | None = None
) -> list[tuple[str, date, Figure]]:
    """Reports received per financial quarter, each suppressed on its own (one query)."""
    today = today or timezone.localdate()
    spans = quarters_back(today, quarters)
    queryset = Incident.objects.filter(received_on__gte=spans[0][0], received_on__lte=spans[-1][1])
    if kind:
        queryset = queryset.filter(kind=kind)
    days = Counter()
    for received_on in queryset.values_list("received_on", flat=True):
        days[quarter_of(received_on)[0]] += 1
    return [(label, start, single(days.get(start, 0))) for start, _, label in spans]


def satisfied_per_quarter(*, quarters: int = 8, today: date | None = None) -> list[tuple[str, date, Figure, int]]:
    """Per quarter, the share of people asked (incidents closed then) who were satisfied: (label, start, %, asked)."""
    today = today or timezone.localdate()
    spans = quarters_back(today, quarters)
    rows = Incident.objects.filter(
        closed_on__gte=spans[0][0], closed_on__lte=spans[-1][1], satisfaction__in=ASKED_SATISFACTION
    ).values_list("closed_on", "satisfaction")
    asked, satisfied = Counter(), Counter()
    for closed_on, answer in rows:
        start = quarter_of(closed_on)[0]
        asked[start] += 1
        satisfied[start] += answer == Satisfaction.SATISFIED
    return [
        (label, start, share_of_counts(satisfied[start], asked[start]) if asked[start] else _none(), asked[start])
        for start, _, label in spans
    ]


# --- The dashboard panel ----------------------------------------------------------------------------------------------


def panel_figures(*, today: date | None = None, for_pack: bool = False) -> dict:
    """Suppressed aggregates only: open, overdue, due soon, awaiting triage, reports per quarter (and alerts)."""
    today = today or timezone.localdate()
    open_incidents = with_next_due(Incident.objects.filter(status__in=OPEN_STATUSES))
    soon = due_soon_cutoff(today, workdays.calendar())
    counts = open_incidents.aggregate(
        open=Count("pk", distinct=True),
        new=Count("pk", filter=Q(status=Status.NEW), distinct=True),
    )
    flags = Counter(
        flag(next_due, today=today, soon_until=soon) for next_due in open_incidents.values_list("next_due", flat=True)
    )
    status_rows = [
        ("Open", counts["open"]),
        ("Waiting to be assigned", counts["new"]),
        ("Overdue", flags[Flag.OVERDUE]),
        ("Due soon", flags[Flag.DUE_SOON]),
    ]
    quarters = reports_per_quarter(quarters=4, today=today)
    context = {
        "status": [] if for_pack else [Row(label, single(n)) for label, n in status_rows],
        "quarters": [Row(label, figure) for label, _, figure in quarters],
        "alerts": [] if for_pack else partner_alerts(today=today),
        "footnote": footnote(),
        "for_pack": for_pack,
    }
    return context


# --- Reference data and the access log --------------------------------------------------------------------------------


def partner_agencies() -> QuerySet:
    return PartnerAgency.objects.filter(active=True).order_by("name")


def reviews() -> QuerySet:
    return Review.objects.select_related("completed_by").order_by("-period_end", "-pk")


def access_log() -> QuerySet:
    return IncidentAccess.objects.select_related("user", "grant").order_by("-at", "-pk")


def grants() -> QuerySet:
    return AccessGrant.objects.select_related("administrator", "incident", "granted_by", "revoked_by").order_by(
        "-granted_at"
    )
