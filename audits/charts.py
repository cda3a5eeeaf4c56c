"""Charts of compliance and language, built from selectors' results with shared.charts (each has a data table).

Every label carries the number of audits behind it ("Q2 2025/26 (3 audits)"), so a percentage from two audits
is read as what it is.
"""

from shared import charts
from shared.charts import Group, Point, Series

from .selectors import Compliance, LanguageTrend

MET = Series("met", "% Met")
MET_OR_PARTLY = Series("met_or_partly", "% Met or partly met")


def _label(label: str, audits_text: str) -> str:
    return f"{label} ({audits_text})"


def met_trend(result: Compliance) -> charts.Chart:
    return charts.line_chart(
        id="met-trend",
        title="Ratings Met, by quarter",
        points=[Point(_label(q.label, q.share.audits_text), q.share.met_percent) for q in result.by_quarter],
        series_label="% of ratings Met",
        group_label="Quarter",
        value_label="% of ratings Met",
        unit="%",
        decimals=0,
        axis_max=100,
    )


def good_or_better_trend(result: Compliance) -> charts.Chart:
    return charts.line_chart(
        id="good-trend",
        title="Audits graded Good or better, by quarter",
        points=[Point(_label(q.label, q.grades.audits_text), q.grades.percent) for q in result.by_quarter],
        series_label="% of audits Good or Outstanding",
        group_label="Quarter",
        value_label="% of audits Good or better",
        unit="%",
        decimals=0,
        axis_max=100,
    )


def _grouped(chart_id: str, title: str, rows, group_label: str) -> charts.Chart:
    return charts.grouped_bar_chart(
        id=chart_id,
        title=title,
        groups=[
            Group(
                _label(row.short or row.label, row.share.audits_text),
                {"met": row.share.met_percent, "met_or_partly": row.share.met_or_partly_percent},
            )
            for row in rows
        ],
        series=[MET, MET_OR_PARTLY],
        group_label=group_label,
        value_label="% of ratings",
        unit="%",
        decimals=0,
        axis_max=100,
    )


def by_section(result: Compliance) -> charts.Chart:
    rows = [row for row in result.by_section if row.share.rated]
    return _grouped("by-section", "Ratings by section of the standards", rows, "Section")


def by_unit(result: Compliance) -> charts.Chart:
    return _grouped("by-unit", "Ratings by team or service", [r for r in result.by_unit if r.share.rated], "Team")


def language_trend(trend: LanguageTrend) -> charts.Chart:
    return charts.line_chart(
        id="language-trend",
        title="Terms to avoid per 1,000 words in meeting minutes, by quarter",
        points=[Point(_label(p.label, p.audits_text), p.per_thousand) for p in trend.quarters],
        series_label="Terms per 1,000 words",
        group_label="Quarter",
        value_label="Terms per 1,000 words",
        decimals=1,
    )


def language_before_after(trend: LanguageTrend) -> charts.Chart | None:
    if trend.before is None or trend.after is None:
        return None
    return charts.bar_chart(
        id="language-before-after",
        title=f"Terms to avoid per 1,000 words, before and since {trend.milestone.title.lower()} "
        f"({trend.milestone.day.day} {trend.milestone.day:%B %Y})",
        points=[
            Point(_label(period.label, period.audits_text), period.per_thousand)
            for period in (trend.before, trend.after)
        ],
        group_label="Period",
        value_label="Terms per 1,000 words",
        decimals=1,
    )
