"""Accessible SVG charts from plain data: patterned series, direct labels, alt text, a summary and a data table."""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple, Protocol

from django.utils.html import escape

# Everything is drawn in viewBox units and scaled to the page (width="100%"). _charts.scss never lets the SVG get
# narrower than 560px, so text at 14 units is never smaller than 12px; printed on A4 it is larger.
WIDTH = 640
FONT_SIZE = 14
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
INK = "#0b0c0c"
AXIS_INK = "#505a5f"
GRID_INK = "#b1b4b6"
PAPER = "#ffffff"
LINE_COLOUR = "#12436d"
TARGET_DASH = "8 5"
EMPTY_SUMMARY = "There is no data to show yet."
NONE_SHOWN_SUMMARY = "None of the values can be shown."
HIDDEN_REASON = "Hidden to protect people's privacy."
MISSING_MARKER = "[x]"
MISSING_REASON = "Not available."
MANY_LABELS = 8  # alt text names every category up to this many, then only the first and the last
PERIOD_LABEL_WIDTH = 100.0  # period labels longer than this are shortened (full text in a <title> and the table)

Number = int | float | Decimal


@dataclass(frozen=True)
class Hidden:
    """A value withheld by disclosure control: no bar, a marker instead, the marker in the table, never summarised.

    The reason is shown once per marker, under the table, never beside a value, so a reader cannot tell a small
    figure from one hidden to protect it; values with one marker but different reasons share a general note.
    """

    reason: str = HIDDEN_REASON
    marker: str = "[c]"  # the Government Statistical Service shorthand for "confidential"


class Figure(Protocol):
    """A value, or no value with a marker and a reason: shared.disclosure.Figure fits, so charts take it as it is."""

    value: int | float | None
    marker: str
    reason: str


Value = Number | Hidden | Figure | None  # None: not available, marked [x]


class Pattern(StrEnum):
    SOLID = "solid"
    HATCH = "hatch"  # diagonal lines rising to the right
    BACK_HATCH = "back-hatch"  # diagonal lines falling to the right
    CROSS_HATCH = "cross-hatch"
    DOTS = "dots"
    STRIPES = "stripes"  # horizontal lines


@dataclass(frozen=True)
class Swatch:
    """How a series is painted: a base colour and a pattern of marks in a second colour (never colour alone)."""

    colour: str  # #rrggbb
    pattern: Pattern
    ink: str = INK  # #rrggbb, the colour of the pattern's marks


@dataclass(frozen=True)
class Series:
    """One thing counted or measured: `key` names it in Group.values, `label` is what people read."""

    key: str
    label: str
    swatch: Swatch | None = None  # None: the next of DEFAULT_SWATCHES not already used


@dataclass(frozen=True)
class Group:
    """One bar, group of bars or period: a value per series key. Only grouped_bar_chart draws `benchmark`."""

    label: str
    values: Mapping[str, Value]
    benchmark: Value = None


@dataclass(frozen=True)
class Point:
    """One value of a single-series chart: a bar of bar_chart or a point of line_chart."""

    label: str
    value: Value


class TableRow(NamedTuple):
    header: str  # the row's label, for <th scope="row">
    cells: tuple[str, ...]  # formatted exactly as on the chart


