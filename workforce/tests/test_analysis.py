"""The analyses on their own (no database): relative likelihoods worked by hand, and disclosure control on tricky
tables: a single small cell in a row, two small cells, small totals, zeros."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.disclosure import Figure, Position, suppress_table
from workforce.analysis import (
    Column,
    Publication,
    benchmark_shares,
    derived_sum,
    funnels,
    pay,
    relative_likelihood,
    representation,
)

PUBLISHED = Publication(suppressed=True, threshold=5)
ANALYST = Publication(suppressed=False, threshold=5)
WHITE, BGM = Column("white", "White", True), Column("bgm", "Black and global majority", True)
NOT_PLACED = Column("not_placed", "Recorded only as a broader group", False)
NOT_KNOWN = Column("not_known", "Not known or prefer not to say", False)
SIDES = [WHITE, BGM, NOT_KNOWN]


def shown(value):
    return Figure.shown(value)


# --- relative likelihoods: a hand-worked example -------------------------------------------------------------
#
# Appointment from shortlisting, one quarter:
#   White:                      200 shortlisted, 40 appointed -> likelihood 40 / 200 = 0.20
#   Black and global majority:  150 shortlisted, 15 appointed -> likelihood 15 / 150 = 0.10
#   Not known:                   10 shortlisted,  2 appointed -> left out of both groups
#   Relative likelihood of White applicants being appointed = 0.20 / 0.10 = 2.00: outside 0.80-1.25 (above).
# Entering formal disciplinary processes (Black and global majority over White):
#   Black and global majority: 400 staff, 12 entered -> 0.03;  White: 300 staff, 6 entered -> 0.02
#   Relative likelihood = 0.03 / 0.02 = 1.50: above 1.25.


def recruitment(pub, *, white=(260, 200, 40), bgm=(300, 150, 15), unknown=(20, 10, 2)):
    """One campaign's funnel: (applied, shortlisted, appointed) per group."""
    return funnels(
        names=["Social worker"],
        stages=["applied", "shortlisted", "appointed"],
        counts=[[list(white), list(bgm), list(unknown)]],
        blocks=SIDES,
        sides=(0, 1),
        likelihood_stages=(1, 2),
        pub=pub,
    )


def test_the_relative_likelihood_of_appointment_matches_the_hand_worked_example():
    _, total = recruitment(ANALYST)
    assert total.likelihood.value == shown(2.0)
    assert total.likelihood.first == (shown(40), shown(200))
    assert total.likelihood.second == (shown(15), shown(150))


def test_a_relative_likelihood_outside_080_to_125_is_flagged():
    assert recruitment(ANALYST)[1].likelihood.flag == "above"
    parity = recruitment(ANALYST, white=(100, 100, 20), bgm=(100, 100, 20))[1].likelihood
    assert (parity.value, parity.flag) == (shown(1.0), "within")
    low = recruitment(ANALYST, white=(100, 100, 10), bgm=(100, 100, 20))[1].likelihood
    assert (low.value, low.flag) == (shown(0.5), "below")


def test_unknown_ethnicity_is_left_out_of_both_groups_and_reported_separately():
    with_unknown = recruitment(ANALYST)[1].likelihood
    without = recruitment(ANALYST, unknown=(0, 0, 0))[1].likelihood
    assert with_unknown.value == without.value
    assert with_unknown.unknown == (shown(2), shown(10))


def test_the_disciplinary_ratio_puts_black_and_global_majority_staff_on_top():
    result = funnels(
        names=["All staff"],
        stages=["headcount", "entered"],
        counts=[[[300, 6], [400, 12], [30, 0]]],
        blocks=SIDES,
        sides=(0, 1),
        likelihood_stages=(0, 1),
        first_side_on_top=False,
        pub=ANALYST,
    )
    likelihood = result[0][0].likelihood
    assert (likelihood.value, likelihood.flag) == (shown(1.5), "above")
    assert likelihood.first == (shown(12), shown(400))


def test_a_ratio_is_shown_only_when_both_groups_reach_the_threshold():
    small_group = relative_likelihood((shown(1), shown(4)), (shown(10), shown(100)), threshold=5)
    assert small_group.value.hidden and small_group.flag == ""
    assert relative_likelihood((shown(1), shown(5)), (shown(10), shown(100)), threshold=5).value == shown(2.0)


