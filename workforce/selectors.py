"""Every read of the workforce app: counts from the database, placed in an aggregation's columns and analysed.

Pages, exports, the dashboard panel, measures and the summary command all read through here, each passing
a `Publication`: suppressed for everyone and everything except a workforce analyst's own screen. Queries are
fixed in number whatever the data size (a query per kind of count, plus the taxonomy).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Min, Sum

from organisation.models import Unit
from shared.charts import Chart, Group, Point, Series, grouped_bar_chart, line_chart
from shared.disclosure import THRESHOLD, Figure, footnote

from . import access
from .analysis import (
    Column,
    Funnel,
    Gradient,
    Likelihood,
    Pay,
    Publication,
    Representation,
    benchmark_shares,
    funnels,
    pay,
    representation,
)
from .choices import STAGE_ORDER, Kind, Stage
from .models import (
    Benchmark,
    BenchmarkValue,
    DataLoad,
    DevelopmentCell,
    DisciplinaryCell,
    Grade,
    HeadcountCell,
    PayCell,
    RecruitmentCell,
    RoleFamily,
)
from .periods import Quarter
from .taxonomy import NOT_KNOWN, NOT_KNOWN_LABEL, NOT_PLACED, NOT_PLACED_LABEL, Grouping, Target, Taxonomy

DEFAULT_GROUPING = "bgm_white"


def threshold() -> int:
    return getattr(settings, "DISCLOSURE_THRESHOLD", THRESHOLD)


def published() -> Publication:
    """What every export, panel, measure and other role gets."""
    return Publication(suppressed=True, threshold=threshold())


def for_screen(user, *, as_published: bool = False) -> Publication:
    """Unsuppressed only for a workforce analyst, only on screen, and not when they ask to see the published view."""
    return Publication(suppressed=as_published or not access.sees_unsuppressed(user), threshold=threshold())


# --- what is there -------------------------------------------------------------------------------------------


def units_with_data(kinds=(Kind.SNAPSHOT,)) -> list[Unit]:
    ids = DataLoad.objects.filter(kind__in=kinds).values("unit")
    return list(Unit.objects.filter(pk__in=ids).select_related("parent").order_by("name"))


def default_unit(kinds=(Kind.SNAPSHOT,)) -> Unit | None:
    """The unit with data nearest the top of the organisation (the council, then a directorate, then a service)."""
    units = units_with_data(kinds)
    order = {Unit.Kind.COUNCIL: 0, Unit.Kind.DIRECTORATE: 1, Unit.Kind.SERVICE: 2, Unit.Kind.TEAM: 3}
    return min(units, key=lambda u: (order.get(u.kind, 9), u.name)) if units else None


def periods_with_data(kinds=(Kind.SNAPSHOT,), unit: Unit | None = None) -> list[Quarter]:
    loads = DataLoad.objects.filter(kind__in=kinds)
    if unit is not None:
        loads = loads.filter(unit=unit)
    return [Quarter.of(d) for d in loads.order_by("-period").values_list("period", flat=True).distinct()]


def latest_period(unit: Unit, kinds=(Kind.SNAPSHOT,)) -> Quarter | None:
    day = DataLoad.objects.filter(kind__in=kinds, unit=unit).aggregate(latest=Max("period"))["latest"]
    return Quarter.of(day) if day else None


def default_benchmark() -> Benchmark | None:
    return Benchmark.objects.order_by("-is_default", "-date", "population").first()


def loads_list():
    """Everything loaded, newest quarter first, for the analyst's list (one query)."""
    return DataLoad.objects.select_related("unit", "loaded_by").order_by("-period", "kind", "unit__name")


def benchmarks_list():
    return (
        Benchmark.objects.select_related("loaded_by").annotate(groups=Count("values")).order_by("population", "-date")
    )


def role_families():
    return RoleFamily.objects.all()


# --- placing counts in an aggregation's columns ----------------------------------------------------------------


def columns_for(grouping: Grouping, *, sides_first: bool = False) -> list[Column]:
    buckets = list(grouping.buckets)
    if sides_first and grouping.has_sides:
        buckets = [grouping.reference, grouping.comparison] + [
            b for b in buckets if b not in (grouping.reference, grouping.comparison)
        ]
    return [
        *(Column(b.key, b.name, True) for b in buckets),
        Column(NOT_PLACED, NOT_PLACED_LABEL, False),
        Column(NOT_KNOWN, NOT_KNOWN_LABEL, False),
    ]


