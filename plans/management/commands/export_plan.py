"""Write one plan to a file as Excel (.xlsx), CSV or PDF, with status and RAG as at today."""
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from plans import exports
from plans.models import Plan

# The PDF's base URL is the project folder (plan_to_pdf's default): it fetches nothing from the network.
WRITERS = {"xlsx": exports.plan_to_xlsx, "csv": exports.plan_to_csv, "pdf": exports.plan_to_pdf}


class Command(BaseCommand):
    help = "Exports a plan as .xlsx, .csv or .pdf, with status and RAG as at today; see docs/exports.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, metavar="TITLE", help="The plan's title, exactly as shown.")
        parser.add_argument("--format", required=True, choices=exports.FORMATS, help="The file type to write.")
        parser.add_argument(
            "--output", required=True, metavar="PATH", help="Where to write the file (replaced if it exists)."
        )

    def handle(self, *args: object, **options: Any) -> None:
        title = options["plan"]
        plan = Plan.objects.filter(title=title).first()
        if plan is None:
            titles = list(Plan.objects.order_by("title").values_list("title", flat=True))
            known = "\n".join(f"  {t}" for t in titles) if titles else "  (there are no plans yet)"
            raise CommandError(f"No plan is called {title!r}. The plans are:\n{known}")
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {str(output.parent)!r} does not exist.")
        today = timezone.localdate()
        data = WRITERS[options["format"]](plan, today=today)
        output.write_bytes(data)
        self.stdout.write(f"Wrote {plan.title} as at {today:%d/%m/%Y} to {output} ({len(data):,} bytes).")