@dataclass(frozen=True)
class Table:
    """The chart's data as an HTML table: the first header names the row labels, the other columns are numbers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]
    notes: tuple[str, ...] = ()  # the target, and what each marker means: "[c] Hidden to protect ..."


@dataclass(frozen=True)
class Chart:
    """A chart for templates/includes/chart.html; every label in `svg` is escaped, so the template marks it safe."""

    id: str
    title: str
    svg: str  # "" when there is no data
    summary: str
    alt: str
    table: Table

    @property
    def is_empty(self) -> bool:
        return not self.svg


# Lightness (CIE L*, the pattern's marks included, measured as rendered) is spread out so the colours stay apart
# printed in greyscale: blue 30, red 48, green 59, amber 70, closed 82, no date 92. Red is the only solid fill.
RAG_SWATCHES = {
    "red": Swatch("#d4351c", Pattern.SOLID),
    "amber": Swatch("#ffbf47", Pattern.HATCH),
    "no_date": Swatch("#ffffff", Pattern.DOTS),
    "green": Swatch("#00703c", Pattern.CROSS_HATCH, "#cce2d8"),
    "blue": Swatch("#003078", Pattern.BACK_HATCH, "#1d70b8"),
    "closed": Swatch("#dee0e2", Pattern.STRIPES, "#505a5f"),
}
# The keys and labels of plans.choices.Rag (shared imports no domain app), in the order charts show them.
RAG_SERIES = (
    Series("red", "Red", RAG_SWATCHES["red"]),
    Series("amber", "Amber", RAG_SWATCHES["amber"]),
    Series("no_date", "No date", RAG_SWATCHES["no_date"]),
    Series("green", "Green", RAG_SWATCHES["green"]),
    Series("blue", "Blue (complete)", RAG_SWATCHES["blue"]),
    Series("closed", "Closed", RAG_SWATCHES["closed"]),
)
# Any other series, in order, each with its own pattern; lightness as above: 27, 40, 52, 69, 83, 92.
DEFAULT_SWATCHES = (
    Swatch("#12436d", Pattern.SOLID),
    Swatch("#1a7f75", Pattern.BACK_HATCH),
    Swatch("#f46a25", Pattern.HATCH),
    Swatch("#c8b6e6", Pattern.CROSS_HATCH),
    Swatch("#fde2c8", Pattern.STRIPES),
    Swatch("#ffffff", Pattern.DOTS),
)
PATTERN_WORDS = {
    Pattern.SOLID: "solid",
    Pattern.HATCH: "diagonal lines",
    Pattern.BACK_HATCH: "reverse diagonal lines",
    Pattern.CROSS_HATCH: "cross-hatched",
    Pattern.DOTS: "dotted",
    Pattern.STRIPES: "horizontal lines",
}

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Text is measured without fonts, so widths (in ems) are generous guesses by kind of character that hold for the
# fonts above and for DejaVu Sans, which WeasyPrint may fall back to on a server.
_WIDE, _NARROW = frozenset("mwMW%@"), frozenset("iljtfrI.,:;'|!()[] ")


# --- The charts ---------------------------------------------------------------------------------------------------


def stacked_bar_chart(
    *,
    id: str,
    title: str,
    groups: Sequence[Group],
    series: Sequence[Series],
    group_label: str,
    value_label: str,
    noun: str = "",
    unit: str = "",
    decimals: int | None = None,
    axis_max: Number | None = None,
    summary: str | None = None,
) -> Chart:
    """Horizontal bars, one per group, each split by series in their order; a missing key counts as 0."""
    spec = _Spec.build(id, title, groups, series, unit=unit, decimals=decimals, counts=True)
    headers = (group_label, *[s.label for s in spec.series], "Total")
    if spec.empty:
        return spec.empty_chart(headers)
    totals = [_known_total(g, spec.series) for g in spec.groups]
    ticks = nice_ticks(0, max([_shown_sum(g) for g in spec.groups] + [float(axis_max or 0)]), whole=spec.whole)
    ends = [
        spec.format(t) if t is not None else _markers(g, spec.series) for g, t in zip(spec.groups, totals, strict=True)
    ]
    frame = _HorizontalFrame(spec, _series_legend(spec), ticks, value_label, row=_bar_height(spec), ends=ends)
    body = []
    for index, group in enumerate(spec.groups):
        top, height = frame.row_top(index), frame.row
        cursor = 0.0
        for series_index, s in enumerate(spec.series):
            value = group.values.get(s.key, 0)
            if not _is_number(value) or value == 0:
                continue
            x0, x1 = frame.x(cursor), frame.x(cursor + float(value))
            label = spec.format(value)
            tooltip = f"{group.label}, {s.label}: {label}"
            body.append(_bar(x0, top, x1 - x0, height, spec.pattern_id(series_index), tooltip))
            if height >= FONT_SIZE + 4 and _text_width(label) + 12 <= x1 - x0:
                body.append(_chip((x0 + x1) / 2, top + height / 2, label))
            cursor += float(value)
        body.append(_note(frame.x(cursor) + 6, top + height / 2, ends[index], _not_shown_title(group, spec.series)))
    alt = _sentences(
        "Horizontal stacked bar chart.",
        _category_alt(group_label, ("bar", "bars"), spec.group_labels),
        _value_alt("horizontal X-axis", value_label, ticks, spec),
        f"Each bar is split, from left to right, into {_series_words(spec.series)}, with its total at its end.",
        _markers_alt(spec),
    )
    table = Table(spec.title, headers, _stacked_rows(spec, ends), spec.notes())
    return spec.chart(frame.render(body, alt), summary or _stacked_summary(spec, totals, noun), alt, table)


def stacked_column_chart(
    *,
    id: str,
    title: str,
    groups: Sequence[Group],
    series: Sequence[Series],
    group_label: str,
    value_label: str,
    noun: str = "",
    unit: str = "",
    decimals: int | None = None,
    axis_max: Number | None = None,
    summary: str | None = None,
) -> Chart:
    """Columns over time, one per period (oldest first), each stacked by series from the bottom; missing = 0."""
    spec = _Spec.build(id, title, groups, series, unit=unit, decimals=decimals, counts=True)
    headers = (group_label, *[s.label for s in spec.series], "Total")
    if spec.empty:
        return spec.empty_chart(headers)
    totals = [_known_total(g, spec.series) for g in spec.groups]
    ticks = nice_ticks(0, max([_shown_sum(g) for g in spec.groups] + [float(axis_max or 0)]), whole=spec.whole)
    ends = [
        spec.format(t) if t is not None else _markers(g, spec.series) for g, t in zip(spec.groups, totals, strict=True)
    ]
    frame = _VerticalFrame(spec, _series_legend(spec), ticks, value_label, group_label)
    width = min(48.0, frame.pitch * 0.7)
    body = []
    for index, group in enumerate(spec.groups):
        centre = frame.centre(index)
        cursor = 0.0
        for series_index, s in enumerate(spec.series):
            value = group.values.get(s.key, 0)
            if not _is_number(value) or value == 0:
                continue
            top, bottom = frame.y(cursor + float(value)), frame.y(cursor)
            label = spec.format(value)
            body.append(
                _bar(
                    centre - width / 2,
                    top,
                    width,
                    bottom - top,
                    spec.pattern_id(series_index),
                    f"{group.label}, {s.label}: {label}",
                )
            )
            if bottom - top >= FONT_SIZE + 4 and _text_width(label) + 6 <= width:
                body.append(_chip(centre, (top + bottom) / 2, label))
            cursor += float(value)
        if totals[index] is None or _text_width(ends[index]) <= frame.pitch:
            tooltip = _not_shown_title(group, spec.series)
            body.append(_note(centre, frame.y(cursor) - 11, ends[index], tooltip, anchor="middle"))
    alt = _sentences(
        "Stacked column chart.",
        _period_alt(group_label, ("column", "columns"), spec.group_labels),
        _value_alt("vertical Y-axis", value_label, ticks, spec),
        f"Each column is split, from the bottom up, into {_series_words(spec.series)}, with its total above it.",
        _markers_alt(spec),
    )
    table = Table(spec.title, headers, _stacked_rows(spec, ends), spec.notes())
    return spec.chart(frame.render(body, alt), summary or _column_summary(spec, totals, noun), alt, table)


def grouped_bar_chart(
    *,
    id: str,
    title: str,
    groups: Sequence[Group],
    series: Sequence[Series],
    group_label: str,
    value_label: str,
    benchmark_label: str = "Benchmark",
    unit: str = "%",
    decimals: int | None = None,
    axis_max: Number | None = None,
    summary: str | None = None,
) -> Chart:
    """Horizontal bars side by side, one per series in each group, with each group's benchmark as a thick line."""
    spec = _Spec.build(id, title, groups, series, unit=unit, decimals=decimals)
    has_benchmark = any(g.benchmark is not None for g in spec.groups)
    headers = (group_label, *[s.label for s in spec.series], *([benchmark_label] if has_benchmark else []))
    if spec.empty:
        return spec.empty_chart(headers)
    numbers = [float(v) for g in spec.groups for v in [*g.values.values(), g.benchmark] if _is_number(v)]
    ticks = nice_ticks(min([0.0, *numbers]), max([0.0, *numbers, float(axis_max or 0)]), whole=spec.whole)
    keys = [_Key.swatch(s.label, spec.pattern_id(i)) for i, s in enumerate(spec.series)]
    legend = _Legend(keys + ([_Key(benchmark_label, "benchmark")] if has_benchmark else []))
    bar = 18.0 if len(spec.series) <= 3 else 15.0
    row = len(spec.series) * (bar + 2) - 2
    ends = [_cell(g.values.get(s.key), spec) for g in spec.groups for s in spec.series]
    frame = _HorizontalFrame(spec, legend, ticks, value_label, row=row, ends=ends, gap=16)
    body = []
    for index, group in enumerate(spec.groups):
        row_top = frame.row_top(index)
        benchmark = frame.x(float(group.benchmark)) if _is_number(group.benchmark) else None
        for series_index, s in enumerate(spec.series):
            top = row_top + series_index * (bar + 2)
            body.append(_value_bar(frame, spec, group, s, series_index, top, bar, avoid=benchmark))
        if benchmark is not None:
            line = {
                "x1": benchmark,
                "x2": benchmark,
                "y1": row_top - 5,
                "y2": row_top + row + 5,
                "stroke": INK,
                "stroke-width": 3,
            }
            body.append(_tag("line", line, _title(f"{benchmark_label}, {group.label}: {spec.format(group.benchmark)}")))
    alt = _sentences(
        "Grouped horizontal bar chart.",
        _category_alt(group_label, ("group of bars", "groups of bars"), spec.group_labels),
        f"Each group has a bar for {_series_words(spec.series)}, in that order from the top, each with its value.",
        _value_alt("horizontal X-axis", value_label, ticks, spec),
        f"A thick vertical line across each group marks its {_benchmark_words(benchmark_label)}."
        if has_benchmark
        else "",
        _markers_alt(spec),
    )
    rows = tuple(
        TableRow(
            _clean(g.label),
            tuple(_cell(g.values.get(s.key), spec) for s in spec.series)
            + ((_cell(g.benchmark, spec),) if has_benchmark else ()),
        )
        for g in spec.groups
    )
    table = Table(spec.title, headers, rows, spec.notes())
    return spec.chart(frame.render(body, alt), summary or _grouped_summary(spec, benchmark_label), alt, table)


