"""Fill a database made for benchmarks with council-scale data (docs/performance.md).

    manage.py generate_scale_data [--plans 20] [--actions-per-plan 500] [--updates-per-action 20]
                                  [--users 2000] [--seed 1] [--only plans,...]

It refuses a database holding anything but an earlier benchmark data set (accounts whose username does not
start with "bench-", plans whose title does not start with "Benchmark "), empties an earlier data set, and then
writes in bulk, with the history records the services would have left.
"""

import importlib
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

# Each app's scale data, run in this order after the people. An app adds its own module here: it defines
# generate(scale) -> dict of what it made, and optionally add_arguments(parser), check_arguments(options) ->
# list of mistakes, and foreign() -> list of what in the database is not benchmark data.
GENERATORS = [
    ("plans", "benchmarks.dataset.plans"),
]


def generators(only: list[str] | None = None) -> list[tuple[str, Any]]:
    chosen = [(name, path) for name, path in GENERATORS if not only or name in only]
    return [(name, importlib.import_module(path)) for name, path in chosen]


class Command(BaseCommand):
    help = "Builds the benchmark data set (2,000 people, 20 plans x 500 actions by default) in an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=2000, help="Accounts in all, with a realistic mix of roles.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--only",
            default="",
            help=f"Comma-separated apps to generate (default all: {', '.join(n for n, _ in GENERATORS)}).",
        )
        for _, module in generators():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def _colours(self, today) -> None:
        """What the schedules would have done by now: today's colours stored, a year of month-end colours."""
        from datetime import timedelta

        from plans import colours, past
        from plans.models import Plan

        step = time.perf_counter()
        colours.refresh(today=today)
        ends, cursor = [], today.replace(day=1) - timedelta(days=1)
        for _ in range(11):
            ends.append(cursor)
            cursor = cursor.replace(day=1) - timedelta(days=1)
        for plan in Plan.objects.all():
            past.backfill_days(plan, sorted(ends))
        past.record_day(today)
        self.stdout.write(f"colours and a year of month-end records: {time.perf_counter() - step:.1f}s")

    def handle(self, *args: object, **options: Any) -> None:
        from benchmarks import dataset

        only = [name.strip() for name in options["only"].split(",") if name.strip()]
        unknown = set(only) - {name for name, _ in GENERATORS}
        if unknown:
            raise CommandError(f"No scale data for {', '.join(sorted(unknown))}.")
        chosen = generators(only)
        mistakes = [
            m
            for _, module in generators()
            if hasattr(module, "check_arguments")
            for m in module.check_arguments(options)
        ]
        if options["users"] < 1:
            mistakes.append("--users must be at least 1.")
        if mistakes:
            raise CommandError(" ".join(mistakes))

        from organisation.models import User

        if User._meta.db_table not in connection.introspection.table_names():
            raise CommandError("The database has no tables yet: run manage.py migrate first.")
        foreign = dataset.foreign_rows() + [
            found for _, module in generators() if hasattr(module, "foreign") for found in module.foreign()
        ]
        if foreign:
            raise CommandError(
                "Refusing to touch this database: it holds data the benchmark did not make ("
                + "; ".join(foreign)
                + "). Point DATABASE_URL at an empty database made for the benchmark."
            )

        started = time.perf_counter()
        scale = dataset.Scale(
            options=options,
            rng=random.Random(options["seed"]),
            today=timezone.localdate(),
            now=timezone.now(),
        )
        with transaction.atomic():
            dataset.flush_data()
            scale.people = dataset.people(scale)
            for name, module in chosen:
                step = time.perf_counter()
                made = module.generate(scale)
                scale.made.update(made)
                self.stdout.write(f"{name}: {time.perf_counter() - step:.1f}s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have after a real load
        if "plans" in [name for name, _ in chosen]:
            self._colours(scale.today)
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in scale.made.items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f}s: {summary}."))
        self.stdout.write(f"Every account's password: {dataset.PASSWORD}")
