"""The workforce figures as rows for CSV and Excel. Views pass only suppressed (published) results here."""

from __future__ import annotations

from shared.disclosure import Figure

from .analysis import Funnel, Likelihood
from .selectors import Equality, Profile

PROFILE_HEADERS = ["Section", "Grade or quarter", "Group", "Measure", "Value"]
EQUALITY_HEADERS = ["Section", "Campaign or opportunity", "Group", "Measure", "Value"]


def cell(figure: Figure | None):
    """A number as a number; a hidden figure as its marker ([c] or [z]); nothing as blank."""
    if figure is None:
        return ""
    return figure.marker if figure.hidden else figure.value


def _assert_published(result) -> None:
    # A second line of defence: the views build exports from published results only.
    if not result.publication.suppressed:
        raise ValueError("Exports carry suppressed figures only.")


def profile_table(profile: Profile) -> tuple[list[str], list[list], str]:
    _assert_published(profile)
    title = f"Workforce profile, {profile.unit.name}, {profile.quarter.label}"
    rows: list[list] = []
    rep = profile.representation
    benchmark = str(profile.benchmark) if profile.benchmark else "no benchmark"
    rows.append(["About", "", "", "Grouping", profile.grouping.name])
    rows.append(["About", "", "", "Benchmark", benchmark])
    rows.append(["About", "", "", "Margin (points)", profile.margin])
    if rep is not None:
        for row in [*rep.rows, rep.overall]:
            if row.headcount is not None:
                rows.append(["Representation", row.label, "All staff", "Staff", cell(row.headcount)])
            rows.append(
                ["Representation", row.label, "All staff", "Staff with a recorded ethnicity", cell(row.recorded_count)]
            )
            if row.not_known is not None:
                rows.append(
                    ["Representation", row.label, "Not known or prefer not to say", "Staff", cell(row.not_known)]
                )
            for column, count in zip(rep.columns, row.counts, strict=True):
                rows.append(["Representation", row.label, column.name, "Staff", cell(count)])
            for column, share in zip(rep.group_columns, row.shares, strict=True):
                rows.append(["Representation", row.label, column.name, "Share of placed staff (%)", cell(share.share)])
                if share.benchmark is not None:
                    rows.append(
                        ["Representation", row.label, column.name, "Benchmark share (%)", round(share.benchmark, 1)]
                    )
                    rows.append(["Representation", row.label, column.name, "Gap (points)", cell(share.gap)])
                    within = "" if share.within is None else "yes" if share.within else "no"
                    rows.append(["Representation", row.label, column.name, "Within the margin", within])
            if row.recorded is not None:
                rows.append(["Representation", row.label, "All staff", "Ethnicity recorded (%)", cell(row.recorded)])
        gradient = rep.gradient
        focus = profile.focus.name if profile.focus else ""
        rows.append(
            [
                "Seniority gradient",
                ", ".join(gradient.senior_grades),
                focus,
                "Senior grades (%)",
                cell(gradient.senior_share),
            ]
        )
        rows.append(["Seniority gradient", "Other grades", focus, "Other grades (%)", cell(gradient.other_share)])
        rows.append(["Seniority gradient", "", focus, "Gradient (points)", cell(gradient.value)])
    for point in profile.trend:
        focus = profile.focus.name if profile.focus else ""
        rows.append(["Trend", point.quarter.label, "All staff", "Staff", cell(point.headcount)])
        rows.append(["Trend", point.quarter.label, focus, "Share of placed staff (%)", cell(point.focus_share)])
        rows.append(["Trend", point.quarter.label, focus, "Gradient (points)", cell(point.gradient)])
        rows.append(["Trend", point.quarter.label, "All staff", "Ethnicity recorded (%)", cell(point.recorded)])
    rows.append(["Note", "", "", "", profile.footnote])
    return PROFILE_HEADERS, rows, title