def line_chart(
    *,
    id: str,
    title: str,
    points: Sequence[Point],
    series_label: str,
    group_label: str,
    value_label: str,
    target: Number | None = None,
    target_label: str = "Target",
    unit: str = "",
    decimals: int | None = None,
    axis_max: Number | None = None,
    summary: str | None = None,
) -> Chart:
    """Values per period (oldest first) as points joined by a line, broken where a value is not shown; an optional
    target is a dashed line."""
    series = [Series("value", series_label, Swatch(LINE_COLOUR, Pattern.SOLID))]
    groups = [Group(p.label, {"value": p.value}) for p in points]
    spec = _Spec.build(id, title, groups, series, unit=unit, decimals=decimals, extra=(target,))
    if spec.empty:
        return spec.empty_chart((group_label, series_label))
    values = [g.values["value"] for g in spec.groups]
    numbers = [float(v) for v in [*values, target] if _is_number(v)]
    ticks = nice_ticks(min([0.0, *numbers]), max([0.0, *numbers, float(axis_max or 0)]), whole=spec.whole)
    target_text = f"{target_label}: {spec.format(target)}" if target is not None else ""
    legend = _Legend([_Key(series_label, "line")] + ([_Key(target_text, "target")] if target is not None else []))
    frame = _VerticalFrame(spec, legend, ticks, value_label, group_label)
    body = []
    if target is not None:
        y = frame.y(float(target))
        line = {"x1": frame.left, "x2": frame.right, "y1": y, "y2": y, "stroke": INK, "stroke-width": 2}
        body.append(_tag("line", {**line, "stroke-dasharray": TARGET_DASH}, _title(target_text)))
    runs: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if _is_number(value):
            runs[-1].append(f"{_n(frame.centre(index))},{_n(frame.y(float(value)))}")
        elif runs[-1]:
            runs.append([])
    for run in (r for r in runs if len(r) > 1):
        attrs = {"points": " ".join(run), "fill": "none", "stroke": LINE_COLOUR, "stroke-width": 3}
        body.append(_tag("polyline", {**attrs, "stroke-linejoin": "round"}))
    shown = [i for i, v in enumerate(values) if _is_number(v)]
    room = all(_text_width(spec.format(values[i])) + 8 <= frame.pitch for i in shown)
    labelled = set(shown) if room else set(shown[-1:])
    for index, (group, value) in enumerate(zip(spec.groups, values, strict=True)):
        x = frame.centre(index)
        if not _is_number(value):
            body.append(
                _note(x, frame.bottom - 10, _cell(value, spec), _marker_title(group, series[0], value), "middle")
            )
            continue
        label, y = spec.format(value), frame.y(float(value))
        point = {"cx": x, "cy": y, "r": 5, "fill": LINE_COLOUR, "stroke": PAPER, "stroke-width": 2}
        body.append(_tag("circle", point, _title(f"{group.label}: {label}")))
        if index in labelled:
            body.append(_chip(x, y - 17 if y - 17 > frame.top else y + 17, label))
    alt = _sentences(
        f"Line chart of {series_label}, with a point for each value.",
        _period_alt(group_label, ("point", "points"), spec.group_labels),
        _value_alt("vertical Y-axis", value_label, ticks, spec),
        f"A dashed horizontal line marks the {_inline(target_label)} of {spec.format(target)}."
        if target is not None
        else "",
        _markers_alt(spec),
    )
    rows = tuple(TableRow(_clean(g.label), (_cell(v, spec),)) for g, v in zip(spec.groups, values, strict=True))
    notes = ((f"{_clean(target_text)}.",) if target is not None else ()) + spec.notes()
    table = Table(spec.title, (group_label, series_label), rows, notes)
    return spec.chart(
        frame.render(body, alt), summary or _line_summary(spec, series_label, target, target_label), alt, table
    )


