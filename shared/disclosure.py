"""Statistical disclosure control: hide counts of fewer than 5 people and every figure that would reveal one.

Pure Python (no Django) so every analysis, dashboard, export and scrutiny pack can share it and it can be tested
on its own. The rules, the guarantee and its limits are in docs/disclosure-control.md.

How the search works. A table with row totals, column totals and a grand total is laid out as a grid in which
every line sums to zero: body cells and the grand total count positively, row and column totals negatively (the
totals row is then "column totals = grand total" and the totals column "row totals = grand total"). A line that
has no published total is not an equation at all; all such lines are merged into one unconstrained point, FREE.

Any table a reader cannot tell apart from the true one differs from it by a sum of "cycles": add one person to a
hidden figure, take one away from another hidden figure in the same line, and so on around a loop of hidden figures
back to the start (FREE has nothing to balance, so a loop may pass through it). Readers also know counts are whole
numbers and that a hidden figure is at least 1 when zeros are shown (0 when zeros are hidden too), so a step may
lower a figure only if it stays at or above that floor. Each hidden figure is drawn as an arc between its row and its
column for each direction it may move; it can take another value exactly when one of its arcs lies on a directed
cycle that does not return along the same figure. The test is exact for a reader who knows the published figures,
every line's equation, whole numbers and the floor; hiding continues until it passes for every hidden figure.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import inf
from typing import NamedTuple

THRESHOLD = 5
CONFIDENTIAL = "[c]"
NOT_APPLICABLE = "[z]"
COMPLEMENTARY = "hidden so that another hidden figure cannot be worked out"
DERIVED = "worked out from a hidden figure"
NO_WHOLE = "the total is zero"

# Interval reasoning in `recoverable` tightens bounds a step at a time; it is a checker for tests and audits,
# so stopping early only means it may find less, never that it reports a figure wrongly.
_BOUND_PASSES = 200


def small_reason(threshold: int = THRESHOLD) -> str:
    """Why a count below the threshold is hidden, for analysts and audit logs (never shown per cell in print)."""
    return f"fewer than {threshold}"


def footnote(threshold: int = THRESHOLD) -> str:
    """The one explanation every published [c] shares, so no reader can tell the small figures from the others."""
    return (
        f"{CONFIDENTIAL} Hidden to protect people's privacy: the figure is fewer than {threshold}, "
        "or it is hidden so that another hidden figure cannot be worked out from the totals."
    )


@dataclass(frozen=True)
class Figure:
    """One figure for a table, chart or sentence: its value, or no value with a short marker and the reason."""

    value: int | float | None
    reason: str = ""
    marker: str = ""

    def __post_init__(self) -> None:
        # A hidden figure keeps no value, so no template, export or chart axis can leak it by mistake.
        if (self.value is None) != bool(self.marker) or bool(self.reason) != bool(self.marker):
            raise ValueError("A figure has either a value, or a marker and a reason; never both.")

    @classmethod
    def shown(cls, value: int | float) -> Figure:
        return cls(value)

    @classmethod
    def confidential(cls, reason: str) -> Figure:
        return cls(None, reason, CONFIDENTIAL)

    @classmethod
    def not_applicable(cls, reason: str) -> Figure:
        return cls(None, reason, NOT_APPLICABLE)

    @property
    def hidden(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        """What a table cell shows: the number with thousands separators, or the short marker."""
        return self.marker if self.value is None else f"{self.value:,}"

    def __str__(self) -> str:
        return self.display


class Position(NamedTuple):
    """Where a figure sits in a table: row and column index, None for the total in that direction."""

    row: int | None
    column: int | None


@dataclass(frozen=True)
class SuppressedSeries:
    """Counts for one group of people (say, by ethnic group for one unit) and their total, safe to publish."""

    cells: tuple[Figure, ...]
    total: Figure
    # People in the supplied total but in none of the listed groups; None when the total was computed.
    unlisted: Figure | None
    threshold: int
    suppress_zeros: bool


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts (say, ethnic group by grade) with its totals, safe to publish."""

    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...] | None
    column_totals: tuple[Figure, ...] | None
    # Published only when there are both row and column totals.
    grand_total: Figure | None
    threshold: int
    suppress_zeros: bool


