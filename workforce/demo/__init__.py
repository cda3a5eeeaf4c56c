"""Demo data for workforce: seed 001's published figures and invented HR extracts, loaded through import_workforce.

Files (described in docs/workforce-data.md § "Demo data"; generate.py says how the invented ones were made):
    grades.csv                          the grade structure, most junior first
    benchmarks.csv                      Hackney population and school support staff shares (seed 001)
    snapshots.csv                       CFS, Adult Social Care and the council: headcount by grade, six quarters
    hackney_education_snapshots.xlsx    Hackney Education in the wide layout (a column per ethnicity)
    recruitment.csv, development.csv, disciplinary.csv, pay.csv
"""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from ..models import Benchmark

HERE = Path(__file__).parent
FILES = [
    ("grades.csv", "grades"),
    ("benchmarks.csv", "benchmark"),
    ("snapshots.csv", "snapshot"),
    ("hackney_education_snapshots.xlsx", "snapshot"),
    ("recruitment.csv", "recruitment"),
    ("development.csv", "development"),
    ("disciplinary.csv", "disciplinary"),
    ("pay.csv", "pay"),
]
DEFAULT_BENCHMARK = "Hackney population"


def load() -> list[str]:
    """Idempotent: loading again replaces each quarter and unit with the same figures."""
    from .. import reference

    lines = reference.load()
    for name, kind in FILES:
        out = StringIO()
        call_command("import_workforce", str(HERE / name), kind=kind, stdout=out)
        lines.append(out.getvalue().splitlines()[0])
    benchmark = Benchmark.objects.filter(population=DEFAULT_BENCHMARK).first()
    if benchmark is not None and not benchmark.is_default:
        Benchmark.objects.filter(is_default=True).update(is_default=False)
        benchmark.is_default = True
        benchmark.save()
    return lines