def bar_chart(
    *,
    id: str,
    title: str,
    points: Sequence[Point],
    group_label: str,
    value_label: str,
    unit: str = "",
    decimals: int | None = None,
    axis_max: Number | None = None,
    summary: str | None = None,
) -> Chart:
    """One horizontal bar per label, a single series, each with its value at its end; axis_max=100 for percentages."""
    series = [Series("value", value_label, DEFAULT_SWATCHES[0])]
    groups = [Group(p.label, {"value": p.value}) for p in points]
    spec = _Spec.build(id, title, groups, series, unit=unit, decimals=decimals)
    if spec.empty:
        return spec.empty_chart((group_label, value_label))
    values = [g.values["value"] for g in spec.groups]
    numbers = [float(v) for v in values if _is_number(v)]
    ticks = nice_ticks(min([0.0, *numbers]), max([0.0, *numbers, float(axis_max or 0)]), whole=spec.whole)
    ends = [_cell(v, spec) for v in values]
    frame = _HorizontalFrame(spec, _Legend([]), ticks, value_label, row=_bar_height(spec), ends=ends)
    body = [_value_bar(frame, spec, g, series[0], 0, frame.row_top(i), frame.row) for i, g in enumerate(spec.groups)]
    alt = _sentences(
        "Horizontal bar chart.",
        _category_alt(group_label, ("bar", "bars"), spec.group_labels),
        _value_alt("horizontal X-axis", value_label, ticks, spec),
        "Each bar has its value at its end.",
        _markers_alt(spec),
    )
    rows = tuple(TableRow(_clean(g.label), (end,)) for g, end in zip(spec.groups, ends, strict=True))
    table = Table(spec.title, (group_label, value_label), rows, spec.notes())
    return spec.chart(frame.render(body, alt), summary or _bar_summary(spec), alt, table)


def rag_bar_chart(
    *, id: str, title: str, groups: Sequence[Group], group_label: str, noun: str = "actions", summary: str | None = None
) -> Chart:
    """Actions by RAG colour, a stacked bar per plan, goal, service area, theme or lead (keys as plans.choices.Rag)."""
    return stacked_bar_chart(
        id=id,
        title=title,
        groups=groups,
        series=RAG_SERIES,
        group_label=group_label,
        value_label=f"Number of {noun}",
        noun=noun,
        summary=summary,
    )


def rag_trend_chart(
    *, id: str, title: str, groups: Sequence[Group], group_label: str, noun: str = "actions", summary: str | None = None
) -> Chart:
    """Actions by RAG colour over time, one stacked column per week or month, oldest first."""
    return stacked_column_chart(
        id=id,
        title=title,
        groups=groups,
        series=RAG_SERIES,
        group_label=group_label,
        value_label=f"Number of {noun}",
        noun=noun,
        summary=summary,
    )


def nice_ticks(low: Number, high: Number, *, count: int = 5, whole: bool = False) -> list[float]:
    """Round axis ticks covering low..high in steps of 1, 2, 2.5 or 5 times a power of ten: 0, 5, 10, 15.

    `whole` keeps steps to whole numbers (counts), so 0 to 12 runs 0, 5, 10, 15 rather than 0, 2.5 ... 12.5.
    """
    low, high = float(min(low, high)), float(max(low, high))
    if high == low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = [m * magnitude for m in (1, 2, 2.5, 5, 10)]
    step = next(s for s in steps if s >= raw * (1 - 1e-9) and (not whole or _is_whole(round(s, 9))))
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    return [round(start + i * step, 10) + 0.0 for i in range(round((end - start) / step) + 1)]


# --- Checked input and formatting ---------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_whole(value: Number) -> bool:
    return float(value) == math.floor(float(value))


def _format_number(value: Number, decimals: int, unit: str) -> str:
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(number) if number == 0 else number:,.{decimals}f}"  # never "-0"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {_clean(unit)}"


def _clean(text: object) -> str:
    """Text on one line with no control characters (XML 1.0 forbids most of them)."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def _e(text: object) -> str:
    return str(escape(_clean(text)))


def _n(number: float) -> str:
    """A coordinate as short, stable text: at most two decimals, never "-0"."""
    text = f"{float(number):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _em(character: str) -> float:
    if character in _WIDE:
        return 0.92
    if character in _NARROW:
        return 0.34
    if character.isupper():
        return 0.74
    return 0.62 if character.isdigit() else 0.6


def _text_width(text: str) -> float:
    return FONT_SIZE * sum(_em(character) for character in text)


def _fit(text: str, width: float) -> str:
    """The text, or as much of it as fits in `width` followed by an ellipsis."""
    text = _clean(text)
    if _text_width(text) <= width + 1e-6:
        return text
    shown = ""
    for character in text:
        if _text_width(shown + character + "…") > width:
            break
        shown += character
    return shown.rstrip() + "…"


def _words(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _inline(text: str) -> str:
    """A label as it reads mid-sentence: "Target" becomes "target"; "ONS census" stays as it is."""
    text = _clean(text)
    return text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _benchmark_words(label: str) -> str:
    return "benchmark" if _inline(label) == "benchmark" else f"benchmark ({_inline(label)})"


def _full_stop(text: str) -> str:
    text = _clean(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _sentences(*parts: str) -> str:
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class _Spec:
    """The checked input of one chart: groups, series with their swatches, and how numbers are written."""

    id: str
    title: str
    groups: tuple[Group, ...]
    series: tuple[Series, ...]
    unit: str
    decimals: int

    @classmethod
    def build(
        cls,
        id: str,
        title: str,
        groups: Sequence[Group],
        series: Sequence[Series],
        *,
        unit: str,
        decimals: int | None,
        counts: bool = False,
        extra: Sequence[Value] = (),
    ) -> "_Spec":
        if not isinstance(id, str) or not _ID.match(id):
            raise ValueError(f"A chart id starts with a letter and holds only letters, digits, - and _: {id!r}")
        groups = [Group(g.label, {k: _plain(v) for k, v in g.values.items()}, _plain(g.benchmark)) for g in groups]
        keys = [s.key for s in series]
        if not keys or len(set(keys)) != len(keys):
            raise ValueError(f"A chart needs series with unique keys: {keys}")
        for group in groups:
            if unknown := set(group.values) - set(keys):
                raise ValueError(f"{group.label!r} has values for series that are not in the chart: {sorted(unknown)}")
            if counts and any(_is_number(v) and v < 0 for v in group.values.values()):
                raise ValueError(f"Stacked charts show counts, 0 or more: {group.label!r}")
        given = {s.swatch for s in series if s.swatch}
        spare = iter([s for s in DEFAULT_SWATCHES if s not in given])
        painted = []
        for index, s in enumerate(series):
            swatch = s.swatch or next(spare, DEFAULT_SWATCHES[index % len(DEFAULT_SWATCHES)])
            if not (_COLOUR.match(swatch.colour) and _COLOUR.match(swatch.ink)):
                raise ValueError(f"Swatch colours are written #rrggbb: {swatch}")
            painted.append(Series(s.key, s.label, swatch))
        if decimals is None:
            numbers = [v for g in groups for v in [*g.values.values(), g.benchmark, *extra] if _is_number(v)]
            decimals = 0 if all(_is_whole(v) for v in numbers) else 1
        return cls(id, _clean(title), tuple(groups), tuple(painted), unit, decimals)

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def whole(self) -> bool:
        return self.decimals == 0

    @property
    def group_labels(self) -> list[str]:
        return [_clean(g.label) for g in self.groups]

    def pattern_id(self, index: int) -> str:
        return f"{self.id}-pattern-{index}"

    def format(self, value: Number) -> str:
        return _format_number(value, self.decimals, self.unit)

    def notes(self) -> tuple[str, ...]:
        """What each marker means, once per marker in order of first appearance.

        Values that share a marker but give different reasons get one general reason, so the note never tells
        a reader which hidden value is small and which was hidden to protect it.
        """
        reasons: dict[str, set[str]] = {}
        for group in self.groups:
            for value in [*group.values.values(), group.benchmark]:
                if isinstance(value, Hidden):
                    marker = _clean(value.marker)
                    reason = _clean(value.reason).removeprefix(marker).strip()  # disclosure footnotes start with it
                    reasons.setdefault(marker, set()).add(_full_stop(reason or HIDDEN_REASON))
            if any(v is None for v in group.values.values()):
                reasons.setdefault(MISSING_MARKER, set()).add(MISSING_REASON)
        return tuple(
            f"{marker} {next(iter(given)) if len(given) == 1 else HIDDEN_REASON}" for marker, given in reasons.items()
        )

    def chart(self, svg: str, summary: str, alt: str, table: Table) -> Chart:
        return Chart(id=self.id, title=self.title, svg=svg, summary=_clean(summary), alt=_clean(alt), table=table)

    def empty_chart(self, headers: Sequence[str]) -> Chart:
        return self.chart("", EMPTY_SUMMARY, "", Table(self.title, tuple(_clean(h) for h in headers), ()))


def _plain(value: Value) -> Number | Hidden | None:
    """A number, Hidden or None: a disclosure-control Figure becomes its number, or Hidden with its marker."""
    if value is None or isinstance(value, Hidden) or _is_number(value):
        return value
    if hasattr(value, "value") and hasattr(value, "marker"):
        if value.value is not None:
            return value.value
        return Hidden(getattr(value, "reason", "") or HIDDEN_REASON, value.marker or Hidden.marker)
    raise TypeError(f"A chart value is a number, Hidden, a disclosure Figure or None, not {type(value).__name__}")


def _marker(value: Value) -> str:
    return _clean(value.marker) if isinstance(value, Hidden) else MISSING_MARKER


def _cell(value: Value, spec: _Spec) -> str:
    return spec.format(value) if _is_number(value) else _marker(value)


def _known_total(group: Group, series: Sequence[Series]) -> float | None:
    """The group's total, or None when a part is not shown: a shown total would give the hidden part away."""
    values = [group.values.get(s.key, 0) for s in series]
    return sum(float(v) for v in values) if all(_is_number(v) for v in values) else None