def suppress_counts(
    counts: Sequence[int],
    *,
    total: int | None = None,
    threshold: int = THRESHOLD,
    suppress_zeros: bool = False,
) -> SuppressedSeries:
    """Counts and their total with small counts hidden, and enough others hidden that none can be worked out."""
    _check_threshold(threshold)
    parts = [_checked_count(count) for count in counts]
    if not parts:
        raise ValueError("There are no counts to publish.")
    if total is not None:
        if _checked_count(total) < sum(parts):
            raise ValueError(f"The total {total} is smaller than the sum of the counts, {sum(parts)}.")
        # The gap is a group of people too (say, "not stated"): it must not be worked out if small.
        parts.append(total - sum(parts))
    figures = _suppressed([parts], row_totals=True, column_totals=False, threshold=threshold, zeros=suppress_zeros)
    return SuppressedSeries(
        cells=tuple(figures[Position(0, j)] for j in range(len(counts))),
        total=figures[Position(0, None)],
        unlisted=None if total is None else figures[Position(0, len(counts))],
        threshold=threshold,
        suppress_zeros=suppress_zeros,
    )


def suppress_table(
    rows: Sequence[Sequence[int]],
    *,
    threshold: int = THRESHOLD,
    row_totals: bool = True,
    column_totals: bool = True,
    suppress_zeros: bool = False,
) -> SuppressedTable:
    """A table of counts with totals computed, small figures hidden, and enough others that none can be worked out."""
    _check_threshold(threshold)
    grid = [[_checked_count(count) for count in row] for row in rows]
    if not grid or not grid[0]:
        raise ValueError("The table has no rows or no columns.")
    if any(len(row) != len(grid[0]) for row in grid):
        raise ValueError("Every row of the table must have the same number of columns.")
    figures = _suppressed(
        grid, row_totals=row_totals, column_totals=column_totals, threshold=threshold, zeros=suppress_zeros
    )
    row_range, column_range = range(len(grid)), range(len(grid[0]))
    return SuppressedTable(
        cells=tuple(tuple(figures[Position(i, j)] for j in column_range) for i in row_range),
        row_totals=tuple(figures[Position(i, None)] for i in row_range) if row_totals else None,
        column_totals=tuple(figures[Position(None, j)] for j in column_range) if column_totals else None,
        grand_total=figures[Position(None, None)] if row_totals and column_totals else None,
        threshold=threshold,
        suppress_zeros=suppress_zeros,
    )


def share(part: Figure, whole: Figure, *, digits: int = 1) -> Figure:
    """`part` as a percentage of `whole`, hidden when either is hidden."""
    if (hidden := _derived_from_hidden(part, whole)) is not None:
        return hidden
    if whole.value == 0:
        return Figure.not_applicable(NO_WHOLE)
    return Figure.shown(round(100 * part.value / whole.value, digits))


def ratio(numerator: Figure, denominator: Figure, *, digits: int = 2) -> Figure:
    """`numerator` divided by `denominator`, hidden when either is hidden."""
    if (hidden := _derived_from_hidden(numerator, denominator)) is not None:
        return hidden
    if denominator.value == 0:
        return Figure.not_applicable(NO_WHOLE)
    return Figure.shown(round(numerator.value / denominator.value, digits))


def share_of_counts(
    part: int, whole: int, *, threshold: int = THRESHOLD, suppress_zeros: bool = False, digits: int = 1
) -> Figure:
    """`part` as a percentage of `whole`, hidden if it and `whole` together would reveal a small count."""
    if _checked_count(part) > _checked_count(whole):
        raise ValueError(f"The part {part} is larger than the whole {whole}.")
    # 38 of 40 is as revealing as 2 of 40: the rest of the whole is a count of people too.
    series = suppress_counts([part, whole - part], threshold=threshold, suppress_zeros=suppress_zeros)
    return share(series.cells[0], series.total, digits=digits)


def recoverable(published: SuppressedTable | SuppressedSeries) -> list[Position]:
    """Hidden figures a reader could work out exactly from the published figures of this one table.

    Two independent attacks, neither using the search that chose what to hide: linear algebra over every row and
    column equation together (any sum or difference of lines, through the grand total too), and interval reasoning
    that also uses what readers know: counts are whole numbers, and no lower than 1 when zeros are shown.
    """
    equations = [_equation(line) for line in _published_lines(published)]
    unknowns = list(dict.fromkeys(position for equation in equations for position in equation.terms))
    lowest = 0 if published.suppress_zeros else 1
    fixed = _fixed_by_elimination(equations, unknowns) | _fixed_by_bounds(equations, unknowns, lowest)
    return [position for position in unknowns if position in fixed]


# --- checking inputs ---------------------------------------------------------------------------------------------