class Placer:
    """Which column a count goes to, remembered per target."""

    def __init__(self, taxonomy: Taxonomy, grouping: Grouping, columns: list[Column]):
        self.taxonomy, self.grouping = taxonomy, grouping
        index_of_key = {c.key: n for n, c in enumerate(columns)}
        self.index_of_bucket = {b.id: index_of_key[b.key] for b in grouping.buckets}
        # Without a "not placed" column, callers have checked that nothing goes there.
        self.not_placed, self.not_known = index_of_key.get(NOT_PLACED), index_of_key[NOT_KNOWN]
        self._cache: dict[Target, int] = {}

    def __call__(self, target: Target) -> int:
        if target not in self._cache:
            place = self.taxonomy.place(target, self.grouping)
            self._cache[target] = (
                self.not_known
                if place == NOT_KNOWN
                else self.not_placed
                if place == NOT_PLACED
                else self.index_of_bucket[place]
            )
        return self._cache[target]


# --- the profile: representation by grade, the gradient and the trend ------------------------------------------


@dataclass
class TrendPoint:
    quarter: Quarter
    headcount: Figure
    focus_share: Figure
    senior_share: Figure
    gradient: Figure
    recorded: Figure
    representation: Representation


@dataclass
class Profile:
    unit: Unit
    quarter: Quarter
    grouping: Grouping
    focus: Column | None
    benchmark: Benchmark | None
    benchmark_note: str
    representation: Representation | None
    trend: list[TrendPoint]
    charts: dict[str, Chart]
    margin: int
    publication: Publication
    filters: dict = field(default_factory=dict)  # employment type / role family, when an analyst chose them

    @property
    def footnote(self) -> str:
        return footnote(self.publication.threshold)

    @property
    def gradient(self) -> Gradient | None:
        return self.representation.gradient if self.representation else None


def profile(
    *,
    unit: Unit,
    quarter: Quarter,
    grouping_key: str = DEFAULT_GROUPING,
    benchmark: Benchmark | None = None,
    focus_key: str | None = None,
    margin: int | None = None,
    pub: Publication,
    employment_type: str | None = None,
    role: RoleFamily | None = None,
    chart_suffix: str = "",
    taxonomy: Taxonomy | None = None,
) -> Profile:
    taxonomy = taxonomy or Taxonomy.load()
    grouping = taxonomy.grouping(grouping_key) or taxonomy.grouping(DEFAULT_GROUPING)
    margin = settings.WORKFORCE_MARGIN_POINTS if margin is None else margin
    columns = columns_for(grouping)
    focus_bucket = grouping.bucket(focus_key) if focus_key else None
    focus_bucket = focus_bucket or grouping.comparison or (grouping.buckets[0] if grouping.buckets else None)
    focus_index = next((n for n, c in enumerate(columns) if focus_bucket and c.key == focus_bucket.key), None)
    place = Placer(taxonomy, grouping, columns)

    cells = HeadcountCell.objects.filter(load__unit=unit, load__kind=Kind.SNAPSHOT, load__period__lte=quarter.start)
    if employment_type:
        cells = cells.filter(employment_type=employment_type)
    if role is not None:
        cells = cells.filter(role=role)
    by_period: dict[date, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0] * len(columns)))
    for row in cells.values("load__period", "grade_id", "category_id", "group_id", "bucket_id").annotate(
        n=Sum("count")
    ):
        by_period[row["load__period"]][row["grade_id"]][place(Target.of(row))] += row["n"]
    grades = {g.pk: g for g in Grade.objects.all()}

    shares, note = _benchmark_for(benchmark, taxonomy, grouping, columns, pub)

    def analyse(period: date) -> Representation | None:
        grid = by_period.get(period, {})
        present = sorted((grades[g] for g, counts in grid.items() if sum(counts)), key=lambda g: g.seniority)
        kept = list(range(len(columns)))
        if all(grid[g.pk][place.not_placed] == 0 for g in present):
            kept.remove(place.not_placed)  # nobody recorded only as a broader group: no empty column
        return representation(
            grades=[(g.name, g.senior) for g in present],
            counts=[[grid[g.pk][j] for j in kept] for g in present],
            columns=[columns[j] for j in kept],
            benchmark=shares,
            focus_index=focus_index,
            margin=margin,
            min_disclosure=settings.WORKFORCE_MIN_DISCLOSURE,
            pub=pub,
        )

    current = analyse(quarter.start)
    trend = []
    for period in sorted(by_period):
        result = current if period == quarter.start else analyse(period)
        if result is None:
            continue
        focus_share = (
            result.overall.shares[result.focus].share
            if result.focus is not None
            else Figure.not_applicable("no group to follow")
        )
        trend.append(
            TrendPoint(
                Quarter.of(period),
                result.overall.headcount,
                focus_share,
                result.gradient.senior_share,
                result.gradient.value,
                result.overall.recorded,
                result,
            )
        )
    focus = columns[focus_index] if focus_index is not None else None
    result = Profile(
        unit=unit,
        quarter=quarter,
        grouping=grouping,
        focus=focus,
        benchmark=benchmark,
        benchmark_note=note,
        representation=current,
        trend=trend,
        charts={},
        margin=margin,
        publication=pub,
        filters={"employment_type": employment_type, "role": role},
    )
    result.charts = _profile_charts(result, chart_suffix)
    return result


