"""python manage.py import_plan PATH --plan "TITLE" [--layout auto|numbered|columns] [--map FIELD=HEADER ...]
[--conflicts app|file] [--dry-run]"""

import shlex
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.importing.columns import FIELDS
from plans.importing.pipeline import LAYOUTS, detect_layout, parse_tables, read_file
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
        parser.add_argument(
            "--layout", choices=("auto", *LAYOUTS), default="auto", help="auto (the default) finds it from the file."
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help=f"For the columns layout: which header holds each field ({', '.join(FIELDS)}); FIELD= says the "
            "field is not in the file. Fields not given are guessed from the headers.",
        )
        parser.add_argument(
            "--conflicts",
            choices=("app", "file"),
            default="app",
            help="A field changed both in the app and in the file since the last import: keep the app's value "
            "(the default) or use the file's. Each one is listed.",
        )
        parser.add_argument("--plan-start", help="YYYY-MM-DD; years left out of timescales come from the plan period.")
        parser.add_argument("--plan-end", help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, *args, path, plan, layout, map, conflicts, plan_start, plan_end, dry_run, **options):
        mapping = {}
        for item in map:
            field, sep, header = item.partition("=")
            if not sep:
                raise CommandError(f"--map {item!r}: write it as FIELD=HEADER, for example --map title=Activity")
            if field.strip() not in FIELDS:
                raise CommandError(f"--map {item!r}: {field!r} is not a field; use one of {', '.join(FIELDS)}")
            mapping[field.strip()] = header.strip()
        if mapping and layout == "numbered":
            raise CommandError("--map goes with the columns layout.")
        start = _date(plan_start) if plan_start else None
        end = _date(plan_end) if plan_end else None
        if start and end and end < start:
            raise CommandError("--plan-end must be on or after --plan-start.")
        if len(plan) > 200:
            raise CommandError("--plan: a plan's title can be at most 200 characters.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            tables = read_file(file.read_bytes(), file.name)
        except UnreadableFile as failure:
            raise CommandError(f"{file.name}: {failure}") from failure
        detection = detect_layout(tables)
        chosen = detection.layout if layout == "auto" else layout
        if mapping and chosen != "columns":
            chosen = "columns"
        self.stdout.write(
            f"Layout: {chosen}" + (f" (found: {detection.reason})" if layout == "auto" and not mapping else "")
        )
        parsed = parse_tables(tables, layout=chosen, mapping=mapping or None, plan_start=start, plan_end=end)
        if chosen == "columns":
            self.stdout.write("Mapping used (copy it to change it):")
            used = " ".join(
                f"--map {name}={shlex.quote(parsed.mapping.get(name, ''))}"
                for name in FIELDS
                if name in parsed.mapping or name in mapping
            )
            self.stdout.write(f"  {used}")
            if parsed.guessed:
                self.stdout.write(f"  (guessed from the headers: {', '.join(parsed.guessed)})")
        try:
            summary = plan_import(
                parsed=parsed,
                title=plan,
                source_name=file.name,
                plan_start=start,
                plan_end=end,
                dry_run=dry_run,
                prefer=conflicts,
            )
        except ImportRejected as rejected:
            for line in rejected.summary.lines()[1:]:
                self.stderr.write(line)
            raise CommandError(
                f"{len(rejected.summary.errors)} error(s) in {file.name}: nothing was written."
            ) from rejected
        except ValidationError as invalid:
            raise CommandError(f"{file.name}: {' '.join(invalid.messages)}: nothing was written.") from invalid
        for line in summary.lines():
            self.stdout.write(line)
