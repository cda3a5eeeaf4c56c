"""Load a version of the practice standards from its data file (by default the June 2024 standards of seed 004)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audits import services


class Command(BaseCommand):
    help = (
        "Load a version of the practice standards from a JSON data file; loading the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(services.JUNE_2024_STANDARDS))

    def handle(self, *args, path, **options):
        try:
            framework = services.framework_load_file(Path(path))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Could not read {path}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = {c: framework.standards.filter(change=c).count() for c in ("carried_over", "changed", "new")}
        self.stdout.write(
            f"{framework}: {framework.standards.count()} standards in {framework.sections.count()} sections."
        )
        if framework.previous_id:
            self.stdout.write(
                f"Against {framework.previous.version}: {counts['carried_over']} carried over, "
                f"{counts['changed']} changed, {counts['new']} new."
            )