def _benchmark_for(benchmark, taxonomy, grouping, columns, pub) -> tuple[list[float | None] | None, str]:
    if benchmark is None:
        return None, "No benchmark is loaded yet."
    place = Placer(taxonomy, grouping, columns)
    sums: list[Decimal | None] = [None] * len(columns)
    rows = BenchmarkValue.objects.filter(benchmark=benchmark).values("category_id", "group_id", "bucket_id", "value")
    for row in rows:
        n = place(Target.of(row))
        sums[n] = (sums[n] or Decimal(0)) + row["value"]
    groups = [n for n, c in enumerate(columns) if c.is_group]
    shares = benchmark_shares(
        [sums[n] for n in groups],
        not_placed=sums[place.not_placed] or Decimal(0),
        not_known=sums[place.not_known] or Decimal(0),
        as_shares=benchmark.measure == Benchmark.Measure.SHARES,
        pub=pub,
    )
    if shares is None:
        return None, (
            f"{benchmark} gives ethnicity in groups that do not fit “{grouping.name}”, so it cannot be compared "
            "here: choose another grouping."
        )
    return shares, ""


def _profile_charts(p: Profile, suffix: str) -> dict[str, Chart]:
    rep = p.representation
    if rep is None:
        return {}
    benchmark_label = p.benchmark.population if p.benchmark else "Benchmark"
    charts = {}
    if rep.focus is not None:
        name = p.focus.name
        bench = rep.overall.shares[rep.focus].benchmark
        charts["grades"] = grouped_bar_chart(
            id=f"by-grade{suffix}",
            title=f"{name} staff by grade, most junior first, against {benchmark_label}",
            groups=[
                Group(row.label, {"share": row.shares[rep.focus].share}, benchmark=bench)
                for row in [*rep.rows, rep.overall]
            ],
            series=[Series("share", f"{name} staff")],
            group_label="Grade",
            value_label=f"{name} staff as a share of staff with a recorded ethnicity (%)",
            benchmark_label=benchmark_label,
            decimals=1,
        )
        charts["trend"] = line_chart(
            id=f"trend{suffix}",
            title=f"{name} staff by quarter",
            points=[Point(t.quarter.label, t.focus_share) for t in p.trend],
            series_label=f"{name} staff (%)",
            group_label="Quarter",
            value_label="Share of staff with a recorded ethnicity (%)",
            target=round(bench, 1) if bench is not None else None,
            target_label=benchmark_label,
            unit="%",
            decimals=1,
        )
    charts["overall"] = grouped_bar_chart(
        id=f"overall{suffix}",
        title=f"All staff by ethnic group ({p.grouping.name}), against {benchmark_label}",
        groups=[
            Group(column.name, {"share": cell.share}, benchmark=cell.benchmark)
            for column, cell in zip(rep.group_columns, rep.overall.shares, strict=True)
        ],
        series=[Series("share", "Staff")],
        group_label="Ethnic group",
        value_label="Share of staff with a recorded ethnicity (%)",
        benchmark_label=benchmark_label,
        decimals=1,
    )
    return charts


