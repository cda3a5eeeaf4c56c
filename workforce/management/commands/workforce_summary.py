"""python manage.py workforce_summary --period PERIOD [--unit UNIT] [--aggregation KEY] [--benchmark POPULATION]
[--json] [--unsuppressed]

The representation table, the recruitment funnel (per campaign and in total) and the relative likelihoods of a
quarter, as JSON (numbers as numbers) or as text. Suppressed like every other output; `--unsuppressed` is for an
operator at the command line only, and says so on stderr.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from organisation.models import Unit
from workforce import selectors
from workforce.analysis import Funnel, Likelihood, Publication
from workforce.choices import Kind
from workforce.models import Benchmark, DataLoad
from workforce.periods import NotAPeriod, parse_period
from workforce.taxonomy import Taxonomy


def figure(value):
    """A shown figure as a number; a hidden one as its marker: "[c]" (confidential) or "[z]" (not applicable)."""
    if value is None:
        return None
    return value.marker if value.hidden else value.value


def likelihood_json(likelihood: Likelihood | None, first: str, second: str, part: str, whole: str) -> dict | None:
    if likelihood is None:
        return None
    data = {
        "value": figure(likelihood.value),
        "flag": likelihood.flag or None,
        "range": [0.8, 1.25],
        first: {part: figure(likelihood.first[0]), whole: figure(likelihood.first[1])},
        second: {part: figure(likelihood.second[0]), whole: figure(likelihood.second[1])},
    }
    if likelihood.unknown is not None:
        data["not_known_left_out"] = {part: figure(likelihood.unknown[0]), whole: figure(likelihood.unknown[1])}
    return data


def funnel_json(funnel: Funnel, stages: list[str]) -> dict:
    return {
        "name": funnel.name,
        "groups": {
            block.name: {stage: figure(count) for stage, count in zip(stages, block.stages, strict=True)}
            for block in funnel.blocks
        },
        funnel.total_label: {stage: figure(count) for stage, count in zip(stages, funnel.total, strict=True)},
    }


def summary(unit: Unit, quarter, *, aggregation: str, benchmark, pub: Publication, taxonomy) -> dict:
    profile = selectors.profile(
        unit=unit, quarter=quarter, grouping_key=aggregation, benchmark=benchmark, pub=pub, taxonomy=taxonomy
    )
    result = {
        "unit": unit.name,
        "period": quarter.code,
        "period_label": quarter.label,
        "suppressed": pub.suppressed,
        "threshold": pub.threshold,
        "aggregation": profile.grouping.key,
        "benchmark": str(benchmark) if benchmark else None,
        "margin_points": profile.margin,
        "representation": None,
        "funnel": None,
        "relative_likelihoods": None,
    }
    rep = profile.representation
    if rep is not None:
        groups = [c.name for c in rep.group_columns]

        def row_json(row):
            return {
                "grade": row.label,
                "senior": row.senior,
                "headcount": figure(row.headcount),
                "recorded_ethnicity": figure(row.recorded_count),
                "not_known": figure(row.not_known),
                "counts": {c.name: figure(v) for c, v in zip(rep.columns, row.counts, strict=True)},
                "shares_percent": {g: figure(cell.share) for g, cell in zip(groups, row.shares, strict=True)},
                "benchmark_percent": {
                    g: (round(cell.benchmark, 1) if cell.benchmark is not None else None)
                    for g, cell in zip(groups, row.shares, strict=True)
                },
                "gap_points": {g: figure(cell.gap) for g, cell in zip(groups, row.shares, strict=True)},
                "within_margin": {g: cell.within for g, cell in zip(groups, row.shares, strict=True)},
            }

        result["representation"] = {
            "groups": groups,
            "focus": profile.focus.name if profile.focus else None,
            "grades": [row_json(row) for row in rep.rows],
            "overall": row_json(rep.overall),
            "recorded_percent": figure(rep.overall.recorded),
            "low_disclosure": rep.low_disclosure,
            "gradient_points": figure(rep.gradient.value),
            "senior_grades": rep.gradient.senior_grades,
            "senior_share_percent": figure(rep.gradient.senior_share),
            "other_share_percent": figure(rep.gradient.other_share),
        }
    if DataLoad.objects.filter(unit=unit, period=quarter.start).exclude(kind=Kind.SNAPSHOT).exists():
        equality = selectors.equality(unit=unit, quarter=quarter, grouping_key=aggregation, pub=pub, taxonomy=taxonomy)
        white, other = equality.reference.name, equality.comparison.name
        if equality.recruitment:
            per_campaign, total = equality.recruitment
            stages = equality.recruitment_stages
            result["funnel"] = {
                "stages": stages,
                "campaigns": [
                    {
                        **funnel_json(f, stages),
                        "relative_likelihood": likelihood_json(f.likelihood, white, other, "appointed", "shortlisted"),
                    }
                    for f in per_campaign
                ],
                "total": funnel_json(total, stages),
            }
        result["relative_likelihoods"] = {
            "appointment_from_shortlisting": likelihood_json(
                equality.recruitment[1].likelihood if equality.recruitment else None,
                white,
                other,
                "appointed",
                "shortlisted",
            ),
            "training_and_development": likelihood_json(
                equality.development[1].likelihood if equality.development else None,
                white,
                other,
                "took_part",
                "eligible",
            ),
            "formal_disciplinary": likelihood_json(
                equality.disciplinary.likelihood if equality.disciplinary else None,
                other,
                white,
                "entered",
                "headcount",
            ),
        }
    return result


class Command(BaseCommand):
    help = "A quarter's workforce figures as JSON or text, small numbers suppressed."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The quarter: 2026-Q2, Q1 2026/27 or a date inside it.")
        parser.add_argument("--unit", help="A unit's name or short name (default: every unit with data).")
        parser.add_argument("--aggregation", default=selectors.DEFAULT_GROUPING, help="Default: bgm_white.")
        parser.add_argument("--benchmark", help="A benchmark's population (default: the default benchmark).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--unsuppressed", action="store_true", help="Small numbers shown: for an operator's own eyes only."
        )

    def handle(self, *args, period, unit, aggregation, benchmark, json: bool, unsuppressed, **options):
        try:
            quarter = parse_period(period)
        except NotAPeriod as problem:
            raise CommandError(str(problem)) from None
        taxonomy = Taxonomy.load()
        if taxonomy.grouping(aggregation) is None:
            keys = ", ".join(g.key for g in taxonomy.ordered_groupings())
            raise CommandError(f"There is no aggregation {aggregation!r}: use one of {keys}.")
        if unit:
            units = list(Unit.objects.filter(Q(name__iexact=unit) | Q(short_name__iexact=unit)))
            if len(units) != 1:
                raise CommandError(f"{unit!r} names {len(units) or 'no'} units: give a unit's name as it is written.")
        else:
            units = list(Unit.objects.filter(workforce_loads__period=quarter.start).distinct().order_by("name"))
        chosen_benchmark = selectors.default_benchmark()
        if benchmark:
            chosen_benchmark = Benchmark.objects.filter(population__iexact=benchmark).order_by("-date").first()
            if chosen_benchmark is None:
                raise CommandError(f"There is no benchmark for {benchmark!r}.")
        pub = Publication(suppressed=not unsuppressed, threshold=selectors.threshold())
        if unsuppressed:
            self.stderr.write(
                "UNSUPPRESSED: small numbers are shown. Do not save, share or publish this output "
                "(docs/data-protection.md)."
            )
        results = [
            summary(u, quarter, aggregation=aggregation, benchmark=chosen_benchmark, pub=pub, taxonomy=taxonomy)
            for u in units
        ]
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(results if not unit else results[0], indent=2, ensure_ascii=False))
            return
        for result in results:
            self.stdout.write(f"{result['unit']}, {result['period_label']} (suppressed: {result['suppressed']})")
            rep = result["representation"]
            if rep:
                recorded = _percent(rep["recorded_percent"])
                self.stdout.write(f"  staff: {rep['overall']['headcount']}, ethnicity recorded: {recorded}")
                for grade in [*rep["grades"], rep["overall"]]:
                    shares = ", ".join(f"{g} {_percent(v)}" for g, v in grade["shares_percent"].items())
                    self.stdout.write(f"  {grade['grade']}: {shares}")
                self.stdout.write(f"  seniority gradient: {rep['gradient_points']} points")
            for name, likelihood in (result["relative_likelihoods"] or {}).items():
                if likelihood:
                    self.stdout.write(f"  relative likelihood, {name.replace('_', ' ')}: {likelihood['value']}")


def _percent(value) -> str:
    return value if isinstance(value, str) or value is None else f"{value}%"