def test_a_ratio_built_on_a_hidden_count_is_hidden():
    hidden = relative_likelihood((Figure.confidential("fewer than 5"), shown(40)), (shown(10), shown(100)), threshold=5)
    assert hidden.value.marker == "[c]"


def test_when_nobody_in_the_second_group_was_appointed_there_is_no_ratio():
    none = relative_likelihood((shown(10), shown(100)), (shown(0), shown(100)), threshold=5)
    assert none.value.marker == "[z]" and none.flag == ""


def test_in_published_figures_a_small_appointed_count_hides_the_ratio():
    _, total = recruitment(PUBLISHED, white=(260, 200, 40), bgm=(300, 150, 3))
    assert total.likelihood.value.marker == "[c]"
    assert total.blocks[1].stages[2].marker == "[c]"


def test_in_published_figures_the_unknown_are_kept_apart_so_their_small_numbers_do_not_hide_the_ratio():
    _, total = recruitment(PUBLISHED)
    assert total.likelihood.value == shown(2.0)
    assert total.likelihood.unknown == (Figure.confidential("fewer than 5"), shown(10)) or (
        total.likelihood.unknown[0].marker == "[c]" and total.likelihood.unknown[1] == shown(10)
    )
    assert total.total_label == "Everyone with a recorded ethnicity"
    assert total.total == [shown(560), shown(350), shown(55)]


def test_a_small_number_of_people_dropping_out_between_two_stages_is_protected():
    # 40 shortlisted and 38 appointed would say that 2 were not appointed.
    _, total = recruitment(PUBLISHED, white=(100, 40, 38), bgm=(120, 50, 20), unknown=(0, 0, 0))
    white = total.blocks[0]
    assert white.stages[1].hidden or white.stages[2].hidden
    assert total.likelihood.value.hidden


def test_per_campaign_and_total_funnels_come_from_one_table_so_subtraction_reveals_nothing():
    per_campaign, total = funnels(
        names=["A", "B"],
        stages=["shortlisted", "appointed"],
        counts=[[[30, 3], [40, 10], [0, 0]], [[50, 12], [60, 15], [0, 0]]],
        blocks=SIDES,
        sides=(0, 1),
        likelihood_stages=(0, 1),
        pub=PUBLISHED,
    )
    a_white_appointed = per_campaign[0].blocks[0].stages[1]
    assert a_white_appointed.hidden
    # The total of White appointed minus campaign B's would give campaign A's 3: one of them must be hidden.
    assert total.blocks[0].stages[1].hidden or per_campaign[1].blocks[0].stages[1].hidden


# --- representation: disclosure control on tricky tables --------------------------------------------------------

GRADES = [("Scale 1-5", False), ("PO1-PO3", False), ("SM1-SM2", True)]
COLUMNS = [WHITE, BGM, NOT_PLACED, NOT_KNOWN]


def rep(counts, *, pub=PUBLISHED, benchmark=(51.0, 48.0), grades=GRADES, columns=COLUMNS, focus=1):
    return representation(
        grades=grades,
        counts=counts,
        columns=columns,
        benchmark=list(benchmark) if benchmark else None,
        focus_index=focus,
        margin=5,
        min_disclosure=90,
        pub=pub,
    )


def test_a_single_small_cell_in_a_row_is_hidden_with_another_in_its_row():
    result = rep([[40, 60, 0, 2], [30, 3, 0, 1], [12, 9, 0, 0]])
    po = result.rows[1]
    assert po.counts[1].hidden, "3 Black and global majority staff"
    assert sum(c.hidden for c in po.counts) >= 2, "one hidden cell in a row could be worked out from its total"
    assert all(share.share.hidden for share in po.shares)


def test_two_small_cells_in_a_row_protect_each_other_only_if_their_sum_gives_neither_away():
    result = rep([[40, 60, 0, 0], [2, 2, 0, 0], [12, 9, 0, 0]])
    senior = result.rows[1]
    assert senior.counts[0].hidden and senior.counts[1].hidden
    # Two hidden 2s in a row of 4 would both have to be at least 1 and add up to 4: the total goes too.
    assert senior.recorded_count.hidden


