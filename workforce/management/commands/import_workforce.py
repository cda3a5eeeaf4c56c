"""python manage.py import_workforce PATH --kind snapshot|recruitment|development|disciplinary|pay|benchmark|grades
[--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shared.tabular import UnreadableFile
from workforce.choices import Kind
from workforce.importing.parse import parse_file
from workforce.services import ImportRejected, import_check, workforce_import


class Command(BaseCommand):
    help = (
        "Load workforce data from a CSV or Excel (.xlsx) file (formats: docs/workforce-data.md). One transaction: "
        "any error writes nothing. Each quarter and unit in the file replaces what was loaded for it before."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to load.")
        parser.add_argument("--kind", required=True, choices=Kind.values, help="What the file holds.")
        parser.add_argument("--dry-run", action="store_true", help="Check it and say what would change; write nothing.")

    def handle(self, *args, path, kind, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            parsed = parse_file(file.read_bytes(), file.name, kind)
            summary = (
                import_check(parsed, filename=file.name)
                if dry_run
                else workforce_import(parsed=parsed, by=None, filename=file.name)
            )
        except UnreadableFile as failure:
            raise CommandError(f"{file.name}: {failure}") from failure
        except ImportRejected as rejected:
            for line in rejected.summary.lines()[1:]:
                self.stderr.write(line)
            raise CommandError(
                f"{len(rejected.summary.errors)} error(s) in {file.name}: nothing was written."
            ) from None
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run and summary.errors:
            raise CommandError(f"{len(summary.errors)} error(s) in {file.name}: loading it would write nothing.")