# --- recruitment and progression ----------------------------------------------------------------------------------


@dataclass
class LikelihoodRow:
    quarter: Quarter
    appointment: Likelihood | None
    development: Likelihood | None
    disciplinary: Likelihood | None


@dataclass
class Equality:
    unit: Unit
    quarter: Quarter
    grouping: Grouping
    blocks: list[Column]
    recruitment: tuple[list[Funnel], Funnel] | None
    recruitment_stages: list[str]
    development: tuple[list[Funnel], Funnel] | None
    disciplinary: Funnel | None
    pay: Pay | None
    history: list[LikelihoodRow]
    publication: Publication

    @property
    def footnote(self) -> str:
        return footnote(self.publication.threshold)

    @property
    def reference(self) -> Column:
        return self.blocks[0]

    @property
    def comparison(self) -> Column:
        return self.blocks[1]


def sided_groupings(taxonomy: Taxonomy) -> list[Grouping]:
    return [g for g in taxonomy.ordered_groupings() if g.has_sides]


def equality(
    *, unit: Unit, quarter: Quarter, grouping_key: str = DEFAULT_GROUPING, pub: Publication, taxonomy=None
) -> Equality:
    taxonomy = taxonomy or Taxonomy.load()
    grouping = taxonomy.grouping(grouping_key)
    if grouping is None or not grouping.has_sides:
        grouping = taxonomy.grouping(DEFAULT_GROUPING)
    upto = {"load__unit": unit, "load__period__lte": quarter.start}
    ethnicity = ("category_id", "group_id", "bucket_id")
    recruitment_raw = list(
        RecruitmentCell.objects.filter(**upto)
        .values("load__period", "campaign", "stage", *ethnicity)
        .annotate(n=Sum("count"))
    )
    development_raw = list(
        DevelopmentCell.objects.filter(**upto)
        .values("load__period", "opportunity", *ethnicity)
        .annotate(e=Sum("eligible"), t=Sum("took_part"))
    )
    disciplinary_raw = list(
        DisciplinaryCell.objects.filter(**upto)
        .values("load__period", *ethnicity)
        .annotate(h=Sum("headcount"), e=Sum("entered"))
    )
    pay_rows = list(PayCell.objects.filter(load__unit=unit, load__period=quarter.start).values())
    blocks = columns_for(grouping, sides_first=True)
    everything = [*recruitment_raw, *development_raw, *disciplinary_raw, *pay_rows]
    first_placer = Placer(taxonomy, grouping, blocks)
    if all(first_placer(Target.of(row)) != first_placer.not_placed for row in everything):
        blocks = [b for b in blocks if b.key != NOT_PLACED]  # nobody recorded only as a broader group
    place = Placer(taxonomy, grouping, blocks)
    sides = (0, 1)

    recruitment_rows = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int))))
    for row in recruitment_raw:
        recruitment_rows[row["load__period"]][row["campaign"]][place(Target.of(row))][row["stage"]] += row["n"]
    development_rows = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    for row in development_raw:
        cell = development_rows[row["load__period"]][row["opportunity"]][place(Target.of(row))]
        cell[0] += row["e"]
        cell[1] += row["t"]
    disciplinary_rows = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in disciplinary_raw:
        cell = disciplinary_rows[row["load__period"]][place(Target.of(row))]
        cell[0] += row["h"]
        cell[1] += row["e"]

    def recruitment_of(period):
        campaigns = recruitment_rows.get(period)
        if not campaigns:
            return None, []
        recorded = [s for s in STAGE_ORDER if any(s in block for c in campaigns.values() for block in c.values())]
        if pub.suppressed and Stage.SHORTLISTED in recorded and Stage.APPOINTED in recorded:
            # Published funnels leave out the interview stage: the few shortlisted people not interviewed would
            # be hidden, and the shortlisted counts (which the relative likelihood needs) with them.
            recorded = [s for s in recorded if s != Stage.INTERVIEWED]
        names = sorted(campaigns)
        counts = [[[campaigns[c][b].get(s, 0) for s in recorded] for b in range(len(blocks))] for c in names]
        stages = (
            (recorded.index(Stage.SHORTLISTED), recorded.index(Stage.APPOINTED))
            if Stage.SHORTLISTED in recorded and Stage.APPOINTED in recorded
            else None
        )
        return (
            funnels(
                names=[n or "All campaigns" for n in names],
                stages=recorded,
                counts=counts,
                blocks=blocks,
                sides=sides,
                likelihood_stages=stages,
                pub=pub,
            ),
            recorded,
        )

    def development_of(period):
        opportunities = development_rows.get(period)
        if not opportunities:
            return None
        names = sorted(opportunities)
        counts = [[opportunities[o][b] for b in range(len(blocks))] for o in names]
        return funnels(
            names=names,
            stages=["eligible", "took_part"],
            counts=counts,
            blocks=blocks,
            sides=sides,
            likelihood_stages=(0, 1),
            pub=pub,
        )

    def disciplinary_of(period):
        groups = disciplinary_rows.get(period)
        if not groups:
            return None
        result = funnels(
            names=["All staff"],
            stages=["headcount", "entered"],
            counts=[[groups[b] for b in range(len(blocks))]],
            blocks=blocks,
            sides=sides,
            likelihood_stages=(0, 1),
            first_side_on_top=False,
            pub=pub,
        )
        return result[0][0] if result else None

    history = []
    periods = sorted(set(recruitment_rows) | set(development_rows) | set(disciplinary_rows), reverse=True)
    current = {}
    for period in periods:
        recruitment, recorded = recruitment_of(period)
        development = development_of(period)
        disciplinary = disciplinary_of(period)
        if period == quarter.start:
            current = {"recruitment": (recruitment, recorded), "development": development, "disciplinary": disciplinary}
        history.append(
            LikelihoodRow(
                Quarter.of(period),
                recruitment[1].likelihood if recruitment else None,
                development[1].likelihood if development else None,
                disciplinary.likelihood if disciplinary else None,
            )
        )
    recruitment, recorded = current.get("recruitment", (None, []))
    return Equality(
        unit=unit,
        quarter=quarter,
        grouping=grouping,
        blocks=blocks,
        recruitment=recruitment,
        recruitment_stages=recorded,
        development=current.get("development"),
        disciplinary=current.get("disciplinary"),
        pay=_pay(pay_rows, blocks, place, pub),
        history=history,
        publication=pub,
    )


