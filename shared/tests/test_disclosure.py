"""Small counts of people, and every figure that would reveal one, are hidden before anything is published."""

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.disclosure import (
    COMPLEMENTARY,
    Figure,
    Position,
    SuppressedSeries,
    SuppressedTable,
    footnote,
    ratio,
    recoverable,
    share,
    share_of_counts,
    small_reason,
    suppress_counts,
    suppress_table,
)

C = "[c]"


def grid(table: SuppressedTable) -> list[list[str]]:
    """The table as a reader sees it: body rows with their totals, then the totals row."""
    rows = [
        [figure.display for figure in row] + ([table.row_totals[i].display] if table.row_totals else [])
        for i, row in enumerate(table.cells)
    ]
    if table.column_totals:
        totals = [figure.display for figure in table.column_totals]
        rows.append(totals + ([table.grand_total.display] if table.grand_total else []))
    return rows


def line(series: SuppressedSeries) -> list[str]:
    """The series as a reader sees it: each count, then the unlisted group if any, then the total."""
    unlisted = [series.unlisted.display] if series.unlisted is not None else []
    return [figure.display for figure in series.cells] + unlisted + [series.total.display]


def shown(value: int) -> Figure:
    return Figure.shown(value)


def hidden() -> Figure:
    return Figure.confidential(COMPLEMENTARY)


# --- Figure ------------------------------------------------------------------------------------------------------


def test_a_shown_figure_displays_its_value_with_thousands_separators():
    assert str(Figure.shown(12345)) == "12,345"


def test_a_hidden_figure_displays_the_confidential_marker():
    assert Figure.confidential(small_reason()).display == C


def test_a_hidden_figure_keeps_no_value():
    assert suppress_counts([3, 10, 20]).cells[0].value is None


def test_a_figure_cannot_carry_both_a_value_and_a_reason():
    with pytest.raises(ValueError):
        Figure(7, reason="fewer than 5", marker=C)


def test_a_small_count_gives_fewer_than_the_threshold_as_its_reason():
    assert suppress_counts([3, 10, 20], threshold=7).cells[0].reason == "fewer than 7"


def test_a_complementary_figure_says_it_protects_another():
    assert suppress_counts([3, 10, 20]).cells[1].reason == "hidden so that another hidden figure cannot be worked out"


def test_the_footnote_explains_the_marker_without_saying_which_figures_are_small():
    assert footnote(5) == (
        "[c] Hidden to protect people's privacy: the figure is fewer than 5, "
        "or it is hidden so that another hidden figure cannot be worked out from the totals."
    )


# --- one list of counts ------------------------------------------------------------------------------------------


def test_a_small_count_is_hidden_with_the_next_smallest_count_so_the_total_does_not_reveal_it():
    assert line(suppress_counts([3, 10, 20])) == [C, C, "20", "33"]


def test_counts_at_or_above_the_threshold_are_all_shown():
    assert line(suppress_counts([5, 10, 20])) == ["5", "10", "20", "35"]


def test_a_tie_between_partners_is_broken_by_taking_the_earlier_one():
    assert line(suppress_counts([3, 10, 10])) == [C, C, "10", "23"]


def test_the_threshold_can_be_raised_for_one_call():
    assert line(suppress_counts([7, 10, 20], threshold=10)) == [C, C, "20", "37"]


def test_two_small_counts_protect_each_other_when_the_total_leaves_them_room():
    assert line(suppress_counts([2, 3, 20])) == [C, C, "20", "25"]


def test_two_hidden_ones_are_not_left_as_a_pair_whose_sum_of_two_reveals_both():
    assert line(suppress_counts([1, 1, 20])) == [C, C, C, "22"]


def test_a_total_below_the_threshold_is_hidden():
    assert suppress_counts([1, 2, 0]).total.hidden


def test_five_ones_hide_their_total_because_five_people_in_five_groups_means_one_each():
    assert line(suppress_counts([1, 1, 1, 1, 1])) == [C, C, C, C, C, C]


def test_a_zero_is_shown():
    assert line(suppress_counts([0, 10, 20])) == ["0", "10", "20", "30"]


def test_a_zero_is_never_hidden_to_protect_a_small_count():
    assert line(suppress_counts([3, 0, 12])) == [C, "0", C, "15"]


def test_zeros_are_hidden_too_when_asked():
    assert line(suppress_counts([0, 10, 20], suppress_zeros=True)) == [C, C, "20", "30"]


def test_a_supplied_total_above_the_sum_makes_the_gap_an_unlisted_group():
    assert line(suppress_counts([10, 20], total=36)) == ["10", "20", "6", "36"]


