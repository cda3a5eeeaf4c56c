"""The SVG charts: escaping, ids, patterns, hidden values, empty data, ticks, summaries, tables and the template."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Engine

from shared import charts
from shared.charts import Group, Hidden, Point, Series

NS = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & Sons'
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def rag(red=3, amber=5, no_date=1, green=10, blue=4, closed=1) -> dict:
    return {"red": red, "amber": amber, "no_date": no_date, "green": green, "blue": blue, "closed": closed}


GRADES = [Series("junior", "Grades 1 to 3"), Series("middle", "Grades 4 to 6"), Series("senior", "Grade 7 and above")]


def stacked_bars(label=NASTY, groups=None, **kwargs) -> charts.Chart:
    groups = [Group(label, rag()), Group("Workforce plan", {"red": 12, "green": 2})] if groups is None else groups
    return charts.rag_bar_chart(id="by-plan", title="Actions by plan", groups=groups, group_label="Plan", **kwargs)


def stacked_columns(label=NASTY, groups=None, **kwargs) -> charts.Chart:
    if groups is None:
        groups = [Group("Jan 2026", rag(red=9)), Group("Feb 2026", rag(red=10)), Group(label, rag(red=12))]
    return charts.rag_trend_chart(id="trend", title="RAG by month", groups=groups, group_label="Month", **kwargs)


def grouped_bars(label=NASTY, groups=None, **kwargs) -> charts.Chart:
    if groups is None:
        groups = [
            Group(label, {"junior": Decimal("14.2"), "middle": Decimal("9.8"), "senior": 4}, benchmark=12),
            Group("Black", {"junior": 11, "middle": Decimal("6.5"), "senior": Hidden()}, benchmark=8),
        ]
    return charts.grouped_bar_chart(
        id="workforce",
        title="Staff by ethnic group and grade",
        groups=groups,
        series=GRADES,
        group_label="Ethnic group",
        value_label="Share of staff",
        benchmark_label="Local population",
        **kwargs,
    )


def line(label=NASTY, points=None, **kwargs) -> charts.Chart:
    if points is None:
        points = [Point("2021", Decimal("41.5")), Point("2022", 44), Point(label, Decimal("52.25"))]
    kwargs = {"target": 60, "unit": "%", **kwargs}
    return charts.line_chart(
        id="measure-7",
        title="Staff who feel they belong",
        points=points,
        series_label="Belonging",
        group_label="Year",
        value_label="Per cent of staff",
        **kwargs,
    )


def bars(label=NASTY, points=None, **kwargs) -> charts.Chart:
    points = [Point(label, 92), Point("Recruitment", 45), Point("Complaints", 78)] if points is None else points
    kwargs = {"unit": "%", "axis_max": 100, **kwargs}
    return charts.bar_chart(
        id="audit", title="Compliance", points=points, group_label="Standard", value_label="Compliance", **kwargs
    )


KINDS = {
    "stacked bars": stacked_bars,
    "stacked columns": stacked_columns,
    "grouped bars": grouped_bars,
    "line": line,
    "bars": bars,
}
EMPTY = {
    "stacked bars": lambda: stacked_bars(groups=[]),
    "stacked columns": lambda: stacked_columns(groups=[]),
    "grouped bars": lambda: grouped_bars(groups=[]),
    "line": lambda: line(points=[]),
    "bars": lambda: bars(points=[]),
}
kinds = pytest.mark.parametrize("build", KINDS.values(), ids=KINDS.keys())


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def data(root: ET.Element) -> ET.Element:
    return root.find(f"{NS}g[@class='app-chart__data']")


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{NS}text")]


def bars_drawn(root: ET.Element) -> list[ET.Element]:
    return [r for r in data(root).iter(f"{NS}rect") if r.get("fill", "").startswith("url(")]


# --- Well-formed, escaped, labelled ------------------------------------------------------------------------------


@kinds
def test_every_kind_of_chart_is_well_formed_svg(build):
    root = parse(build())

    assert root.tag == f"{NS}svg"
    assert data(root) is not None


@kinds
def test_a_label_with_markup_and_an_ampersand_is_escaped(build):
    chart = build(label=NASTY)

    assert "<script" not in chart.svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in chart.svg
    assert any(NASTY in "".join(e.itertext()) for e in parse(chart).iter())  # read back as text, not markup


def test_a_title_series_label_and_reason_with_markup_are_escaped():
    chart = charts.grouped_bar_chart(
        id="c",
        title="<b>Staff</b> & grades",
        groups=[Group("A", {"x": Hidden(reason="<i>Few</i> & far")})],
        series=[Series("x", "<em>Grade</em> & band")],
        group_label="Group",
        value_label="Share",
    )

    assert not re.search(r"<(b|i|em)>", chart.svg)
    assert parse(chart).find(f"{NS}title").text == "<b>Staff</b> & grades"


def test_control_characters_in_a_label_do_not_break_the_svg():
    chart = bars(label="Line one\nline two\x0b\x00")

    assert "Line one line two" in texts(parse(chart))


@kinds
def test_the_svg_is_an_image_labelled_by_its_own_title_and_description(build):
    root = parse(build())

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{NS}title").get("id") == title_id
    assert root.find(f"{NS}desc").get("id") == desc_id


@kinds
def test_ids_are_unique_and_every_reference_resolves(build):
    chart = build()
    root = parse(chart)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    references = set(re.findall(r"url\(#([^)]+)\)", chart.svg)) | set(root.get("aria-labelledby").split())

    assert len(ids) == len(set(ids))
    assert references <= set(ids)
    assert all(i == chart.id or i.startswith(f"{chart.id}-") for i in ids)


def test_two_charts_on_one_page_share_no_ids():
    first, second = parse(stacked_bars()), parse(stacked_columns())

    first_ids = {e.get("id") for e in first.iter() if e.get("id")}
    second_ids = {e.get("id") for e in second.iter() if e.get("id")}
    assert not first_ids & second_ids


@pytest.mark.parametrize("bad", ["", "9lives", "a b", 'x"onload="y', "a<b"])
def test_an_id_that_is_not_a_plain_token_is_refused(bad):
    with pytest.raises(ValueError, match="chart id"):
        charts.bar_chart(id=bad, title="T", points=[Point("A", 1)], group_label="G", value_label="V")


def test_values_for_a_series_the_chart_does_not_have_are_refused():
    with pytest.raises(ValueError, match="not in the chart"):
        stacked_bars(groups=[Group("Plan", {"purple": 3})])


def test_negative_counts_are_refused_by_stacked_charts():
    with pytest.raises(ValueError, match="0 or more"):
        stacked_bars(groups=[Group("Plan", {"red": -1})])


# --- CSP, print and scaling -----------------------------------------------------------------------------------------


@kinds
def test_nothing_needs_a_style_attribute_or_a_script(build):
    chart = build()

    assert not any(e.get("style") is not None for e in parse(chart).iter())
    assert "<style" not in chart.svg
    assert not re.search(r"\son\w+=", chart.svg)


@kinds
def test_text_is_never_smaller_than_12_units(build):
    sizes = [float(e.get("font-size")) for e in parse(build()).iter() if e.get("font-size")]

    assert sizes and min(sizes) >= 12


@kinds
def test_the_svg_scales_to_its_container_from_its_viewbox(build):
    root = parse(build())

    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 640 [\d.]+", root.get("viewBox"))


def test_the_height_grows_with_the_number_of_groups():
    def height(count: int) -> float:
        chart = stacked_bars(groups=[Group(f"Lead {i}", rag()) for i in range(count)])
        return float(parse(chart).get("viewBox").split()[3])

    assert height(2) < height(10) < height(40)


# --- Patterns and order ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "series"),
    [(stacked_bars, 6), (stacked_columns, 6), (grouped_bars, 3), (line, 1), (bars, 1)],
    ids=KINDS.keys(),
)
def test_every_series_has_a_pattern_and_every_bar_is_filled_with_one(build, series):
    chart = build()
    root = parse(chart)

    assert [p.get("id") for p in root.iter(f"{NS}pattern")] == [f"{chart.id}-pattern-{i}" for i in range(series)]
    assert all(b.get("fill").startswith(f"url(#{chart.id}-pattern-") for b in bars_drawn(root))


def test_each_series_has_its_own_pattern_in_the_legend_and_on_its_bars():
    root = parse(grouped_bars())
    patterns = [p.get("id") for p in root.iter(f"{NS}pattern")]
    legend = root.find(f"{NS}g[@class='app-chart__legend']")
    legend_fills = [r.get("fill") for r in legend.iter(f"{NS}rect")]

    assert patterns == ["workforce-pattern-0", "workforce-pattern-1", "workforce-pattern-2"]
    assert legend_fills == [f"url(#{p})" for p in patterns]
    assert {b.get("fill") for b in bars_drawn(root)} == set(legend_fills)


def test_no_two_rag_colours_share_a_pattern_and_red_comes_first():
    assert [s.key for s in charts.RAG_SERIES] == ["red", "amber", "no_date", "green", "blue", "closed"]
    assert len({s.swatch.pattern for s in charts.RAG_SERIES}) == len(charts.RAG_SERIES)
    assert [p.tag for p in parse(stacked_bars()).find(f"{NS}defs")] == [f"{NS}pattern"] * 6


def test_a_pattern_other_than_solid_draws_marks_over_its_colour():
    root = parse(stacked_bars())
    red, amber = list(root.iter(f"{NS}pattern"))[:2]

    assert [child.tag for child in red] == [f"{NS}rect"]
    assert [child.tag for child in amber] == [f"{NS}rect", f"{NS}path"]
    assert amber[0].get("fill") == "#ffbf47"


def test_series_without_a_swatch_get_different_ones():
    chart = grouped_bars()
    fills = [p[0].get("fill") for p in parse(chart).iter(f"{NS}pattern")]

    assert len(set(fills)) == 3


def test_stacked_bars_are_split_in_series_order_from_the_left():
    root = parse(stacked_bars(groups=[Group("Plan", {"red": 2, "green": 3, "amber": 1})]))
    segments = [(float(b.get("x")), b.find(f"{NS}title").text) for b in bars_drawn(root)]

    assert [title for _, title in sorted(segments)] == ["Plan, Red: 2", "Plan, Amber: 1", "Plan, Green: 3"]


def test_a_value_label_is_drawn_on_a_segment_wide_enough_for_it():
    root = parse(stacked_bars(groups=[Group("Plan", {"red": 40, "green": 1})]))

    assert "40" in texts(data(root))


# --- Hidden and missing values --------------------------------------------------------------------------------------


def test_a_hidden_value_draws_no_bar_but_its_marker():
    chart = bars(points=[Point("Shown", 40), Point("Few staff", Hidden())])
    root = parse(chart)

    assert [b.find(f"{NS}title").text for b in bars_drawn(root)] == ["Shown, Compliance: 40%"]
    assert "[c]" in texts(data(root))


def test_a_marker_says_which_value_is_not_shown_but_never_why():
    chart = bars(points=[Point("Few staff", Hidden(reason="Fewer than 5 staff"))])
    marker = next(g for g in data(parse(chart)).iter(f"{NS}g") if g.find(f"{NS}title") is not None)

    assert marker.find(f"{NS}title").text == "Few staff, Compliance: not shown ([c])"
    assert "Fewer than 5" not in chart.svg.split("</desc>")[1]


def test_a_hidden_value_shows_its_marker_in_the_table_with_a_note():
    chart = bars(points=[Point("Shown", 40), Point("Few staff", Hidden())])

    assert chart.table.rows[1] == ("Few staff", ("[c]",))
    assert chart.table.notes == ("[c] Hidden to protect people's privacy.",)


def test_values_sharing_a_marker_but_not_a_reason_get_one_general_note():
    small, protecting = Hidden(reason="Fewer than 5."), Hidden(reason="Hidden so a small figure cannot be worked out.")
    chart = bars(points=[Point("A", small), Point("B", protecting), Point("C", 7)])

    assert chart.table.notes == ("[c] Hidden to protect people's privacy.",)


@dataclass(frozen=True)
class Figure:
    """The shape of shared.disclosure.Figure: a value, or no value with a marker and a reason."""

    value: int | float | None
    reason: str = ""
    marker: str = ""


def test_a_disclosure_control_figure_is_taken_as_it_is():
    footnote = "[c] Hidden to protect people's privacy: the figure is fewer than 5."
    chart = bars(points=[Point("A", Figure(12)), Point("B", Figure(None, footnote, "[c]"))])

    assert [row.cells for row in chart.table.rows] == [("12%",), ("[c]",)]
    assert chart.table.notes == (footnote,)  # the marker is not written twice


def test_a_value_that_is_neither_a_number_nor_hidden_is_refused():
    with pytest.raises(TypeError, match="chart value"):
        bars(points=[Point("A", "12")])


def test_a_missing_value_is_marked_x_and_explained():
    chart = grouped_bars(groups=[Group("Other", {"junior": 2, "middle": None, "senior": 3})])

    assert chart.table.rows[0].cells == ("2%", "[x]", "3%")
    assert chart.table.notes == ("[x] Not available.",)
    assert "[x]" in texts(parse(chart))


def test_a_stacked_total_with_a_hidden_part_is_not_shown_so_the_part_cannot_be_worked_out():
    chart = stacked_bars(groups=[Group("Small team", rag(red=Hidden())), Group("Plan", rag())])

    assert chart.table.rows[0].cells[0] == "[c]"
    assert chart.table.rows[0].cells[-1] == "[c]"
    assert chart.table.rows[1].cells[-1] == "24"
    assert "21" not in texts(parse(chart))  # the small team's shown parts add up to 21


def test_the_summary_never_mentions_or_counts_hidden_values():
    chart = stacked_bars(groups=[Group("Small team", rag(red=Hidden())), Group("Plan", rag())])

    # Neither the red total nor the grand total: each would include the hidden value.
    assert chart.summary == "In all: 10 Amber, 2 No date, 20 Green, 8 Blue (complete) and 2 Closed."


def test_a_summary_of_only_hidden_values_says_none_can_be_shown():
    chart = bars(points=[Point("A", Hidden()), Point("B", Hidden())])

    assert chart.summary == "None of the values can be shown."
    assert chart.svg


def test_a_hidden_point_breaks_the_line_in_two():
    points = [Point("2021", 40), Point("2022", 42), Point("2023", Hidden()), Point("2024", 50), Point("2025", 55)]
    root = parse(line(points=points))

    assert len(list(data(root).iter(f"{NS}polyline"))) == 2
    assert len(list(data(root).iter(f"{NS}circle"))) == 4
    assert "[c]" in texts(data(root))


# --- Empty, zero, one and many --------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", EMPTY.values(), ids=EMPTY.keys())
def test_no_data_gives_no_svg_and_says_there_is_no_data_yet(build):
    chart = build()

    assert chart.svg == ""
    assert chart.is_empty
    assert chart.summary == "There is no data to show yet."
    assert chart.table.rows == ()
    assert chart.table.headers


def test_all_zero_counts_draw_an_axis_and_no_bars():
    chart = stacked_bars(groups=[Group("A", {}), Group("B", rag(0, 0, 0, 0, 0, 0))])
    root = parse(chart)

    assert bars_drawn(root) == []
    assert chart.table.rows[0].cells == ("0", "0", "0", "0", "0", "0", "0")
    assert chart.summary == "There are no actions to show: every count is 0."
    assert "runs from 0 to 1." in chart.alt


def test_a_single_point_is_drawn_without_a_line():
    root = parse(line(points=[Point("2024", 7)], target=None, unit=""))

    assert len(list(data(root).iter(f"{NS}circle"))) == 1
    assert list(data(root).iter(f"{NS}polyline")) == []


def test_a_single_point_summary_gives_its_value():
    assert line(points=[Point("2024", 7)], target=None, unit="").summary == "Belonging was 7 in 2024."


def test_a_long_label_is_shortened_with_the_full_text_in_a_title_and_the_table():
    long = "Adult Social Care, Public Health and Housing Services Directorate"
    chart = stacked_bars(label=long)
    labels = parse(chart).find(f"{NS}g[@class='app-chart__labels']")
    shortened = next(g for g in labels.iter(f"{NS}g") if g.find(f"{NS}title") is not None)

    assert shortened.find(f"{NS}title").text == long
    assert "".join(shortened.find(f"{NS}text").itertext()).endswith("…")
    assert chart.table.rows[0].header == long


def test_forty_bars_are_all_labelled():
    chart = stacked_bars(groups=[Group(f"Lead {i}", rag()) for i in range(40)])
    labels = parse(chart).find(f"{NS}g[@class='app-chart__labels']")

    assert texts(labels) == [f"Lead {i}" for i in range(40)]
    assert len(chart.table.rows) == 40


def test_forty_columns_label_the_latest_period_and_skip_some_between():
    chart = stacked_columns(groups=[Group(f"w/c {i} Jan", rag()) for i in range(40)])
    labels = texts(parse(chart).find(f"{NS}g[@class='app-chart__labels']"))

    assert labels[-1] == "w/c 39 Jan"
    assert 3 <= len(labels) < 40


# --- Ticks ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "whole", "expected"),
    [
        (0, 12, True, [0, 5, 10, 15]),
        (0, 12, False, [0, 2.5, 5, 7.5, 10, 12.5]),
        (0, 100, True, [0, 20, 40, 60, 80, 100]),
        (0, 105, True, [0, 25, 50, 75, 100, 125]),
        (0, 0, True, [0, 1]),
        (0, 1, True, [0, 1]),
        (0, 0.37, False, [0, 0.1, 0.2, 0.3, 0.4]),
        (-3, 8, True, [-5, 0, 5, 10]),
        (0, 2400, True, [0, 500, 1000, 1500, 2000, 2500]),
    ],
)
def test_axis_ticks_are_round_numbers_covering_the_data(low, high, whole, expected):
    assert charts.nice_ticks(low, high, whole=whole) == expected


def test_bars_start_at_zero_and_a_percentage_axis_can_run_to_100():
    chart = bars(points=[Point("A", 45), Point("B", 60)])
    ticks = texts(parse(chart).find(f"{NS}g[@class='app-chart__axes']"))

    assert ticks[:6] == ["0%", "20%", "40%", "60%", "80%", "100%"]


# --- Numbers, summaries, alt text and tables ------------------------------------------------------------------------


def test_numbers_are_written_the_same_in_the_chart_and_the_table():
    chart = line()

    assert chart.table.rows[2].cells == ("52.3%",)  # 52.25 rounds half up, to the chart's one decimal place
    assert "52.3%" in texts(parse(chart))
    assert chart.table.rows[1].cells == ("44.0%",)


def test_the_rag_summary_gives_the_totals_and_the_largest_and_smallest_bars():
    chart = stacked_bars(label="Plan A")

    assert chart.summary == (
        "38 actions in all: 15 Red, 5 Amber, 1 No date, 12 Green, 4 Blue (complete) and 1 Closed. "
        "Plan A has the largest total (24) and Workforce plan the smallest (14)."
    )


def test_the_trend_summary_gives_the_latest_period_and_the_first_for_comparison():
    chart = stacked_columns(label="Mar 2026")

    assert chart.summary == (
        "In Mar 2026: 33 actions, of which 12 Red, 5 Amber, 1 No date, 10 Green, 4 Blue (complete) and 1 Closed. "
        "In Jan 2026: 30 actions, of which 9 Red."
    )


def test_the_line_summary_gives_the_change_the_range_and_the_target():
    chart = line(label="2023")

    assert chart.summary == (
        "Belonging was 52.3% in 2023, up from 41.5% in 2021. The highest was 52.3% (2023) and the lowest 41.5% "
        "(2021). The latest value is below the target of 60.0%."
    )


def test_the_grouped_summary_counts_bars_below_their_benchmark():
    chart = grouped_bars(label="Asian")

    assert chart.summary == (
        "The highest value is 14.2% (Grades 1 to 3, Asian) and the lowest 4.0% (Grade 7 and above, Asian). "
        "3 of the 5 bars shown are below their group's benchmark (local population)."
    )


def test_the_bar_summary_gives_the_highest_and_lowest():
    assert bars(label="Training").summary == "The highest is Training (92%) and the lowest Recruitment (45%)."


def test_a_summary_from_the_caller_replaces_the_default():
    sentence = "12 of 105 actions are red, up from 9 a month ago."

    assert stacked_bars(summary=sentence).summary == sentence


def test_the_alt_text_names_the_axes_their_range_and_the_series():
    chart = stacked_bars(label="Plan A")

    assert chart.alt == (
        "Horizontal stacked bar chart. The vertical Y-axis is labelled Plan, with 2 bars: Plan A and Workforce plan. "
        "The horizontal X-axis is labelled Number of actions and runs from 0 to 25. Each bar is split, from left to "
        "right, into Red (solid), Amber (diagonal lines), No date (dotted), Green (cross-hatched), Blue (complete) "
        "(reverse diagonal lines) and Closed (horizontal lines), with its total at its end."
    )
    assert parse(chart).find(f"{NS}desc").text == chart.alt


def test_the_alt_text_of_many_groups_names_the_first_and_last():
    chart = stacked_bars(groups=[Group(f"Lead {i}", rag()) for i in range(12)])

    assert "with 12 bars, from Lead 0 to Lead 11." in chart.alt


def test_the_alt_text_says_what_markers_mean():
    chart = grouped_bars()

    assert chart.alt.endswith("Markers stand for values that are not shown: [c] " + charts.HIDDEN_REASON)


def test_the_stacked_table_has_a_column_per_series_in_order_and_the_total():
    chart = stacked_bars(label="Plan A")

    assert chart.table.caption == "Actions by plan"
    assert chart.table.headers == ("Plan", "Red", "Amber", "No date", "Green", "Blue (complete)", "Closed", "Total")
    assert chart.table.rows == (
        ("Plan A", ("3", "5", "1", "10", "4", "1", "24")),
        ("Workforce plan", ("12", "0", "0", "2", "0", "0", "14")),  # a colour with no actions counts as 0
    )


def test_the_grouped_table_has_the_benchmark_as_its_last_column():
    chart = grouped_bars(label="Asian")

    assert chart.table.headers == (
        "Ethnic group",
        "Grades 1 to 3",
        "Grades 4 to 6",
        "Grade 7 and above",
        "Local population",
    )
    assert chart.table.rows == (
        ("Asian", ("14.2%", "9.8%", "4.0%", "12.0%")),
        ("Black", ("11.0%", "6.5%", "[c]", "8.0%")),
    )


def test_the_line_table_lists_each_period_and_notes_the_target():
    chart = line(label="2023")

    assert chart.table.headers == ("Year", "Belonging")
    assert [row.header for row in chart.table.rows] == ["2021", "2022", "2023"]
    assert chart.table.notes == ("Target: 60.0%.",)


def test_a_benchmark_is_drawn_as_a_line_across_its_group():
    root = parse(grouped_bars())
    lines = [e for e in data(root).iter(f"{NS}line") if e.find(f"{NS}title") is not None]

    assert [e.find(f"{NS}title").text for e in lines] == [
        f"Local population, {NASTY}: 12.0%",
        "Local population, Black: 8.0%",
    ]


def test_a_target_is_drawn_as_a_dashed_line():
    root = parse(line())
    dashed = [e for e in data(root).iter(f"{NS}line") if e.get("stroke-dasharray")]

    assert [e.find(f"{NS}title").text for e in dashed] == ["Target: 60.0%"]


@kinds
def test_the_same_data_gives_the_same_svg(build):
    assert build().svg == build().svg
    assert build() == build()


# --- The template ---------------------------------------------------------------------------------------------------


def render(chart: charts.Chart) -> str:
    template = Engine(dirs=[str(TEMPLATES)]).get_template("includes/chart.html")
    return template.render(Context({"chart": chart}))


def test_the_template_shows_caption_svg_summary_and_a_table_behind_details():
    html = render(stacked_bars())

    assert '<figure class="app-chart">' in html
    assert 'id="by-plan-caption">Actions by plan</figcaption>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="by-plan"' in html
    assert '<details class="govuk-details app-chart__data">' in html
    assert "Show the data as a table" in html
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Actions by plan</caption>' in html
    assert html.count('<th scope="row" class="govuk-table__header">') == 2
    assert "govuk-table__cell--numeric" in html


def test_the_template_escapes_labels_in_the_table_and_adds_no_inline_styles():
    html = render(stacked_bars())

    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "style=" not in html


def test_the_template_lists_what_markers_mean_under_the_table():
    html = render(bars(points=[Point("A", 3), Point("B", Hidden())]))

    assert "<li>[c] Hidden to protect people&#x27;s privacy.</li>" in html


def test_the_template_of_an_empty_chart_shows_only_its_caption_and_summary():
    html = render(bars(points=[]))

    assert "<svg" not in html
    assert "<details" not in html
    assert "There is no data to show yet." in html
