"""The file formats, one per kind of data: the columns of the long format and how the wide format differs.

Long: one row per count, with an `ethnicity` column. Wide: the same key columns, then one column per
ethnicity label (a `total` column is allowed and checked). Kinds with two figures per group (development,
disciplinary) write them in a `measure` column in the wide format. docs/workforce-data.md shows each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..choices import Kind

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """A header as a key: "Employment type" -> "employment_type"."""
    return _NOT_WORD.sub("_", str(text).casefold()).strip("_")


@dataclass(frozen=True)
class Format:
    kind: str
    keys: tuple[str, ...]  # columns naming what is counted, in both layouts
    values: tuple[str, ...]  # the figures of the long format
    optional: tuple[str, ...] = ()  # columns that may be left out (or blank)
    wide: bool = True
    wide_measures: tuple[str, ...] = ()  # kinds with several figures per group: values a `measure` column takes
    synonyms: dict[str, str] | None = None
    ethnicity: bool = True

    @property
    def long_columns(self) -> tuple[str, ...]:
        return (*self.keys, *(("ethnicity",) if self.ethnicity else ()), *self.values)

    def required(self) -> list[str]:
        return [c for c in self.long_columns if c not in self.optional]

    def canonical(self, header: str) -> str:
        key = header_key(header)
        return {**COMMON_SYNONYMS, **(self.synonyms or {})}.get(key, key)


COMMON_SYNONYMS = {
    "quarter": "period",
    "service": "unit",
    "team": "unit",
    "department": "unit",
    "service_area": "unit",
    "ethnic_group": "ethnicity",
    "ethnic_origin": "ethnicity",
    "ethnic_category": "ethnicity",
    "ethnicity_code": "ethnicity",
}

FORMATS = {
    Kind.SNAPSHOT: Format(
        Kind.SNAPSHOT,
        keys=("period", "unit", "grade", "employment_type", "role"),
        values=("count",),
        optional=("role",),
        synonyms={
            "band": "grade",
            "pay_grade": "grade",
            "employment": "employment_type",
            "contract_type": "employment_type",
            "contract": "employment_type",
            "role_family": "role",
            "job_family": "role",
            "headcount": "count",
            "number": "count",
        },
    ),
    Kind.RECRUITMENT: Format(
        Kind.RECRUITMENT,
        keys=("period", "unit", "campaign", "stage"),
        values=("count",),
        optional=("campaign",),
        synonyms={"vacancy": "campaign", "post": "campaign", "number": "count", "candidates": "count"},
    ),
    Kind.DEVELOPMENT: Format(
        Kind.DEVELOPMENT,
        keys=("period", "unit", "opportunity"),
        values=("eligible", "took_part"),
        wide_measures=("eligible", "took_part"),
        synonyms={"programme": "opportunity", "participated": "took_part", "attended": "took_part"},
    ),
    Kind.DISCIPLINARY: Format(
        Kind.DISCIPLINARY,
        keys=("period", "unit"),
        values=("headcount", "entered_process"),
        wide_measures=("headcount", "entered_process"),
        synonyms={"entered": "entered_process", "staff": "headcount"},
    ),
    Kind.PAY: Format(
        Kind.PAY,
        keys=("period", "unit"),
        values=(
            "headcount",
            "mean_hourly_pay",
            "median_hourly_pay",
            "lower_quartile",
            "lower_middle_quartile",
            "upper_middle_quartile",
            "upper_quartile",
        ),
        optional=(
            "median_hourly_pay",
            "lower_quartile",
            "lower_middle_quartile",
            "upper_middle_quartile",
            "upper_quartile",
        ),
        wide=False,
        synonyms={"mean_pay": "mean_hourly_pay", "median_pay": "median_hourly_pay"},
    ),
    Kind.BENCHMARK: Format(
        Kind.BENCHMARK,
        keys=("date", "population", "area"),
        values=("count", "share"),
        optional=("count", "share"),  # exactly one of them, checked by the reader
        wide_measures=("count", "share"),
        synonyms={"percentage": "share", "percent": "share", "number": "count"},
    ),
    Kind.GRADES: Format(
        Kind.GRADES,
        keys=("grade",),
        values=("seniority", "senior"),
        optional=("senior",),
        wide=False,
        ethnicity=False,
        synonyms={"band": "grade", "rank": "seniority", "order": "seniority", "senior_leadership": "senior"},
    ),
}

# Headers a wide file may have beside its key and ethnicity columns.
WIDE_EXTRAS = ("total", "measure")