def test_a_small_unlisted_group_is_protected_like_any_small_count():
    assert line(suppress_counts([10, 20], total=33)) == [C, "20", C, "33"]


def test_a_computed_total_has_no_unlisted_group():
    assert suppress_counts([10, 20]).unlisted is None


def test_a_supplied_total_below_the_sum_of_the_counts_is_refused():
    with pytest.raises(ValueError, match="smaller than the sum"):
        suppress_counts([10, 20], total=25)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        suppress_counts([10, -1])


def test_a_count_that_is_not_a_whole_number_is_refused():
    with pytest.raises(TypeError):
        suppress_counts([10, 2.5])


def test_a_threshold_below_two_is_refused():
    with pytest.raises(ValueError, match="threshold"):
        suppress_counts([10, 20], threshold=1)


def test_an_empty_list_of_counts_is_refused():
    with pytest.raises(ValueError):
        suppress_counts([])


# --- tables with row and column totals ---------------------------------------------------------------------------


def test_a_single_small_cell_hides_its_row_partner_column_partner_and_the_fourth_corner():
    assert grid(suppress_table([[2, 10, 20], [8, 12, 30], [9, 15, 40]])) == [
        [C, C, "20", "32"],
        [C, C, "30", "50"],
        ["9", "15", "40", "64"],
        ["19", "37", "90", "146"],
    ]


def test_two_small_cells_in_one_row_hide_a_partner_in_each_of_their_columns():
    assert grid(suppress_table([[2, 3, 20], [8, 12, 30], [9, 15, 40]])) == [
        [C, C, "20", "25"],
        [C, C, "30", "50"],
        ["9", "15", "40", "64"],
        ["19", "30", "90", "139"],
    ]


def test_a_small_row_total_is_hidden_with_another_row_total_so_the_grand_total_does_not_reveal_it():
    table = suppress_table([[1, 2, 1], [8, 12, 30], [9, 15, 40]])
    assert [figure.display for figure in table.row_totals] == [C, C, "64"]


def test_a_table_whose_only_body_partner_is_in_a_row_of_zeros_prefers_a_row_with_other_figures():
    assert grid(suppress_table([[3, 0, 12], [9, 0, 0], [20, 6, 7]])) == [
        [C, "0", C, "15"],
        ["9", "0", "0", "9"],
        [C, "6", C, "33"],
        ["32", "6", "19", "57"],
    ]


def test_a_hidden_cell_whose_row_is_otherwise_zeros_hides_the_row_total():
    # The 9 is the only possible partner for the 3 in its column, and alone in a row of zeros it equals the total.
    assert grid(suppress_table([[3, 12], [9, 0]]))[1] == [C, "0", C]


def test_a_one_by_one_table_with_a_small_count_hides_every_figure():
    assert grid(suppress_table([[3]])) == [[C, C], [C, C]]


def test_a_one_by_one_table_with_a_large_count_shows_every_figure():
    assert grid(suppress_table([[30]])) == [["30", "30"], ["30", "30"]]


def test_a_table_of_small_cells_hides_every_body_cell():
    table = suppress_table([[1, 2], [3, 4]])
    assert all(figure.hidden for row in table.cells for figure in row)


def test_a_table_of_small_cells_hides_a_total_that_would_otherwise_be_worked_out_from_the_grand_total():
    assert grid(suppress_table([[1, 2], [3, 4]])) == [[C, C, C], [C, C, C], [C, C, "10"]]


def test_a_table_of_one_row_hides_the_column_totals_that_repeat_its_hidden_cells():
    assert grid(suppress_table([[3, 10, 20]])) == [[C, C, "20", "33"], [C, C, "20", "33"]]


def test_a_table_without_totals_hides_only_its_small_cells():
    assert grid(suppress_table([[3, 10], [20, 0]], row_totals=False, column_totals=False)) == [[C, "10"], ["20", "0"]]


def test_a_table_with_only_row_totals_protects_each_row_on_its_own():
    assert grid(suppress_table([[3, 10, 20], [8, 9, 30]], column_totals=False)) == [
        [C, C, "20", "33"],
        ["8", "9", "30", "47"],
    ]


def test_a_table_with_only_column_totals_protects_each_column_on_its_own():
    assert grid(suppress_table([[3, 10], [8, 9], [20, 30]], row_totals=False)) == [
        [C, "10"],
        [C, "9"],
        ["20", "30"],
        ["31", "49"],
    ]


def test_zeros_in_a_table_are_hidden_too_when_asked():
    table = suppress_table([[0, 10, 20], [8, 12, 30], [9, 15, 40]], suppress_zeros=True)
    assert table.cells[0][0].hidden