def _shown_sum(group: Group) -> float:
    return sum(float(v) for v in group.values.values() if _is_number(v))


def _markers(group: Group, series: Sequence[Series]) -> str:
    values = [group.values.get(s.key, 0) for s in series]
    return " ".join(dict.fromkeys(_marker(v) for v in values if not _is_number(v)))


def _not_shown_title(group: Group, series: Sequence[Series]) -> str:
    parts = [s.label for s in series if not _is_number(group.values.get(s.key, 0))]
    return f"{group.label}: {_words(parts)} and the total are not shown" if parts else ""


def _marker_title(group: Group, series: Series, value: Value) -> str:
    """The tooltip of a marker: which value is not shown, never why (the reason is under the table, once)."""
    return f"{group.label}, {series.label}: not shown ({_marker(value)})"


def _stacked_rows(spec: _Spec, ends: Sequence[str]) -> tuple[TableRow, ...]:
    return tuple(
        TableRow(_clean(g.label), tuple(_cell(g.values.get(s.key, 0), spec) for s in spec.series) + (end,))
        for g, end in zip(spec.groups, ends, strict=True)
    )


# --- Summaries: built from shown values only, so nothing hidden is described or can be worked out ---------------


def _stacked_summary(spec: _Spec, totals: Sequence[float | None], noun: str) -> str:
    complete = [s for s in spec.series if all(_is_number(g.values.get(s.key, 0)) for g in spec.groups)]
    sums = [(s, sum(float(g.values.get(s.key, 0)) for g in spec.groups)) for s in complete]
    breakdown = _words([f"{spec.format(total)} {_clean(s.label)}" for s, total in sums])
    sentences = []
    if all(t is not None for t in totals):
        grand = sum(totals)
        if grand == 0:
            return f"There are no {_clean(noun)} to show: every count is 0." if noun else "Every value is 0."
        sentences.append(f"{_counted(spec.format(grand), noun)} in all: {breakdown}.")
    elif breakdown:
        sentences.append(f"In all: {breakdown}.")
    ranked = [(t, _clean(g.label)) for t, g in zip(totals, spec.groups, strict=True) if t is not None]
    if len(ranked) >= 2:
        (most, most_label), (least, least_label) = max(ranked, key=_first), min(ranked, key=_first)
        if most == least:
            sentences.append(f"Every bar shown has the same total, {spec.format(most)}.")
        else:
            sentences.append(
                f"{most_label} has the largest total ({spec.format(most)}) "
                f"and {least_label} the smallest ({spec.format(least)})."
            )
    return _sentences(*sentences) or NONE_SHOWN_SUMMARY


def _column_summary(spec: _Spec, totals: Sequence[float | None], noun: str) -> str:
    def describe(index: int, series: Sequence[Series]) -> str:
        group, total = spec.groups[index], totals[index]
        values = [(s, group.values.get(s.key, 0)) for s in series]
        parts = _words([f"{spec.format(v)} {_clean(s.label)}" for s, v in values if _is_number(v)])
        if total is not None:
            return f"In {_clean(group.label)}: {_counted(spec.format(total), noun)}" + (
                f", of which {parts}." if parts else "."
            )
        return f"In {_clean(group.label)}: {parts}." if parts else ""

    latest = describe(len(spec.groups) - 1, spec.series)
    first = describe(0, spec.series[:1]) if len(spec.groups) > 1 else ""
    return _sentences(latest, first) or NONE_SHOWN_SUMMARY


