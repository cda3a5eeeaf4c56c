"""Measures computed, not typed: apps register sources of values that a plan's measure can take its values from.

    measures.register(MeasureSource(
        key="workforce.senior_gap", label="Senior grades: gap to the borough population (percentage points)",
        unit="percentage points", readings=selectors.senior_gap_readings,
    ))

`readings(params) -> list[Reading]` gives one value per period (a quarter, a month, a year). plans
stores the source's key on a Measure and refreshes its values from it (plans.services.measure_refresh),
so plans never imports the app that computes them. A value that disclosure control hides is left out,
with the reason, rather than shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Reading:
    period_start: date
    period_label: str  # as people say it: "Q2 2026/27", "March 2026", "2025"
    value: Decimal | None  # None: not publishable (suppressed) or not enough data
    note: str = ""  # why a value is missing, or what it is based on ("from 212 staff")


@dataclass(frozen=True)
class MeasureSource:
    key: str
    label: str
    unit: str
    readings: Callable[[dict], list[Reading]]
    params_help: str = ""  # what `params` the source understands, for the admin form
    defaults: dict = field(default_factory=dict)


_sources: dict[str, MeasureSource] = {}


def register(source: MeasureSource) -> None:
    _sources[source.key] = source


def get(key: str) -> MeasureSource | None:
    return _sources.get(key)


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in sorted(_sources.values(), key=lambda s: s.label)]