def _funnel_rows(section: str, funnel: Funnel, stages: list[str]) -> list[list]:
    rows = []
    for block in funnel.blocks:
        for k, (stage, count, conversion) in enumerate(zip(stages, block.stages, block.conversions, strict=True)):
            words = stage.replace("_", " ").capitalize()
            rows.append([section, funnel.name, block.name, words, cell(count)])
            if k:
                rows.append([section, funnel.name, block.name, f"{words} (% of the stage before)", cell(conversion)])
    for stage, total in zip(stages, funnel.total, strict=True):
        rows.append([section, funnel.name, "Everyone", stage.replace("_", " ").capitalize(), cell(total)])
    return rows


def _likelihood_rows(section: str, name: str, likelihood: Likelihood | None) -> list[list]:
    if likelihood is None:
        return []
    flag = {"below": "below 0.80", "above": "above 1.25", "within": "within 0.80 to 1.25"}.get(likelihood.flag, "")
    rows = [[section, name, "", "Relative likelihood", cell(likelihood.value)]]
    if flag:
        rows.append([section, name, "", "Against the 0.80 to 1.25 range", flag])
    if likelihood.unknown is not None:
        rows.append([section, name, "Not known (left out)", "Reached", cell(likelihood.unknown[0])])
        rows.append([section, name, "Not known (left out)", "Of", cell(likelihood.unknown[1])])
    return rows


def equality_table(equality: Equality) -> tuple[list[str], list[list], str]:
    _assert_published(equality)
    title = f"Recruitment and progression, {equality.unit.name}, {equality.quarter.label}"
    rows: list[list] = [["About", "", "", "Grouping", equality.grouping.name]]
    if equality.recruitment:
        per_campaign, total = equality.recruitment
        for funnel in [total, *per_campaign]:
            rows += _funnel_rows("Recruitment", funnel, equality.recruitment_stages)
            rows += _likelihood_rows("Recruitment", funnel.name, funnel.likelihood)
    if equality.development:
        per_opportunity, total = equality.development
        for funnel in [total, *per_opportunity]:
            rows += _funnel_rows("Training and development", funnel, ["eligible", "took_part"])
            rows += _likelihood_rows("Training and development", funnel.name, funnel.likelihood)
    if equality.disciplinary:
        rows += _funnel_rows("Formal disciplinary", equality.disciplinary, ["headcount", "entered"])
        rows += _likelihood_rows("Formal disciplinary", "All staff", equality.disciplinary.likelihood)
    if equality.pay:
        for group in equality.pay.groups:
            rows.append(["Pay", "", group.name, "Staff", cell(group.headcount)])
            rows.append(["Pay", "", group.name, "Mean hourly pay (£)", cell(group.mean)])
            rows.append(["Pay", "", group.name, "Median hourly pay (£)", cell(group.median)])
        for gap in equality.pay.gaps:
            rows.append(["Pay", f"against {equality.pay.reference}", gap.name, "Mean pay gap (%)", cell(gap.mean_gap)])
            rows.append(
                ["Pay", f"against {equality.pay.reference}", gap.name, "Median pay gap (%)", cell(gap.median_gap)]
            )
        for name, counts, shares in equality.pay.quartiles:
            for block, count, share in zip(equality.blocks, counts, shares, strict=True):
                rows.append(["Pay quartiles", name, block.name, "Staff", cell(count)])
                rows.append(["Pay quartiles", name, block.name, "Share of the quartile (%)", cell(share)])
    for row in equality.history:
        for name, likelihood in (
            ("Appointment from shortlisting", row.appointment),
            ("Training and development", row.development),
            ("Formal disciplinary", row.disciplinary),
        ):
            if likelihood is not None:
                rows.append(["Relative likelihoods by quarter", row.quarter.label, "", name, cell(likelihood.value)])
    rows.append(["Note", "", "", "", equality.footnote])
    return EQUALITY_HEADERS, rows, title