def test_a_small_total_is_hidden():
    result = rep([[40, 60, 0, 0], [30, 35, 0, 0], [3, 1, 0, 0]])
    assert result.rows[2].recorded_count.hidden
    assert result.gradient.value.hidden


def test_zeros_are_shown_and_never_hidden_to_protect_another_figure():
    result = rep([[40, 60, 0, 0], [30, 0, 0, 0], [12, 9, 0, 0]])
    assert result.rows[1].counts[1] == shown(0)
    assert result.rows[1].shares[1].share == shown(0.0)


def test_a_hidden_cell_is_never_recoverable_from_the_published_table_and_its_totals():
    counts = [[40, 3, 0], [30, 2, 0], [12, 9, 0]]
    published = suppress_table(counts, threshold=5)
    from shared.disclosure import recoverable

    assert recoverable(published) == []
    result = rep([[*row, 0] for row in counts])
    for i, row in enumerate(result.rows):
        for j, figure in enumerate(row.counts):
            assert figure.hidden == published.cells[i][j].hidden


def test_published_tables_leave_out_grades_not_known_counts_so_a_few_unknown_seniors_hide_nothing():
    counts = [[400, 600, 0, 40], [300, 350, 0, 30], [60, 24, 0, 2]]
    published = rep(counts)
    assert [c.name for c in published.columns] == [
        "White",
        "Black and global majority",
        "Recorded only as a broader group",
    ]
    assert published.rows[2].counts[:2] == [shown(60), shown(24)]
    assert published.rows[2].headcount is None and published.rows[2].recorded is None
    assert (published.overall.not_known, published.overall.headcount) == (shown(72), shown(1806))
    analyst = rep(counts, pub=ANALYST)
    assert analyst.rows[2].not_known == shown(2) and analyst.rows[2].headcount == shown(86)


def test_a_small_not_known_total_hides_the_headcount_beside_the_recorded_count():
    published = rep([[40, 60, 0, 1], [30, 35, 0, 0], [12, 9, 0, 2]])
    assert published.overall.not_known.hidden and published.overall.headcount.hidden
    assert published.overall.recorded_count == shown(186)


def test_shares_are_of_staff_placed_in_a_group_and_gaps_are_in_points_against_the_benchmark():
    result = rep([[40, 60, 0, 10], [30, 20, 0, 0], [12, 8, 0, 0]], pub=ANALYST)
    bgm = result.overall.shares[1]
    assert (bgm.count, bgm.share, bgm.gap, bgm.within) == (shown(88), shown(51.8), shown(3.8), True)
    assert result.rows[0].shares[1].within is False  # 60.0% against 48%


def test_a_bame_count_is_kept_out_of_the_group_shares_and_shown_as_recorded_only_as_a_broader_group():
    result = rep([[40, 50, 10, 0], [30, 20, 0, 0], [12, 8, 0, 0]], pub=ANALYST)
    assert result.rows[0].counts[2] == shown(10)
    assert result.rows[0].placed == shown(90)
    assert result.rows[0].shares[1].share == shown(55.6)


def test_the_seniority_gradient_is_the_senior_grades_share_minus_the_other_grades_share():
    result = rep([[40, 60, 0, 0], [30, 20, 0, 0], [15, 5, 0, 0]], pub=ANALYST)
    # Senior: 5 of 20 = 25%; others: 80 of 150 = 53.3%; gradient 25 - 53.3 = -28.3 points.
    assert (result.gradient.senior_share, result.gradient.other_share) == (shown(25.0), shown(53.3))
    assert result.gradient.value == shown(-28.3)


def test_with_no_grade_marked_senior_the_most_senior_grade_is_used_and_said():
    grades = [("A", False), ("B", False), ("C", False)]
    result = rep([[40, 60, 0, 0], [30, 20, 0, 0], [15, 5, 0, 0]], pub=ANALYST, grades=grades)
    assert result.gradient.senior_grades == ["C"] and "most senior grade" in result.gradient.note


