"""The analyses, as pure functions of counts: representation, seniority gradient, funnels, relative likelihoods, pay.

Nothing here reads the database. Each function takes counts already placed in the columns of one aggregation
and a `Publication` that says whether to suppress small numbers (everyone and everything except a workforce
analyst's own screen) and at what threshold. Every figure it returns is a `shared.disclosure.Figure`: a value,
or no value with a marker. Figures that are not counts (shares, gaps, ratios) are worked out only from
published counts, or from sums a reader could work out from the published counts anyway, so they reveal
nothing the table does not. The formulas are in docs/workforce-data.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from shared.disclosure import (
    COMPLEMENTARY,
    CONFIDENTIAL,
    DERIVED,
    NO_WHOLE,
    Figure,
    Position,
    SuppressedSeries,
    SuppressedTable,
    small_reason,
    suppress_counts,
    suppress_table,
)

RL_LOW, RL_HIGH = Decimal("0.80"), Decimal("1.25")  # NHS England reads this range as no adverse impact


@dataclass(frozen=True)
class Publication:
    """Whether figures are suppressed (everywhere except an analyst's own screen) and below what count."""

    suppressed: bool
    threshold: int

    def table(self, rows: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True):
        if self.suppressed:
            return suppress_table(rows, threshold=self.threshold, row_totals=row_totals, column_totals=column_totals)
        return _plain_table(rows, row_totals=row_totals, column_totals=column_totals, threshold=self.threshold)

    def series(self, counts: Sequence[int]) -> SuppressedSeries:
        if self.suppressed:
            return suppress_counts(counts, threshold=self.threshold)
        return SuppressedSeries(
            tuple(Figure.shown(c) for c in counts), Figure.shown(sum(counts)), None, self.threshold, False
        )


def _plain_table(rows, *, row_totals: bool, column_totals: bool, threshold: int) -> SuppressedTable:
    columns = len(rows[0]) if rows else 0
    return SuppressedTable(
        cells=tuple(tuple(Figure.shown(c) for c in row) for row in rows),
        row_totals=tuple(Figure.shown(sum(row)) for row in rows) if row_totals else None,
        column_totals=tuple(Figure.shown(sum(row[j] for row in rows)) for j in range(columns))
        if column_totals
        else None,
        grand_total=Figure.shown(sum(map(sum, rows))) if row_totals and column_totals else None,
        threshold=threshold,
        suppress_zeros=False,
    )


# --- figures a reader could work out anyway ---------------------------------------------------------------------


def at(table: SuppressedTable, position: Position) -> Figure:
    i, j = position
    if i is not None and j is not None:
        return table.cells[i][j]
    if i is not None:
        return table.row_totals[i]
    if j is not None:
        return table.column_totals[j]
    return table.grand_total


def _lines(table: SuppressedTable) -> list[tuple[list[Position], Position]]:
    """Each published equation: parts that add up to a total."""
    rows, columns = len(table.cells), len(table.cells[0])
    lines = []
    if table.row_totals is not None:
        lines += [([Position(i, j) for j in range(columns)], Position(i, None)) for i in range(rows)]
    if table.column_totals is not None:
        lines += [([Position(i, j) for i in range(rows)], Position(None, j)) for j in range(columns)]
    if table.grand_total is not None:
        lines.append(([Position(None, j) for j in range(columns)], Position(None, None)))
        lines.append(([Position(i, None) for i in range(rows)], Position(None, None)))
    return lines


def derived_sum(table: SuppressedTable, positions: Sequence[Position]) -> Figure:
    """The sum of some figures, shown only if a reader could add it up (or subtract it from a total) already."""
    figures = [at(table, p) for p in positions]
    if all(not f.hidden for f in figures):
        return Figure.shown(sum(f.value for f in figures))
    wanted = set(positions)
    for parts, total in _lines(table):
        if wanted <= set(parts) and not at(table, total).hidden:
            others = [at(table, p) for p in parts if p not in wanted]
            if all(not f.hidden for f in others):
                value = at(table, total).value - sum(f.value for f in others)
                # A sum of hidden figures is a count of people too: never shown below the threshold.
                if 0 < value < table.threshold:
                    return Figure.confidential(small_reason(table.threshold))
                return Figure.shown(value)
    return Figure.confidential(DERIVED)


def add(*figures: Figure) -> Figure:
    if any(f.marker == CONFIDENTIAL for f in figures):
        return Figure.confidential(DERIVED)
    if any(f.hidden for f in figures):
        return next(f for f in figures if f.hidden)
    return Figure.shown(sum(f.value for f in figures))


def percent(part: Figure, whole: Figure) -> tuple[Figure, float | None]:
    """`part` as a percentage of `whole` (one decimal place), and its exact value for gaps and margins."""
    if part.hidden or whole.hidden:
        hidden = part if part.hidden else whole
        return (Figure.confidential(DERIVED) if hidden.marker == CONFIDENTIAL else hidden), None
    if whole.value == 0:
        return Figure.not_applicable(NO_WHOLE), None
    exact = 100 * part.value / whole.value
    return Figure.shown(round(exact, 1)), exact


def points(exact: float | None, benchmark: float | None, *, hidden_reason: str = DERIVED) -> Figure:
    """A gap in percentage points, one decimal place; hidden when either side is."""
    if exact is None or benchmark is None:
        return Figure.confidential(hidden_reason) if exact is None else Figure.not_applicable("no benchmark")
    return Figure.shown(round(exact - benchmark, 1))


# --- representation -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # a bucket key, "not_placed" or "not_known"
    name: str
    is_group: bool  # a bucket of the aggregation (shares are of these)


@dataclass
class ShareCell:
    count: Figure
    share: Figure
    exact: float | None
    benchmark: float | None = None
    gap: Figure | None = None
    within: bool | None = None  # within the margin; None when it cannot be said


@dataclass
class RepresentationRow:
    label: str
    senior: bool
    headcount: Figure | None  # None where it is not published (a grade's, in published tables)
    counts: list[Figure]  # one per column of the representation, in order
    shares: list[ShareCell]  # one per group column
    placed: Figure
    recorded_count: Figure  # staff with a recorded ethnicity
    recorded: Figure | None  # their share of all staff, %; None where not published
    recorded_exact: float | None
    not_known: Figure | None = None  # not known or prefer not to say


@dataclass
class Gradient:
    """The seniority gradient: the focus group's share in senior grades minus its share in all other grades."""

    value: Figure
    senior_share: Figure
    other_share: Figure
    senior_grades: list[str]
    note: str = ""
    senior_exact: float | None = None


@dataclass
class Representation:
    columns: list[Column]
    rows: list[RepresentationRow]
    overall: RepresentationRow
    focus: int | None  # the focus group's place among the group columns (and in each row's shares)
    gradient: Gradient
    margin: int
    published: bool  # grades' headcounts and "not known" counts are left out (see `representation`)
    low_disclosure: bool

    @property
    def group_columns(self) -> list[Column]:
        return [c for c in self.columns if c.is_group]


def representation(
    *,
    grades: Sequence[tuple[str, bool]],
    counts: Sequence[Sequence[int]],
    columns: Sequence[Column],
    benchmark: Sequence[float | None] | None,
    focus_index: int | None,
    margin: int,
    min_disclosure: int,
    pub: Publication,
) -> Representation | None:
    """Grades (most junior first) by columns (the aggregation's groups, then not placed, then not known last).

    Shares are of the staff placed in one of the groups; the benchmark shares are of the benchmark's
    population placed the same way; the gap is the staff share minus the benchmark share, in points.

    Published (suppressed) tables count, by grade, only staff with a recorded ethnicity, and give "not known"
    once for the whole unit. A handful of senior managers with no recorded ethnicity is the commonest small
    number there is; published by grade it would force the White and Black and global majority counts of the
    same senior grades to be hidden too, and with them the gradient the table exists to show. A grade's
    headcount is then left out as well, since with its recorded staff it would give its "not known" away.
    """
    if not grades:
        return None
    not_known = len(columns) - 1
    if columns[not_known].key != "not_known":
        raise ValueError("'Not known' must be the last column.")
    published = pub.suppressed
    shown = list(columns[:not_known]) if published else list(columns)
    table = pub.table([list(row[: len(shown)]) for row in counts])
    group_indexes = [j for j, c in enumerate(shown) if c.is_group]
    recorded_columns = [j for j in range(len(shown)) if j != not_known]

    def row_of(label: str, senior: bool, i: int | None) -> RepresentationRow:
        positions = [Position(i, j) for j in range(len(shown))]
        placed = derived_sum(table, [positions[j] for j in group_indexes])
        shares = []
        for n, j in enumerate(group_indexes):
            share, exact = percent(at(table, positions[j]), placed)
            cell = ShareCell(at(table, positions[j]), share, exact)
            if benchmark is not None and benchmark[n] is not None:
                cell.benchmark = benchmark[n]
                cell.gap = points(exact, benchmark[n])
                cell.within = None if cell.gap.hidden else abs(exact - benchmark[n]) <= margin
            shares.append(cell)
        recorded_count = derived_sum(table, [positions[j] for j in recorded_columns])
        if published:
            headcount, unknown = None, None
            if i is None:
                headcount, unknown = _published_unknown(recorded_count, sum(row[not_known] for row in counts), pub)
        else:
            headcount, unknown = at(table, Position(i, None)), at(table, Position(i, not_known))
        recorded, recorded_exact = percent(recorded_count, headcount) if headcount is not None else (None, None)
        return RepresentationRow(
            label,
            senior,
            headcount,
            [at(table, p) for p in positions],
            shares,
            placed,
            recorded_count,
            recorded,
            recorded_exact,
            unknown,
        )

    rows = [row_of(label, senior, i) for i, (label, senior) in enumerate(grades)]
    overall = row_of("All grades", False, None)
    focus = group_indexes.index(focus_index) if focus_index in group_indexes else None
    gradient = _gradient(table, grades, group_indexes, focus_index)
    low = overall.recorded_exact is not None and overall.recorded_exact < min_disclosure
    return Representation(shown, rows, overall, focus, gradient, margin, published, low)


def _published_unknown(recorded: Figure, unknown: int, pub: Publication) -> tuple[Figure, Figure]:
    """The unit's headcount and its "not known" count, beside a published count of staff with a recorded
    ethnicity: any two of the three give the third, so a small "not known" hides the headcount with it, and
    a hidden recorded count hides the headcount too."""
    if 0 < unknown < pub.threshold:
        hidden = Figure.confidential(small_reason(pub.threshold))
        return Figure.confidential(COMPLEMENTARY), hidden
    shown = Figure.shown(unknown)
    if recorded.hidden:
        return Figure.confidential(COMPLEMENTARY), shown
    return Figure.shown(recorded.value + unknown), shown


def _gradient(table, grades, group_indexes, focus_index) -> Gradient:
    senior = [i for i, (_, is_senior) in enumerate(grades) if is_senior]
    note = ""
    if not senior:
        senior = [len(grades) - 1]
        note = "No grade is marked senior, so the most senior grade is used."
    others = [i for i in range(len(grades)) if i not in senior]
    names = [grades[i][0] for i in senior]
    if focus_index is None or not others:
        why = "there is only one band of grades" if focus_index is not None else "no group to follow"
        nothing = Figure.not_applicable(why)
        return Gradient(nothing, nothing, nothing, names, note)

    def share_of(rows: list[int]) -> tuple[Figure, float | None]:
        focus = derived_sum(table, [Position(i, focus_index) for i in rows])
        placed = derived_sum(table, [Position(i, j) for i in rows for j in group_indexes])
        if placed.hidden:  # each grade's placed staff can often be worked out from its total
            placed = add(*[derived_sum(table, [Position(i, j) for j in group_indexes]) for i in rows])
        return percent(focus, placed)

    senior_share, senior_exact = share_of(senior)
    other_share, other_exact = share_of(others)
    if senior_exact is None or other_exact is None:
        hidden = senior_share if senior_exact is None else other_share
        value = hidden if hidden.marker != CONFIDENTIAL else Figure.confidential(DERIVED)
    else:
        value = Figure.shown(round(senior_exact - other_exact, 1))
    return Gradient(value, senior_share, other_share, names, note, senior_exact)


def benchmark_shares(
    counts: Sequence[Decimal | None],
    *,
    not_placed: Decimal,
    not_known: Decimal,
    as_shares: bool,
    pub: Publication,
) -> list[float | None] | None:
    """Each group's share of the benchmark population whose ethnicity is recorded and placed, or None.

    A group the benchmark does not give at all (None) has no benchmark share, rather than 0%. The whole is
    None when some of the benchmark is recorded only in a way this aggregation cannot place (a benchmark
    given as White British and "minority ethnic" cannot be read as five groups). Percentages given with a
    "not known" share are rescaled to the people whose ethnicity is known; counts below the threshold are
    hidden in published views (a benchmark of children supported can be small).
    """
    if not_placed > 0 or all(c is None for c in counts):
        return None
    given = [c or Decimal(0) for c in counts]
    if as_shares:
        known = 100 - not_known if not_known else None
        if known is not None and known <= 0:
            return None
        return [None if c is None else float(100 * c / known) if known else float(c) for c in counts]
    whole = sum(given)
    if whole <= 0:
        return None
    if pub.suppressed and all(c == c.to_integral_value() for c in given):
        series = pub.series([int(c) for c in given])
        return [
            None if c is None or f.hidden else float(100 * Decimal(f.value) / whole)
            for c, f in zip(counts, series.cells, strict=True)
        ]
    return [None if c is None else float(100 * c / whole) for c in counts]


# --- relative likelihoods ---------------------------------------------------------------------------------------


@dataclass
class Likelihood:
    """(part / whole) for one group over (part / whole) for the other: 1.00 is parity."""

    value: Figure
    flag: str  # "within", "below", "above" or "" when there is no value
    first: tuple[Figure, Figure]  # the group on top: (part, whole)
    second: tuple[Figure, Figure]
    unknown: tuple[Figure, Figure] | None = None  # not known: left out of both groups, reported here

    @property
    def outside(self) -> bool:
        return self.flag in ("below", "above")


def relative_likelihood(
    first: tuple[Figure, Figure],
    second: tuple[Figure, Figure],
    *,
    threshold: int,
    unknown: tuple[Figure, Figure] | None = None,
) -> Likelihood:
    """(first part / first whole) / (second part / second whole), two decimal places.

    Shown only when both groups' wholes reach the threshold (a ratio of tiny groups says nothing and can
    reveal people) and every input is published; flagged outside 0.80-1.25.
    """

    def result(value: Figure) -> Likelihood:
        flag = ""
        if not value.hidden:
            amount = Decimal(str(value.value))
            flag = "below" if amount < RL_LOW else "above" if amount > RL_HIGH else "within"
        return Likelihood(value, flag, first, second, unknown)

    inputs = [*first, *second]
    if any(f.marker == CONFIDENTIAL for f in inputs):
        return result(Figure.confidential(DERIVED))
    if any(f.hidden for f in inputs):
        return result(next(f for f in inputs if f.hidden))
    (a, b), (c, d) = (first[0].value, first[1].value), (second[0].value, second[1].value)
    if min(b, d) < threshold:
        return result(Figure.confidential(f"{small_reason(threshold)} in a group"))
    if c == 0:
        return result(Figure.not_applicable("none of the second group did this, so there is no ratio"))
    return result(Figure.shown(round((a / b) / (c / d), 2)))


# --- funnels: stages that each keep some of the people of the stage before -------------------------------------


@dataclass
class FunnelBlock:
    name: str
    key: str
    stages: list[Figure]  # cumulative: how many reached each stage
    conversions: list[Figure]  # reached this stage, as a share of the stage before (the first: blank)


@dataclass
class Funnel:
    name: str
    blocks: list[FunnelBlock]
    total: list[Figure]  # everyone in `total_blocks`, each stage
    likelihood: Likelihood | None
    total_label: str = "Everyone"


def funnels(
    *,
    names: Sequence[str],
    stages: Sequence[str],
    counts: Sequence[Sequence[Sequence[int]]],
    blocks: Sequence[Column],
    sides: tuple[int, int] | None,
    likelihood_stages: tuple[int, int] | None,
    first_side_on_top: bool = True,
    pub: Publication,
) -> tuple[list[Funnel], Funnel] | None:
    """Funnels per row (a campaign, an opportunity) and for all rows together.

    counts[row][block][stage] are cumulative (how many reached each stage). They are published as the disjoint
    counts that really are separate people (left after each stage, and reached the last), so a small number
    of people dropping out between two stages is protected too. The rows share one table, so the figure for
    all campaigns cannot be set against a campaign's to reveal anyone. A cumulative figure is shown only if a
    reader could add it up from the published ones.

    Published tables hold the people whose ethnicity is not known in a table of their own (WRES reports
    them separately anyway): their small numbers would otherwise hide the White and Black and global
    majority figures beside them, and the ratio with them. "Everyone" then means everyone with a recorded
    ethnicity, since a total including them would give their figures away.
    """
    if not names or not stages:
        return None
    width = len(stages)
    aside = [b for b, block in enumerate(blocks) if block.key == "not_known"] if pub.suppressed else []
    main = [b for b in range(len(blocks)) if b not in aside]

    def disjoint(block_ids: list[int]) -> list[list[int]]:
        rows = []
        for row in counts:
            line = []
            for b in block_ids:
                for k in range(width):
                    line.append(row[b][k] - (row[b][k + 1] if k + 1 < width else 0))
            rows.append(line)
        return rows

    main_table = pub.table(disjoint(main))
    where = {b: (main_table, n * width) for n, b in enumerate(main)}
    for b in aside:
        where[b] = (pub.table(disjoint([b])), 0)

    def funnel_of(i: int | None, name: str) -> Funnel:
        built = []
        for b, block in enumerate(blocks):
            table, offset = where[b]
            cumulative = [derived_sum(table, [Position(i, offset + j) for j in range(k, width)]) for k in range(width)]
            conversions = [Figure.not_applicable("first stage")] + [
                percent(cumulative[k], cumulative[k - 1])[0] for k in range(1, width)
            ]
            built.append(FunnelBlock(block.name, block.key, cumulative, conversions))
        total = [
            derived_sum(main_table, [Position(i, n * width + j) for n in range(len(main)) for j in range(k, width)])
            for k in range(width)
        ]
        likelihood = None
        if sides is not None and likelihood_stages is not None:
            base, reached = likelihood_stages
            top, bottom = sides if first_side_on_top else sides[::-1]
            unknown_index = next((b for b, block in enumerate(blocks) if block.key == "not_known"), None)
            unknown = (
                (built[unknown_index].stages[reached], built[unknown_index].stages[base])
                if unknown_index is not None
                else None
            )
            likelihood = relative_likelihood(
                (built[top].stages[reached], built[top].stages[base]),
                (built[bottom].stages[reached], built[bottom].stages[base]),
                threshold=pub.threshold,
                unknown=unknown,
            )
        label = "Everyone with a recorded ethnicity" if aside else "Everyone"
        return Funnel(name, built, total, likelihood, label)

    rows = [funnel_of(i, name) for i, name in enumerate(names)]
    return rows, funnel_of(None, "All together")


# --- pay ------------------------------------------------------------------------------------------------------


@dataclass
class PayGroup:
    name: str
    key: str
    headcount: Figure
    mean: Figure
    median: Figure


@dataclass
class PayGap:
    name: str  # the group compared with the reference group
    mean_gap: Figure  # % of the reference group's pay
    median_gap: Figure


@dataclass
class Pay:
    groups: list[PayGroup]
    gaps: list[PayGap]
    quartiles: list[tuple[str, list[Figure], list[Figure]]] = field(default_factory=list)  # (name, counts, shares)
    reference: str = ""


QUARTILE_NAMES = ("Lower quartile", "Lower middle quartile", "Upper middle quartile", "Upper quartile")


def pay(
    *,
    blocks: Sequence[Column],
    headcounts: Sequence[int],
    means: Sequence[Decimal | None],
    medians: Sequence[Decimal | None],
    quartiles: Sequence[Sequence[int]] | None,
    reference: int | None,
    pub: Publication,
) -> Pay:
    """Average hourly pay by group (hidden with a group's headcount), the gap of each group to the reference
    group as a percentage of the reference group's pay, and who is in each pay quartile.

    As with funnels, published figures keep staff whose ethnicity is not known apart (their headcount is
    hidden on its own if small) so that they do not take the groups' figures with them.
    """
    aside = [b for b, block in enumerate(blocks) if block.key == "not_known"] if pub.suppressed else []
    main = [b for b in range(len(blocks)) if b not in aside]
    series = pub.series([headcounts[b] for b in main])
    published_headcount = {b: series.cells[n] for n, b in enumerate(main)}
    for b in aside:
        published_headcount[b] = pub.series([headcounts[b]]).cells[0]
    groups = []
    for n, block in enumerate(blocks):
        headcount = published_headcount[n]
        shown = not headcount.hidden
        mean = Figure.shown(float(means[n])) if shown and means[n] is not None else _missing(headcount)
        median = Figure.shown(float(medians[n])) if shown and medians[n] is not None else _missing(headcount)
        groups.append(PayGroup(block.name, block.key, headcount, mean, median))
    gaps = []
    if reference is not None:
        base = groups[reference]
        for n, group in enumerate(groups):
            if n == reference or not blocks[n].is_group:
                continue
            gaps.append(PayGap(group.name, _gap(base.mean, group.mean), _gap(base.median, group.median)))
    result = Pay(groups, gaps, reference=blocks[reference].name if reference is not None else "")
    if quartiles and any(sum(q) for q in quartiles):
        main_table = pub.table([[q[b] for b in main] for q in quartiles])
        aside_tables = {b: pub.table([[q[b]] for q in quartiles], row_totals=False) for b in aside}
        for q, name in enumerate(QUARTILE_NAMES):
            counts, shares = [], []
            for b in range(len(blocks)):
                if b in aside:
                    count = aside_tables[b].cells[q][0]
                    counts.append(count)
                    shares.append(Figure.not_applicable("kept apart from the quartile's total"))
                else:
                    count = main_table.cells[q][main.index(b)]
                    counts.append(count)
                    shares.append(percent(count, main_table.row_totals[q])[0])
            result.quartiles.append((name, counts, shares))
    return result


def _missing(headcount: Figure) -> Figure:
    if headcount.hidden:
        return Figure.confidential(DERIVED)
    return Figure.not_applicable("not supplied for this group (a median cannot be combined from smaller groups)")


def _gap(reference: Figure, other: Figure) -> Figure:
    if reference.hidden or other.hidden:
        hidden = reference if reference.hidden else other
        return Figure.confidential(DERIVED) if hidden.marker == CONFIDENTIAL else hidden
    return Figure.shown(round(100 * (reference.value - other.value) / reference.value, 1))