def _grouped_summary(spec: _Spec, benchmark_label: str) -> str:
    shown = [
        (float(g.values[s.key]), f"{_clean(s.label)}, {_clean(g.label)}", g)
        for g in spec.groups
        for s in spec.series
        if _is_number(g.values.get(s.key))
    ]
    if not shown:
        return NONE_SHOWN_SUMMARY
    high, low = max(shown, key=_first), min(shown, key=_first)
    if len(shown) == 1 or high[0] == low[0]:
        sentences = [f"The highest value is {spec.format(high[0])} ({high[1]})."]
    else:
        sentences = [
            f"The highest value is {spec.format(high[0])} ({high[1]}) and the lowest {spec.format(low[0])} ({low[1]})."
        ]
    compared = [(value, float(g.benchmark)) for value, _, g in shown if _is_number(g.benchmark)]
    if compared:
        below = sum(1 for value, benchmark in compared if value < benchmark)
        words = _benchmark_words(benchmark_label)
        sentences.append(f"{below} of the {len(compared)} bars shown are below their group's {words}.")
    return _sentences(*sentences)


def _line_summary(spec: _Spec, series_label: str, target: Number | None, target_label: str) -> str:
    shown = [(float(g.values["value"]), _clean(g.label)) for g in spec.groups if _is_number(g.values["value"])]
    if not shown:
        return NONE_SHOWN_SUMMARY
    (first, first_label), (last, last_label) = shown[0], shown[-1]
    latest = f"{_clean(series_label)} was {spec.format(last)} in {last_label}"
    if len(shown) == 1:
        sentences = [f"{latest}."]
    else:
        change = "up from" if last > first else "down from" if last < first else "the same as"
        sentences = [f"{latest}, {change} {spec.format(first)} in {first_label}."]
    if len(shown) >= 3:
        (high, high_label), (low, low_label) = max(shown, key=_first), min(shown, key=_first)
        sentences.append(
            f"The highest was {spec.format(high)} ({high_label}) and the lowest {spec.format(low)} ({low_label})."
        )
    if target is not None:
        where = "above" if last > float(target) else "below" if last < float(target) else "at"
        sentences.append(f"The latest value is {where} the {_inline(target_label)} of {spec.format(target)}.")
    return _sentences(*sentences)


def _bar_summary(spec: _Spec) -> str:
    shown = [(float(g.values["value"]), _clean(g.label)) for g in spec.groups if _is_number(g.values["value"])]
    if not shown:
        return NONE_SHOWN_SUMMARY
    (high, high_label), (low, low_label) = max(shown, key=_first), min(shown, key=_first)
    if len(shown) == 1:
        return f"{high_label}: {spec.format(high)}."
    if high == low:
        return f"Every bar shown has the same value, {spec.format(high)}."
    return f"The highest is {high_label} ({spec.format(high)}) and the lowest {low_label} ({spec.format(low)})."


def _first(pair: tuple) -> float:
    return pair[0]


def _counted(number: str, noun: str) -> str:
    return f"{number} {_clean(noun)}" if noun else number


# --- Alt text: what the chart shows (axes, series, range), in the words of the UKHSA data dashboard ---------------


def _category_alt(label: str, thing: tuple[str, str], labels: Sequence[str]) -> str:
    count = len(labels)
    things = f"{count} {thing[0] if count == 1 else thing[1]}"
    if count <= MANY_LABELS:
        return f"The vertical Y-axis is labelled {_clean(label)}, with {things}: {_words(labels)}."
    return f"The vertical Y-axis is labelled {_clean(label)}, with {things}, from {labels[0]} to {labels[-1]}."


def _period_alt(label: str, thing: tuple[str, str], labels: Sequence[str]) -> str:
    if len(labels) == 1:
        return f"The horizontal X-axis is labelled {_clean(label)}, with one {thing[0]}: {labels[0]}."
    return (
        f"The horizontal X-axis is labelled {_clean(label)} and runs from {labels[0]} to {labels[-1]}, "
        f"with {len(labels)} {thing[1]}."
    )


def _value_alt(axis: str, label: str, ticks: Sequence[float], spec: _Spec) -> str:
    low, high = _tick_label(ticks[0], ticks, spec), _tick_label(ticks[-1], ticks, spec)
    return f"The {axis} is labelled {_clean(label)} and runs from {low} to {high}."


def _series_words(series: Sequence[Series]) -> str:
    return _words([f"{_clean(s.label)} ({PATTERN_WORDS[s.swatch.pattern]})" for s in series])


def _markers_alt(spec: _Spec) -> str:
    notes = spec.notes()
    return f"Markers stand for values that are not shown: {' '.join(notes)}" if notes else ""


def _tick_label(tick: float, ticks: Sequence[float], spec: _Spec) -> str:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = 0 if _is_whole(step) else 1 if _is_whole(round(step * 10, 6)) else 2
    return _format_number(tick, decimals, "%" if spec.unit == "%" else "")


# --- Drawing: presentation attributes only (the CSP refuses style attributes; WeasyPrint draws the same SVG) ------


