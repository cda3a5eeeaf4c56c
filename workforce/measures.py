"""Sources a plan's measure can take its values from (shared.measures): one value per quarter, always suppressed.

A measure's `computed_params` say what to compute, for example

    {"unit": "Children and Families Service", "aggregation": "bgm_white", "group": "bgm",
     "benchmark": "Borough population (Census 2021)"}

Every key is optional: the unit defaults to the one with data nearest the top of the organisation, the
aggregation to "Black and global majority vs White", the group to its comparison side and the benchmark to
the default one. Values hidden by disclosure control are left out of the measure, with the reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from organisation.models import Unit
from shared.disclosure import CONFIDENTIAL, Figure
from shared.measures import MeasureSource, Reading

from . import selectors
from .choices import Kind
from .models import Benchmark
from .periods import Quarter

PARAMS_HELP = (
    'JSON, every key optional: "unit" (a unit\'s name or short name), "aggregation" (bgm_white, five_groups, '
    'white_british, wres or one an administrator added), "group" (a group of that aggregation, e.g. bgm), '
    '"benchmark" (a benchmark\'s population, e.g. "Borough population (Census 2021)").'
)
HIDDEN_NOTE = "Not published: based on small numbers of people."


def _unit(params: dict, kinds) -> Unit | None:
    name = str(params.get("unit", "")).strip()
    if not name:
        return selectors.default_unit(kinds)
    return Unit.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).order_by("pk").first()


def _benchmark(params: dict) -> Benchmark | None:
    population = str(params.get("benchmark", "")).strip()
    if population:
        return Benchmark.objects.filter(population__iexact=population).order_by("-date").first()
    return selectors.default_benchmark()


def _reading(quarter: Quarter, figure, note: str = "") -> Reading:
    if figure is None or figure.hidden:
        why = HIDDEN_NOTE if figure is None or figure.marker == CONFIDENTIAL else f"No value: {figure.reason}."
        return Reading(quarter.start, quarter.label, None, why)
    return Reading(quarter.start, quarter.label, Decimal(str(figure.value)), note)


def _profile_trend(params: dict):
    unit = _unit(params, (Kind.SNAPSHOT,))
    if unit is None:
        return None
    latest = selectors.latest_period(unit)
    if latest is None:
        return None
    return selectors.profile(
        unit=unit,
        quarter=latest,
        grouping_key=params.get("aggregation") or selectors.DEFAULT_GROUPING,
        focus_key=params.get("group"),
        benchmark=_benchmark(params),
        pub=selectors.published(),
    )


def _gap(params: dict, *, senior: bool) -> list[Reading]:
    profile = _profile_trend(params)
    if profile is None or profile.focus is None:
        return []
    readings = []
    for point in profile.trend:
        rep = point.representation
        cell = rep.overall.shares[rep.focus]
        if cell.benchmark is None:
            readings.append(Reading(point.quarter.start, point.quarter.label, None, "No benchmark to compare with."))
            continue
        if senior:
            exact = rep.gradient.senior_exact
            figure = None if exact is None else Figure.shown(round(exact - cell.benchmark, 1))
            readings.append(_reading(point.quarter, figure, f"senior grades: {', '.join(rep.gradient.senior_grades)}"))
        else:
            based = "" if point.headcount.hidden else f"from {point.headcount.display} staff"
            readings.append(_reading(point.quarter, cell.gap, based))
    return readings


def gap_readings(params: dict) -> list[Reading]:
    return _gap(params, senior=False)


def senior_gap_readings(params: dict) -> list[Reading]:
    return _gap(params, senior=True)


def share_readings(params: dict) -> list[Reading]:
    profile = _profile_trend(params)
    if profile is None or profile.focus is None:
        return []
    return [_reading(p.quarter, p.focus_share) for p in profile.trend]


def gradient_readings(params: dict) -> list[Reading]:
    profile = _profile_trend(params)
    if profile is None:
        return []
    return [_reading(p.quarter, p.gradient) for p in profile.trend]


def disclosure_readings(params: dict) -> list[Reading]:
    profile = _profile_trend(params)
    if profile is None:
        return []
    return [_reading(p.quarter, p.recorded) for p in profile.trend]


def _likelihoods(params: dict, which: str) -> list[Reading]:
    kinds = {"appointment": Kind.RECRUITMENT, "development": Kind.DEVELOPMENT, "disciplinary": Kind.DISCIPLINARY}
    unit = _unit(params, (kinds[which],))
    if unit is None:
        return []
    latest = selectors.latest_period(unit, (kinds[which],))
    if latest is None:
        return []
    result = selectors.equality(
        unit=unit,
        quarter=latest,
        grouping_key=params.get("aggregation") or selectors.DEFAULT_GROUPING,
        pub=selectors.published(),
    )
    readings = []
    for row in reversed(result.history):
        likelihood = getattr(row, which)
        if likelihood is not None:
            readings.append(_reading(row.quarter, likelihood.value))
    return readings


def appointment_readings(params: dict) -> list[Reading]:
    return _likelihoods(params, "appointment")


def development_readings(params: dict) -> list[Reading]:
    return _likelihoods(params, "development")


def disciplinary_readings(params: dict) -> list[Reading]:
    return _likelihoods(params, "disciplinary")


SOURCES = [
    MeasureSource(
        "workforce.gap",
        "Workforce: a group's share of staff minus its benchmark share (percentage points)",
        "points",
        gap_readings,
        PARAMS_HELP,
    ),
    MeasureSource(
        "workforce.senior_gap",
        "Workforce: a group's share of senior grades minus its benchmark share (percentage points)",
        "points",
        senior_gap_readings,
        PARAMS_HELP,
    ),
    MeasureSource("workforce.share", "Workforce: a group's share of staff (%)", "%", share_readings, PARAMS_HELP),
    MeasureSource(
        "workforce.gradient",
        "Workforce: seniority gradient, senior grades' share minus other grades' share (percentage points)",
        "points",
        gradient_readings,
        PARAMS_HELP,
    ),
    MeasureSource(
        "workforce.disclosure",
        "Workforce: staff with a recorded ethnicity (%)",
        "%",
        disclosure_readings,
        PARAMS_HELP,
    ),
    MeasureSource(
        "workforce.rl_appointment",
        "Workforce: relative likelihood of White applicants being appointed from shortlisting (1.00 is parity)",
        "",
        appointment_readings,
        PARAMS_HELP,
    ),
    MeasureSource(
        "workforce.rl_development",
        "Workforce: relative likelihood of White staff taking part in training and development (1.00 is parity)",
        "",
        development_readings,
        PARAMS_HELP,
    ),
    MeasureSource(
        "workforce.rl_disciplinary",
        "Workforce: relative likelihood of Black and global majority staff entering formal disciplinary "
        "processes (1.00 is parity)",
        "",
        disciplinary_readings,
        PARAMS_HELP,
    ),
]