def _check_threshold(threshold: int) -> None:
    # A threshold below 2 would hide nothing: refuse it rather than publish every count unprotected.
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 2:
        raise ValueError(f"The threshold must be a whole number of at least 2, not {threshold!r}.")


def _checked_count(count: int) -> int:
    if not isinstance(count, int) or isinstance(count, bool):
        raise TypeError(f"A count of people must be a whole number, not {count!r}.")
    if count < 0:
        raise ValueError(f"A count of people cannot be negative: {count}.")
    return count


def _derived_from_hidden(*inputs: Figure) -> Figure | None:
    if any(figure.marker == CONFIDENTIAL for figure in inputs):
        return Figure.confidential(DERIVED)
    return next((figure for figure in inputs if figure.hidden), None)


# --- the search ------------------------------------------------------------------------------------------------


class _Cell(NamedTuple):
    """One figure of the zero-sum grid: a body cell, a total or the grand total."""

    position: Position
    count: int
    sign: int  # +1 for body cells and the grand total, -1 for row and column totals
    row_line: int  # the vertex of its row's equation, or FREE
    column_line: int
    is_total: bool


def _suppressed(
    rows: list[list[int]], *, row_totals: bool, column_totals: bool, threshold: int, zeros: bool
) -> dict[Position, Figure]:
    cells, vertex_count = _layout(rows, row_totals=row_totals, column_totals=column_totals)
    reasons = _Search(cells, vertex_count, threshold=threshold, suppress_zeros=zeros).run()
    return {
        cell.position: Figure.confidential(reason) if reason else Figure.shown(cell.count)
        for cell, reason in zip(cells, reasons, strict=True)
    }


def _layout(rows: list[list[int]], *, row_totals: bool, column_totals: bool) -> tuple[list[_Cell], int]:
    body_rows, body_columns = len(rows), len(rows[0])
    grid_rows, grid_columns = body_rows + column_totals, body_columns + row_totals
    free = grid_rows + grid_columns
    row_sums = [sum(row) for row in rows]
    column_sums = [sum(row[j] for row in rows) for j in range(body_columns)]
    cells = []
    for i in range(grid_rows):
        for j in range(grid_columns):
            in_body_row, in_body_column = i < body_rows, j < body_columns
            if in_body_row and in_body_column:
                count = rows[i][j]
            elif in_body_row:
                count = row_sums[i]
            elif in_body_column:
                count = column_sums[j]
            else:
                count = sum(row_sums)
            cells.append(
                _Cell(
                    position=Position(i if in_body_row else None, j if in_body_column else None),
                    count=count,
                    sign=1 if in_body_row == in_body_column else -1,
                    # A row is an equation only if rows have totals; a column only if columns do.
                    row_line=i if row_totals else free,
                    column_line=grid_rows + j if column_totals else free,
                    is_total=not (in_body_row and in_body_column),
                )
            )
    return cells, free + 1