def _tag(name: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    """One element; attribute values escaped and numbers written the same way every time."""
    rendered = "".join(
        f' {key}="{_n(value) if _is_number(value) else _e(value)}"' for key, value in attrs.items() if value != ""
    )
    return f"<{name}{rendered}/>" if content is None else f"<{name}{rendered}>{content}</{name}>"


def _title(text: str) -> str:
    return _tag("title", {}, _e(text)) if text else ""


def _text(x: float, y: float, text: str, *, anchor: str = "start", bold: bool = False) -> str:
    attrs = {"x": x, "y": y, "text-anchor": anchor, "fill": INK, "font-weight": "bold" if bold else ""}
    return _tag("text", attrs, _e(text))


def _baseline(centre: float) -> float:
    """The baseline that centres a line of text on `centre` (dominant-baseline differs between renderers)."""
    return centre + FONT_SIZE * 0.35


def _label(x: float, centre: float, text: str, width: float, anchor: str = "end") -> str:
    """A category label shortened to fit, with the full text in a <title> (and in the table)."""
    shown = _fit(text, width)
    drawn = _text(x, _baseline(centre), shown, anchor=anchor)
    return drawn if shown == _clean(text) else _tag("g", {}, _title(text) + drawn)


def _bar(x: float, y: float, width: float, height: float, pattern_id: str, title: str) -> str:
    attrs = {"x": x, "y": y, "width": max(width, 0), "height": max(height, 0), "fill": f"url(#{pattern_id})"}
    return _tag("rect", {**attrs, "stroke": INK, "stroke-width": 1}, _title(title))


def _chip(x: float, centre: float, text: str) -> str:
    """A value centred on a white chip, readable over any fill or pattern."""
    width = _text_width(text) + 6
    rect = {"x": x - width / 2, "y": centre - 9, "width": width, "height": 18, "rx": 2, "fill": PAPER}
    return _tag("rect", rect) + _text(x, _baseline(centre), text, anchor="middle")


def _note(x: float, centre: float, text: str, title: str, anchor: str = "start") -> str:
    """A value or marker beside a bar; a marker carries its reason in a <title>."""
    if not text:
        return ""
    drawn = _text(x, _baseline(centre), text, anchor=anchor)
    return _tag("g", {}, _title(title) + drawn) if title else drawn


def _value_bar(
    frame: "_HorizontalFrame",
    spec: _Spec,
    group: Group,
    series: Series,
    index: int,
    top: float,
    height: float,
    avoid: float | None = None,
) -> str:
    """One bar of a single value from zero (either way), its value at its end; a marker where it is not shown.

    A label that would sit on the line at x=`avoid` (a benchmark) moves just past it.
    """
    value, centre = group.values.get(series.key), top + height / 2
    if not _is_number(value):
        marker = _marker(value)
        x = _past(frame.x(0) + 4, marker, avoid)
        return _note(x, centre, marker, _marker_title(group, series, value))
    label = spec.format(value)
    x0, x1 = sorted((frame.x(0), frame.x(float(value))))
    bar = _bar(x0, top, x1 - x0, height, spec.pattern_id(index), f"{group.label}, {series.label}: {label}")
    if value < 0:
        return bar + _note(x0 - 5, centre, label, "", anchor="end")
    return bar + _note(_past(x1 + 5, label, avoid), centre, label, "")


def _past(x: float, text: str, avoid: float | None) -> float:
    """Where text starting at x goes so it does not cross a vertical line at `avoid`."""
    if avoid is not None and x - 4 <= avoid <= x + _text_width(text) + 2:
        return avoid + 6
    return x


def _bar_height(spec: _Spec) -> float:
    """Bars are roomy for a few groups and tighter from 16 on, so 40 stay readable without a very tall chart."""
    return 22.0 if len(spec.groups) <= 15 else 18.0


def _defs(spec: _Spec) -> str:
    return _tag("defs", {}, "".join(_pattern(spec.pattern_id(i), s.swatch) for i, s in enumerate(spec.series)))


def _pattern(pattern_id: str, swatch: Swatch) -> str:
    """An 8-unit tile: the base colour, then the marks. Solid fills are patterns too, so every series has one."""
    rising, falling = "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6", "M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2"
    ink = swatch.ink
    marks = {
        Pattern.SOLID: "",
        Pattern.HATCH: _tag("path", {"d": rising, "stroke": ink, "stroke-width": 1.5}),
        Pattern.BACK_HATCH: _tag("path", {"d": falling, "stroke": ink, "stroke-width": 1.5}),
        Pattern.CROSS_HATCH: _tag("path", {"d": f"{rising} {falling}", "stroke": ink, "stroke-width": 1}),
        Pattern.DOTS: _tag("circle", {"cx": 2, "cy": 2, "r": 1.3, "fill": ink})
        + _tag("circle", {"cx": 6, "cy": 6, "r": 1.3, "fill": ink}),
        Pattern.STRIPES: _tag("path", {"d": "M0,4 L8,4", "stroke": ink, "stroke-width": 1.5}),
    }[swatch.pattern]
    tile = {"id": pattern_id, "patternUnits": "userSpaceOnUse", "width": 8, "height": 8}
    return _tag("pattern", tile, _tag("rect", {"width": 8, "height": 8, "fill": swatch.colour}) + marks)


@dataclass(frozen=True)
class _Key:
    """One legend entry: a patterned square (a series), a line with a point, a dashed target or a benchmark mark."""

    label: str
    kind: str  # swatch | line | target | benchmark
    pattern_id: str = ""

    @classmethod
    def swatch(cls, label: str, pattern_id: str) -> "_Key":
        return cls(label, "swatch", pattern_id)

    @property
    def width(self) -> float:
        return 24.0 if self.kind in ("line", "target") else 16.0

    def sample(self, x: float, centre: float) -> str:
        if self.kind == "swatch":
            square = {"x": x, "y": centre - 8, "width": 16, "height": 16, "fill": f"url(#{self.pattern_id})"}
            return _tag("rect", {**square, "stroke": INK, "stroke-width": 1})
        if self.kind == "benchmark":
            return _tag(
                "line", {"x1": x + 8, "x2": x + 8, "y1": centre - 9, "y2": centre + 9, "stroke": INK, "stroke-width": 3}
            )
        line = {"x1": x, "x2": x + 24, "y1": centre, "y2": centre}
        if self.kind == "target":
            return _tag("line", {**line, "stroke": INK, "stroke-width": 2, "stroke-dasharray": TARGET_DASH})
        point = {"cx": x + 12, "cy": centre, "r": 5, "fill": LINE_COLOUR, "stroke": PAPER, "stroke-width": 2}
        return _tag("line", {**line, "stroke": LINE_COLOUR, "stroke-width": 3}) + _tag("circle", point)


def _series_legend(spec: _Spec) -> "_Legend":
    return _Legend([_Key.swatch(s.label, spec.pattern_id(i)) for i, s in enumerate(spec.series)])


class _Legend:
    """Keys in series order, wrapped into rows across the top of the chart."""

    ROW = 24.0

    def __init__(self, keys: Sequence[_Key]):
        self.rows: list[list[tuple[float, _Key, str]]] = []
        x, row = 8.0, []
        for key in keys:
            label = _fit(key.label, WIDTH - 22 - key.width)
            width = key.width + 6 + _text_width(label)
            if row and x + width > WIDTH - 8:
                self.rows.append(row)
                x, row = 8.0, []
            row.append((x, key, label))
            x += width + 20
        if row:
            self.rows.append(row)

    @property
    def height(self) -> float:
        return len(self.rows) * self.ROW + (8 if self.rows else 0)

    def render(self, top: float) -> str:
        entries = []
        for index, row in enumerate(self.rows):
            centre = top + index * self.ROW + self.ROW / 2
            for x, key, label in row:
                full = _title(key.label) if label != _clean(key.label) else ""
                entries.append(
                    _tag("g", {}, full + key.sample(x, centre) + _text(x + key.width + 6, _baseline(centre), label))
                )
        return _tag("g", {"class": "app-chart__legend"}, "".join(entries)) if entries else ""


def _document(spec: _Spec, height: float, alt: str, content: str) -> str:
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "id": spec.id,
        "class": "app-chart__svg",
        "viewBox": f"0 0 {WIDTH} {_n(height)}",
        "width": "100%",
        "role": "img",
        "aria-labelledby": f"{spec.id}-title {spec.id}-desc",
        "focusable": "false",
        "font-family": FONT_FAMILY,
        "font-size": FONT_SIZE,
    }
    head = _tag("title", {"id": f"{spec.id}-title"}, _e(spec.title)) + _tag("desc", {"id": f"{spec.id}-desc"}, _e(alt))
    paper = _tag("rect", {"width": WIDTH, "height": height, "fill": PAPER})
    return _tag("svg", attrs, head + _defs(spec) + paper + content)


