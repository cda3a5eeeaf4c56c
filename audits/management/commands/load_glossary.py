"""Load the language glossary from its data file: new terms are added; terms an administrator edited are kept."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from audits import services


class Command(BaseCommand):
    help = "Load glossary terms from a JSON data file (new ones only, unless --update)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(services.GLOSSARY))
        parser.add_argument("--update", action="store_true", help="Overwrite terms already loaded with the file's.")

    def handle(self, *args, path, update=False, **options):
        try:
            loaded = services.glossary_load_file(Path(path), update=update)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Could not read {path}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(loaded.line())