class _Search:
    """Chooses the figures to hide in one zero-sum grid: small ones first, then complementary ones until it is safe."""

    def __init__(self, cells: list[_Cell], vertex_count: int, *, threshold: int, suppress_zeros: bool) -> None:
        self.cells = cells
        self.threshold = threshold
        self.free = vertex_count - 1
        self.lowest = 0 if suppress_zeros else 1
        self.reasons = [""] * len(cells)
        self.arcs_out: list[list[tuple[int, int]]] = [[] for _ in range(vertex_count)]
        self.arcs_in: list[list[tuple[int, int]]] = [[] for _ in range(vertex_count)]
        self.hidden_on_line = [0] * vertex_count
        self.on_line: list[list[int]] = [[] for _ in range(vertex_count)]
        for k, cell in enumerate(cells):
            for line in self._lines(cell):
                self.on_line[line].append(k)
        # Hidden figures not yet shown to have another possible value, in grid order.
        self.unsure: list[int] = []

    def run(self) -> list[str]:
        small = small_reason(self.threshold)
        for k, cell in enumerate(self.cells):
            if self.lowest <= cell.count < self.threshold:
                self._hide(k, small)
        while (complement := self._next_complement()) is not None:
            self._hide(complement, COMPLEMENTARY)
        return self.reasons

    def _lines(self, cell: _Cell) -> list[int]:
        return [line for line in dict.fromkeys((cell.row_line, cell.column_line)) if line != self.free]

    def _hide(self, k: int, reason: str) -> None:
        self.reasons[k] = reason
        for tail, head in self._arcs(k):
            self.arcs_out[tail].append((head, k))
            self.arcs_in[head].append((tail, k))
        for line in self._lines(self.cells[k]):
            self.hidden_on_line[line] += 1
        insort(self.unsure, k)

    def _arcs(self, k: int) -> list[tuple[int, int]]:
        """The ways figure k may move by one person: row to column raises its signed value, column to row lowers it."""
        cell = self.cells[k]
        arcs = []
        if self._may_change(cell, cell.sign):
            arcs.append((cell.row_line, cell.column_line))
        if self._may_change(cell, -cell.sign):
            arcs.append((cell.column_line, cell.row_line))
        return arcs

    def _may_change(self, cell: _Cell, by: int) -> bool:
        # Readers know no upper limit for a hidden figure (the marker does not say which ones are small), but they
        # do know it is a whole number no lower than the floor.
        return by > 0 or cell.count - 1 >= self.lowest

    def _next_complement(self) -> int | None:
        # A line with one hidden figure gives it away by subtraction: the classic rule, and cheap to check first.
        for line in range(self.free):
            if self.hidden_on_line[line] == 1 and (candidates := self._visible(self.on_line[line])):
                alone = next(k for k in self.on_line[line] if self.reasons[k])
                return self._best(alone, candidates)
        exposed = self._first_exposed()
        if exposed is None:
            return None
        lines = self._lines(self.cells[exposed])
        candidates = self._visible([k for line in lines for k in self.on_line[line]])
        if not candidates:
            # Every figure in its lines is already hidden: look anywhere. Once every nonzero figure is hidden,
            # each can rise by one with its row total, column total and the grand total, so this ends.
            candidates = self._visible(range(len(self.cells)))
        return self._best(exposed, candidates)

    def _visible(self, ks: Sequence[int]) -> list[int]:
        # A shown zero is never hidden to protect another figure: a hidden 0 beside a hidden 3 says "at most 3".
        return [k for k in ks if not self.reasons[k] and self.cells[k].count > 0]

    def _best(self, exposed: int, candidates: list[int]) -> int:
        """Body cells before totals; then one that completes a cycle for `exposed`; then one that will not force a
        total to be hidden next; then the smallest, earliest in the grid (so the result is repeatable)."""
        closing = self._closing(exposed, candidates)
        shared = set(self._lines(self.cells[exposed]))
        return min(
            candidates,
            key=lambda k: (
                self.cells[k].is_total,
                k not in closing,
                self._forces_a_total(k, shared),
                self.cells[k].count,
                k,
            ),
        )

    def _forces_a_total(self, k: int, shared: set[int]) -> bool:
        # Hiding a body cell whose other line holds nothing else hidden and no other nonzero body cell (a row of
        # zeros, say) would leave that line's total as the only figure left to hide beside it.
        return any(
            self.hidden_on_line[line] == 0
            and not any(
                self.cells[other].count and not self.cells[other].is_total for other in self.on_line[line] if other != k
            )
            for line in self._lines(self.cells[k])
            if line not in shared
        )

    def _first_exposed(self) -> int | None:
        while self.unsure:
            k = self.unsure[0]
            if not self._has_alternative(k):
                return k
            # Hiding more only adds ways to move, so a figure once protected stays protected.
            self.unsure.pop(0)
        return None

    def _has_alternative(self, k: int) -> bool:
        cell = self.cells[k]
        if cell.row_line == cell.column_line:
            return True  # in no equation at all
        return any(tail in self._reach(head, k, self.arcs_out) for tail, head in self._arcs(k))

    def _closing(self, exposed: int, candidates: list[int]) -> set[int]:
        closing: set[int] = set()
        for tail, head in self._arcs(exposed):
            after = self._reach(head, exposed, self.arcs_out)
            before = self._reach(tail, exposed, self.arcs_in)
            closing.update(k for k in candidates if any(a in after and b in before for a, b in self._arcs(k)))
        return closing

    def _reach(self, start: int, skip: int, arcs: list[list[tuple[int, int]]]) -> set[int]:
        seen, stack = {start}, [start]
        while stack:
            for vertex, k in arcs[stack.pop()]:
                if k != skip and vertex not in seen:
                    seen.add(vertex)
                    stack.append(vertex)
        return seen


# --- the independent checker ---------------------------------------------------------------------------------------


class _Equation(NamedTuple):
    """sum(coefficient * hidden figure) == constant, from one published line."""

    terms: dict[Position, int]
    constant: int


