"""python manage.py import_plan PATH --plan "TITLE" [--layout ...] [--map FIELD=HEADER ...] [--dry-run]"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.importing.columns import FIELDS
from plans.importing.pipeline import LAYOUTS, parse_file
from plans.importing.structure import UnreadableFile
from plans.services import ImportRejected, plan_import


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2020-04-01.") from error


class Command(BaseCommand):
    help = (
        "Import a plan from a Word (.docx), Excel (.xlsx), CSV or TSV file. One transaction: any error writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--plan", required=True, help="The plan's title; an existing plan is updated by reference.")
        parser.add_argument("--layout", choices=LAYOUTS, default="numbered")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help=f"For --layout columns: which header holds each field ({', '.join(FIELDS)}).",
        )
        parser.add_argument("--plan-start", help="YYYY-MM-DD; years left out of timescales come from the plan period.")
        parser.add_argument("--plan-end", help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, *args, path, plan, layout, map, plan_start, plan_end, dry_run, **options):
        mapping = {}
        for item in map:
            field, sep, header = item.partition("=")
            if not sep or not header.strip():
                raise CommandError(f"--map {item!r}: write it as FIELD=HEADER, for example --map title=Activity")
            if field.strip() not in FIELDS:
                raise CommandError(f"--map {item!r}: {field!r} is not a field; use one of {', '.join(FIELDS)}")
            mapping[field.strip()] = header.strip()
        if mapping and layout != "columns":
            raise CommandError("--map goes with --layout columns.")
        start = _date(plan_start) if plan_start else None
        end = _date(plan_end) if plan_end else None
        if start and end and end < start:
            raise CommandError("--plan-end must be on or after --plan-start.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            _, parsed = parse_file(
                file.read_bytes(), file.name, layout=layout, mapping=mapping or None, plan_start=start, plan_end=end
            )
            summary = plan_import(
                parsed=parsed, title=plan, source_name=file.name, plan_start=start, plan_end=end, dry_run=dry_run
            )
        except UnreadableFile as failure:
            raise CommandError(f"{file.name}: {failure}") from failure
        except ImportRejected as rejected:
            for line in rejected.summary.lines()[1:]:
                self.stderr.write(line)
            raise CommandError(
                f"{len(rejected.summary.errors)} error(s) in {file.name}: nothing was written."
            ) from rejected
        for line in summary.lines():
            self.stdout.write(line)