def test_rows_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same number of columns"):
        suppress_table([[10, 20], [30]])


def test_a_table_with_no_rows_is_refused():
    with pytest.raises(ValueError):
        suppress_table([])


def test_the_same_table_always_gives_the_same_result():
    pick = random.Random(7)
    rows = [[pick.choice([0, 1, 2, 3, 6, 9, 20]) for _ in range(12)] for _ in range(9)]
    assert suppress_table(rows) == suppress_table([list(row) for row in rows])


def test_a_fifty_by_twenty_table_full_of_small_counts_is_suppressed_without_a_search_that_runs_away():
    # Not a speed test (speed is measured in benchmarks): a guard against secondary suppression turning into a
    # search over combinations, which would take minutes here. It takes a fraction of a second; the bound is
    # generous so a busy CI machine cannot fail it.
    pick = random.Random(2026)
    rows = [[pick.choice([0, 0, 1, 2, 3, 4, 6, 9, 15, 40, 120]) for _ in range(20)] for _ in range(50)]
    started = time.perf_counter()
    suppress_table(rows)
    assert time.perf_counter() - started < 10


# --- recoverable: the independent checker ------------------------------------------------------------------------


def test_recoverable_finds_a_hidden_cell_left_alone_in_its_row():
    published = SuppressedSeries(
        cells=(hidden(), shown(10)), total=shown(13), unlisted=None, threshold=5, suppress_zeros=False
    )
    assert recoverable(published) == [Position(0, 0)]


def test_recoverable_finds_a_hidden_count_beside_only_zeros_because_it_equals_the_total():
    published = SuppressedSeries(
        cells=(hidden(), shown(0), shown(0)), total=shown(9), unlisted=None, threshold=5, suppress_zeros=False
    )
    assert recoverable(published) == [Position(0, 0)]


def test_recoverable_finds_a_row_total_worked_out_from_the_grand_total():
    published = SuppressedTable(
        cells=((hidden(), hidden()), (hidden(), hidden())),
        row_totals=(hidden(), shown(20)),
        column_totals=(hidden(), hidden()),
        grand_total=shown(27),
        threshold=5,
        suppress_zeros=False,
    )
    assert recoverable(published) == [Position(0, None)]


def test_recoverable_finds_a_cell_that_only_a_combination_of_several_rows_and_columns_reveals():
    # Two blocks of four hidden cells joined by one hidden cell: every line holds two or more hidden figures, yet
    # rows 0 and 1 minus columns 0 and 1 leave exactly the joining cell.
    block = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    published = SuppressedTable(
        cells=tuple(tuple(hidden() if (i, j) in block else shown(10) for j in range(4)) for i in range(4)),
        row_totals=(shown(40),) * 4,
        column_totals=(shown(40),) * 4,
        grand_total=shown(160),
        threshold=5,
        suppress_zeros=False,
    )
    assert recoverable(published) == [Position(1, 2)]


def test_recoverable_finds_two_hidden_figures_that_must_both_be_one():
    published = SuppressedSeries(
        cells=(hidden(), hidden(), shown(20)), total=shown(22), unlisted=None, threshold=5, suppress_zeros=False
    )
    assert recoverable(published) == [Position(0, 0), Position(0, 1)]


def test_recoverable_allows_hidden_zeros_when_zeros_are_suppressed():
    published = SuppressedSeries(
        cells=(hidden(), hidden(), shown(20)), total=shown(22), unlisted=None, threshold=5, suppress_zeros=True
    )
    assert recoverable(published) == []


def test_recoverable_finds_nothing_in_a_rectangle_of_hidden_cells():
    assert recoverable(suppress_table([[2, 10, 20], [8, 12, 30], [9, 15, 40]])) == []


# --- derived figures ---------------------------------------------------------------------------------------------


def test_a_share_of_shown_figures_is_a_percentage_rounded_to_one_place():
    assert share(shown(1), shown(3)) == Figure.shown(33.3)


def test_a_share_of_a_hidden_part_is_hidden():
    assert share(hidden(), shown(30)).display == C


def test_a_share_of_a_hidden_whole_is_hidden():
    assert share(shown(10), hidden()).reason == "worked out from a hidden figure"


def test_a_share_of_a_zero_whole_is_not_applicable():
    assert share(shown(0), shown(0)).display == "[z]"


def test_a_ratio_of_shown_figures_is_rounded_to_two_places():
    assert ratio(shown(2), shown(3)) == Figure.shown(0.67)


def test_a_ratio_with_a_hidden_figure_is_hidden():
    assert ratio(shown(20), hidden()).display == C