def _published_lines(published: SuppressedTable | SuppressedSeries) -> list[list[tuple[Position, Figure, int]]]:
    """Each line whose parts add up to a published total, as (position, figure, +1 for a part or -1 for the total)."""
    if isinstance(published, SuppressedSeries):
        parts = published.cells + ((published.unlisted,) if published.unlisted is not None else ())
        return [
            [(Position(0, j), figure, 1) for j, figure in enumerate(parts)] + [(Position(0, None), published.total, -1)]
        ]
    cells, row_totals, column_totals = published.cells, published.row_totals, published.column_totals
    lines = []
    if row_totals is not None:
        for i, row in enumerate(cells):
            lines.append([(Position(i, j), f, 1) for j, f in enumerate(row)] + [(Position(i, None), row_totals[i], -1)])
        if column_totals is not None:
            totals = [(Position(None, j), f, 1) for j, f in enumerate(column_totals)]
            lines.append(totals + [(Position(None, None), published.grand_total, -1)])
    if column_totals is not None:
        for j, column_total in enumerate(column_totals):
            column = [(Position(i, j), row[j], 1) for i, row in enumerate(cells)]
            lines.append(column + [(Position(None, j), column_total, -1)])
        if row_totals is not None:
            totals = [(Position(i, None), f, 1) for i, f in enumerate(row_totals)]
            lines.append(totals + [(Position(None, None), published.grand_total, -1)])
    return lines


def _equation(line: list[tuple[Position, Figure, int]]) -> _Equation:
    terms = {position: sign for position, figure, sign in line if figure.hidden}
    return _Equation(terms, -sum(sign * figure.value for _, figure, sign in line if not figure.hidden))


def _fixed_by_elimination(equations: list[_Equation], unknowns: list[Position]) -> set[Position]:
    """Hidden figures that some combination of the equations isolates: a row of the reduced form with one entry."""
    column_of = {position: n for n, position in enumerate(unknowns)}
    matrix = [[Fraction(0)] * len(unknowns) for _ in equations]
    for row, equation in zip(matrix, equations, strict=True):
        for position, coefficient in equation.terms.items():
            row[column_of[position]] = Fraction(coefficient)
    fixed = set()
    for row in _row_reduced(matrix):
        nonzero = [n for n, value in enumerate(row) if value]
        if len(nonzero) == 1:
            fixed.add(unknowns[nonzero[0]])
    return fixed


def _row_reduced(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    """The nonzero rows of the reduced row echelon form (Gauss-Jordan elimination, exact)."""
    pivots = 0
    for column in range(len(matrix[0]) if matrix else 0):
        found = next((r for r in range(pivots, len(matrix)) if matrix[r][column]), None)
        if found is None:
            continue
        pivot_row = [value / matrix[found][column] for value in matrix[found]]
        matrix[found], matrix[pivots] = matrix[pivots], pivot_row
        for r, row in enumerate(matrix):
            if r != pivots and row[column]:
                factor = row[column]
                matrix[r] = [value - factor * pivot for value, pivot in zip(row, pivot_row, strict=True)]
        pivots += 1
    return matrix[:pivots]


def _fixed_by_bounds(equations: list[_Equation], unknowns: list[Position], lowest: int) -> set[Position]:
    """Hidden figures whose lowest and highest possible values meet, reasoning line by line about bounds."""
    low: dict[Position, float] = dict.fromkeys(unknowns, lowest)
    high: dict[Position, float] = dict.fromkeys(unknowns, inf)
    for _ in range(_BOUND_PASSES):
        changed = False
        for equation in equations:
            changed |= _tighten(equation, low, high)
        if not changed:
            break
    return {position for position in unknowns if low[position] == high[position]}


def _tighten(equation: _Equation, low: dict[Position, float], high: dict[Position, float]) -> bool:
    """Narrow each figure of one equation to what the others' bounds allow; True if any bound moved."""
    changed = False
    for position, coefficient in equation.terms.items():
        # Each term's contribution, coefficient * figure, lies in [least, most].
        least = [c * (low[p] if c > 0 else high[p]) for p, c in equation.terms.items() if p != position]
        most = [c * (high[p] if c > 0 else low[p]) for p, c in equation.terms.items() if p != position]
        # coefficient * figure = constant - (the rest), and the coefficient is +1 or -1.
        bounds = sorted(coefficient * (equation.constant - sum(rest)) for rest in (least, most))
        if bounds[0] > low[position]:
            low[position], changed = bounds[0], True
        if bounds[1] < high[position]:
            high[position], changed = bounds[1], True
    return changed