def _pay(rows: list[dict], blocks: list[Column], place: Placer, pub: Publication) -> Pay | None:
    if not rows:
        return None
    from .importing.parse import QUARTILES

    n = len(blocks)
    headcounts, weighted, medians, rows_in = [0] * n, [Decimal(0)] * n, [None] * n, [0] * n
    quartiles = [[0] * n for _ in QUARTILES]
    complete_quartiles = True
    for row in rows:
        b = place(Target.of(row))
        headcounts[b] += row["headcount"]
        weighted[b] += row["headcount"] * row["mean_hourly_pay"]
        rows_in[b] += 1
        medians[b] = row["median_hourly_pay"]
        for q, name in enumerate(QUARTILES):
            if row[name] is None:
                complete_quartiles = False
            else:
                quartiles[q][b] += row[name]
    means = [(weighted[b] / headcounts[b]).quantize(Decimal("0.01")) if headcounts[b] else None for b in range(n)]
    # A median of a group given in several rows cannot be worked out from their medians.
    medians = [medians[b] if rows_in[b] == 1 else None for b in range(n)]
    return pay(
        blocks=blocks,
        headcounts=headcounts,
        means=means,
        medians=medians,
        quartiles=quartiles if complete_quartiles else None,
        reference=0,
        pub=pub,
    )


# --- history of loads (the analyst's list) ---------------------------------------------------------------------


def load_summary() -> list[dict]:
    """Per kind and quarter: how many units were loaded, when last (one query)."""
    return list(
        DataLoad.objects.values("kind", "period")
        .annotate(units=Count("unit"), last=Max("loaded_at"), first=Min("loaded_at"), people=Sum(F("people")))
        .order_by("-period", "kind")
    )