def test_a_ratio_of_shares_is_hidden_when_a_share_is():
    assert ratio(share(hidden(), shown(40)), share(shown(10), shown(40))).hidden


def test_a_share_of_large_counts_can_be_published():
    assert share_of_counts(12, 40) == Figure.shown(30.0)


def test_a_share_of_a_small_count_is_hidden():
    assert share_of_counts(3, 40).hidden


def test_a_share_whose_remainder_is_small_is_hidden_because_the_whole_would_reveal_it():
    assert share_of_counts(38, 40).hidden


def test_a_share_of_a_small_whole_is_hidden():
    assert share_of_counts(0, 3).hidden


def test_a_share_of_no_one_out_of_many_is_shown_as_zero():
    assert share_of_counts(0, 40) == Figure.shown(0.0)


# --- properties --------------------------------------------------------------------------------------------------

# Small counts are the interesting ones, so about half the draws are 0-5 (one integer strategy keeps drawing fast).
counts = st.integers(0, 81).map(lambda n: n if n <= 40 else n % 6)


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    rows, columns = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    flat = draw(st.lists(counts, min_size=rows * columns, max_size=rows * columns))
    return [flat[i * columns : (i + 1) * columns] for i in range(rows)]


def all_figures(rows: list[list[int]], table: SuppressedTable) -> list[tuple[int, Figure]]:
    """Every (true count, published figure) pair, body cells and totals alike."""
    row_sums = [sum(row) for row in rows]
    column_sums = [sum(column) for column in zip(*rows, strict=True)]
    pairs = [
        (count, figure)
        for row, out in zip(rows, table.cells, strict=True)
        for count, figure in zip(row, out, strict=True)
    ]
    pairs += list(zip(row_sums, table.row_totals, strict=True)) + list(
        zip(column_sums, table.column_totals, strict=True)
    )
    return pairs + [(sum(row_sums), table.grand_total)]


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_hidden_figure_in_a_table_can_be_worked_out(rows):
    assert recoverable(suppress_table(rows)) == []


@settings(max_examples=200, deadline=None)
@given(tables())
def test_every_small_nonzero_figure_in_a_table_is_hidden(rows):
    pairs = all_figures(rows, suppress_table(rows))
    assert all(figure.hidden for count, figure in pairs if 0 < count < 5)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_every_shown_figure_in_a_table_is_the_true_count(rows):
    pairs = all_figures(rows, suppress_table(rows))
    assert all(figure.value == count for count, figure in pairs if not figure.hidden)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_every_zero_in_a_table_is_shown_by_default(rows):
    pairs = all_figures(rows, suppress_table(rows))
    assert all(not figure.hidden for count, figure in pairs if count == 0)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_no_hidden_figure_can_be_worked_out_when_zeros_are_hidden_too(rows):
    assert recoverable(suppress_table(rows, suppress_zeros=True)) == []


@settings(max_examples=100, deadline=None)
@given(tables(), st.integers(2, 10))
def test_no_hidden_figure_can_be_worked_out_at_any_threshold(rows, threshold):
    assert recoverable(suppress_table(rows, threshold=threshold)) == []


@settings(max_examples=100, deadline=None)
@given(tables(), st.booleans())
def test_no_hidden_figure_can_be_worked_out_with_totals_in_one_direction_only(rows, by_row):
    assert recoverable(suppress_table(rows, row_totals=by_row, column_totals=not by_row)) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=12), st.none() | st.integers(0, 8))
def test_no_hidden_count_in_a_list_can_be_worked_out(values, extra):
    total = None if extra is None else sum(values) + extra
    assert recoverable(suppress_counts(values, total=total)) == []


lists = st.tuples(st.lists(counts, min_size=1, max_size=12), st.none() | st.integers(0, 8))


def series_figures(values: list[int], extra: int | None) -> list[tuple[int, Figure]]:
    """Every (true count, published figure) pair of a list, the unlisted group and the total included."""
    series = suppress_counts(values, total=None if extra is None else sum(values) + extra)
    unlisted = [] if extra is None else [(extra, series.unlisted)]
    return list(zip(values, series.cells, strict=True)) + unlisted + [(sum(values) + (extra or 0), series.total)]


@settings(max_examples=200, deadline=None)
@given(lists)
def test_every_small_nonzero_count_in_a_list_is_hidden(drawn):
    assert all(figure.hidden for count, figure in series_figures(*drawn) if 0 < count < 5)


@settings(max_examples=200, deadline=None)
@given(lists)
def test_every_shown_count_in_a_list_is_the_true_count(drawn):
    assert all(figure.value == count for count, figure in series_figures(*drawn) if not figure.hidden)