class _HorizontalFrame:
    """Categories down the left, values along the bottom: stacked, grouped and simple bars."""

    def __init__(
        self,
        spec: _Spec,
        legend: _Legend,
        ticks: Sequence[float],
        value_label: str,
        *,
        row: float,
        ends: Sequence[str],
        gap: float | None = None,
    ):
        self.spec, self.legend, self.ticks, self.value_label = spec, legend, list(ticks), value_label
        self.row = row  # the height of one group's bars
        self.gap = gap if gap is not None else (10.0 if row >= 22 else 8.0)
        self.label_width = min(max(_text_width(label) for label in spec.group_labels), WIDTH * 0.38)
        self.left = 8 + self.label_width + 10
        tick_overhang = _text_width(self._tick(self.ticks[-1])) / 2
        self.right = WIDTH - 8 - max([_text_width(end) + 6 for end in ends] + [tick_overhang])
        self.top = legend.height + 8
        self.bottom = self.top + len(spec.groups) * (row + self.gap) - self.gap + 12
        self.height = self.bottom + 52

    def row_top(self, index: int) -> float:
        return self.top + 6 + index * (self.row + self.gap)

    def x(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.left + (float(value) - low) / (high - low) * (self.right - self.left)

    def _tick(self, tick: float) -> str:
        return _tick_label(tick, self.ticks, self.spec)

    def render(self, body: Sequence[str], alt: str) -> str:
        grid = []
        for tick in self.ticks:
            x = self.x(tick)
            line = {"x1": x, "x2": x, "y1": self.top, "y2": self.bottom, "stroke-width": 1}
            grid.append(_tag("line", {**line, "stroke": AXIS_INK if tick == 0 else GRID_INK}))
            grid.append(_text(x, self.bottom + 18, self._tick(tick), anchor="middle"))
        labels = [
            _label(self.left - 10, self.row_top(i) + self.row / 2, label, self.label_width)
            for i, label in enumerate(self.spec.group_labels)
        ]
        axis_title = _text((self.left + self.right) / 2, self.bottom + 42, self.value_label, anchor="middle", bold=True)
        content = (
            self.legend.render(8)
            + _tag("g", {"class": "app-chart__axes"}, "".join(grid) + axis_title)
            + _tag("g", {"class": "app-chart__labels"}, "".join(labels))
            + _tag("g", {"class": "app-chart__data"}, "".join(body))
        )
        return _document(self.spec, self.height, alt, content)


class _VerticalFrame:
    """Periods along the bottom (oldest on the left), values up the side: stacked columns and lines."""

    PLOT_HEIGHT = 240.0

    def __init__(self, spec: _Spec, legend: _Legend, ticks: Sequence[float], value_label: str, group_label: str):
        self.spec, self.legend, self.ticks = spec, legend, list(ticks)
        self.value_label, self.group_label = value_label, group_label
        self.left = 8 + max(_text_width(self._tick(t)) for t in self.ticks) + 14
        self.right = WIDTH - 16.0
        self.title_y = legend.height + 24
        self.top = self.title_y + 28  # room for the totals above the tallest column
        self.bottom = self.top + self.PLOT_HEIGHT
        self.height = self.bottom + 58
        self.pitch = (self.right - self.left) / len(spec.groups)

    def centre(self, index: int) -> float:
        return self.left + self.pitch * (index + 0.5)

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.bottom - (float(value) - low) / (high - low) * self.PLOT_HEIGHT

    def _tick(self, tick: float) -> str:
        return _tick_label(tick, self.ticks, self.spec)

    def _period_labels(self) -> list[str]:
        """Every period's label if they fit, otherwise every n-th counting back from the latest (always shown)."""
        labels = self.spec.group_labels
        widest = min(max(_text_width(label) for label in labels), PERIOD_LABEL_WIDTH)
        step = max(1, math.ceil((widest + 10) / self.pitch))
        room = min(self.pitch * step - 10, PERIOD_LABEL_WIDTH)
        count = len(labels)
        drawn = []
        for index, label in enumerate(labels):
            if (count - 1 - index) % step == 0:
                half = _text_width(_fit(label, room)) / 2
                x = min(max(self.centre(index), half + 4), WIDTH - 4 - half)  # the first and last stay inside
                drawn.append(_label(x, self.bottom + 10, label, room, anchor="middle"))
        return drawn

    def render(self, body: Sequence[str], alt: str) -> str:
        grid = []
        for tick in self.ticks:
            y = self.y(tick)
            line = {"x1": self.left, "x2": self.right, "y1": y, "y2": y, "stroke-width": 1}
            grid.append(_tag("line", {**line, "stroke": AXIS_INK if tick == 0 else GRID_INK}))
            grid.append(_text(self.left - 8, _baseline(y), self._tick(tick), anchor="end"))
        titles = _text(8, self.title_y, self.value_label, bold=True) + _text(
            (self.left + self.right) / 2, self.bottom + 46, self.group_label, anchor="middle", bold=True
        )
        content = (
            self.legend.render(8)
            + _tag("g", {"class": "app-chart__axes"}, "".join(grid) + titles)
            + _tag("g", {"class": "app-chart__labels"}, "".join(self._period_labels()))
            + _tag("g", {"class": "app-chart__data"}, "".join(body))
        )
        return _document(self.spec, self.height, alt, content)
