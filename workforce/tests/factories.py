"""Workforce test data: grades, units, and files loaded through the real importer (as councils' files are)."""

from __future__ import annotations

import io

import factory
from openpyxl import Workbook

from organisation.tests.factories import UnitFactory
from workforce import services
from workforce.importing.parse import parse_file
from workforce.models import Grade

GRADES = [("Scale 1-5", 1, False), ("SO1-SO2", 2, False), ("PO1-PO3", 3, False), ("SM1-SM2", 4, True)]


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade

    name = factory.Sequence(lambda n: f"Grade {n}")
    seniority = factory.Sequence(lambda n: n + 100)
    senior = False


class SeniorGradeFactory(GradeFactory):
    senior = True


def standard_grades() -> list[Grade]:
    return [
        Grade.objects.get_or_create(name=n, defaults={"seniority": s, "senior": senior})[0] for n, s, senior in GRADES
    ]


def service(name: str = "Children and Families Service", short_name: str = "CFS"):
    return UnitFactory(name=name, short_name=short_name, kind="service")


def csv_bytes(text: str) -> bytes:
    return "\n".join(line.strip() for line in text.strip().splitlines()).encode() + b"\n"


def xlsx_bytes(rows: list[list], sheet: str = "Data") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parse(kind: str, text: str, filename: str = "extract.csv"):
    return parse_file(csv_bytes(text), filename, kind)


def load(kind: str, text: str, *, by=None, filename: str = "extract.csv") -> services.ImportSummary:
    """Load a CSV written inline, through the importer; fails the test with the problems if it has errors."""
    parsed = parse(kind, text, filename)
    assert not parsed.errors, [p.as_dict() for p in parsed.errors]
    return services.workforce_import(parsed=parsed, by=by, filename=filename)


def snapshot_rows(period: str, unit: str, cells: dict[str, dict[str, int]], *, employment="permanent", role="") -> str:
    """CSV rows of a snapshot: {grade: {ethnicity label: count}}."""
    return "\n".join(
        f"{period},{unit},{grade},{employment},{role},{label},{count}"
        for grade, counts in cells.items()
        for label, count in counts.items()
    )


SNAPSHOT_HEADER = "period,unit,grade,employment_type,role,ethnicity,count"