def test_low_disclosure_is_flagged():
    assert rep([[40, 60, 0, 30], [30, 20, 0, 0], [12, 8, 0, 0]], pub=ANALYST).low_disclosure
    assert not rep([[40, 60, 0, 3], [30, 20, 0, 0], [12, 8, 0, 0]], pub=ANALYST).low_disclosure


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.lists(
            st.lists(st.integers(0, 30) | st.integers(0, 4), min_size=3, max_size=3), min_size=rows, max_size=rows
        )
    )
)
def test_every_figure_a_published_representation_shows_is_true_and_every_small_count_is_hidden(rows):
    grades = [(f"G{i}", i == len(rows) - 1) for i in range(len(rows))]
    counts = [[*row, 0] for row in rows]
    result = rep(counts, grades=grades)
    truth = rep(counts, grades=grades, pub=ANALYST)
    for published_row, true_row in zip([*result.rows, result.overall], [*truth.rows, truth.overall], strict=True):
        # The analyst's table has one more column, "not known", which published tables give only in total.
        for published, true in zip(published_row.counts, true_row.counts[: len(published_row.counts)], strict=True):
            if 0 < true.value < 5:
                assert published.hidden
            if not published.hidden:
                assert published.value == true.value
        for figure, true in [
            (published_row.placed, true_row.placed),
            (published_row.recorded_count, true_row.recorded_count),
            *[(p.share, t.share) for p, t in zip(published_row.shares, true_row.shares, strict=True)],
        ]:
            if not figure.hidden:
                assert figure == true
    if not result.gradient.value.hidden:
        assert result.gradient.value == truth.gradient.value


def test_a_derived_sum_is_shown_only_when_a_reader_could_work_it_out():
    table = suppress_table([[40, 3, 9], [30, 12, 2]], threshold=5)
    row = [Position(0, j) for j in range(3)]
    assert derived_sum(table, row) == shown(52)
    hidden_pair = [p for p in row if table.cells[0][p.column].hidden]
    assert derived_sum(table, hidden_pair).value == 12  # row total minus the one shown figure
    assert derived_sum(table, hidden_pair[:1]).hidden


# --- benchmarks and pay ----------------------------------------------------------------------------------------


def test_benchmark_shares_given_with_a_not_known_share_are_rescaled_to_people_whose_ethnicity_is_known():
    shares = benchmark_shares(
        [Decimal(29), Decimal(64)], not_placed=Decimal(0), not_known=Decimal("7.1"), as_shares=True, pub=PUBLISHED
    )
    assert [round(s, 1) for s in shares] == [31.2, 68.9]


def test_a_benchmark_in_groups_the_aggregation_cannot_place_is_not_compared():
    assert (
        benchmark_shares([Decimal(29), None], not_placed=Decimal(64), not_known=0, as_shares=True, pub=ANALYST) is None
    )


def test_a_group_the_benchmark_does_not_give_has_no_benchmark_share_rather_than_zero():
    shares = benchmark_shares([Decimal(51), None], not_placed=Decimal(0), not_known=0, as_shares=True, pub=ANALYST)
    assert shares == [51.0, None]


def test_the_pay_gap_is_the_difference_as_a_share_of_the_reference_groups_pay():
    result = pay(
        blocks=SIDES,
        headcounts=[200, 300, 20],
        means=[Decimal("25.00"), Decimal("21.00"), Decimal("22.00")],
        medians=[Decimal("24.00"), Decimal("20.40"), None],
        quartiles=[[40, 80, 5], [45, 75, 5], [55, 70, 5], [60, 75, 5]],
        reference=0,
        pub=PUBLISHED,
    )
    gap = result.gaps[0]
    assert (gap.mean_gap, gap.median_gap) == (shown(16.0), shown(15.0))
    assert result.quartiles[0][2][1] == shown(66.7)


def test_average_pay_of_a_group_below_the_threshold_is_hidden():
    result = pay(
        blocks=SIDES,
        headcounts=[200, 3, 20],
        means=[Decimal("25.00"), Decimal("21.00"), Decimal("22.00")],
        medians=[None, None, None],
        quartiles=None,
        reference=0,
        pub=PUBLISHED,
    )
    assert result.groups[1].mean.hidden and result.gaps[0].mean_gap.hidden


@pytest.mark.parametrize("pub", [PUBLISHED, ANALYST])
def test_a_funnel_with_nobody_at_all_shows_zeros_and_no_ratio(pub):
    _, total = recruitment(pub, white=(0, 0, 0), bgm=(0, 0, 0), unknown=(0, 0, 0))
    assert total.total == [shown(0)] * 3
    assert total.likelihood.value.hidden
