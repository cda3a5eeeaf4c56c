"""Read timescale phrases from standard input, one a line, and write what each says as one JSON object a line."""
import json
import re
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plans.timescales import parse_timescale


class Command(BaseCommand):
    help = (
        "Reads one timescale phrase per line on standard input and writes one JSON object per line: "
        '{"text", "start", "due", "ongoing", "needs_review"}. Output lines match input lines one-to-one, '
        "blank lines included. See docs/timescales.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--plan-start",
            metavar="YYYY-MM-DD",
            help="First day of the plan period; with --plan-end, fills in a year left out ('March').",
        )
        parser.add_argument(
            "--plan-end",
            metavar="YYYY-MM-DD",
            help="Last day of the plan period; with --plan-start, fills in a year left out ('March').",
        )

    def handle(self, *args: object, **options: Any) -> None:
        start = _date_option("--plan-start", options.get("plan_start"))
        end = _date_option("--plan-end", options.get("plan_end"))
        if (start is None) != (end is None):
            raise CommandError("Give both --plan-start and --plan-end, or neither: a plan period needs both ends.")
        if start and end and end < start:
            raise CommandError(f"--plan-end ({end.isoformat()}) is before --plan-start ({start.isoformat()}).")
        # sys.stdin is read here, not bound at import, so tests can replace it.
        for number, line in enumerate(sys.stdin):
            phrase = line.rstrip("\r\n")
            if number == 0:
                phrase = phrase.removeprefix("\ufeff")  # files saved from Excel or Notepad can start with a BOM
            timescale = parse_timescale(phrase, plan_start=start, plan_end=end)
            self.stdout.write(json.dumps(timescale.as_json(), ensure_ascii=False))


def _date_option(name: str, value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise CommandError(f"{name} must be a date written YYYY-MM-DD, for example 2020-04-01; got {value!r}.")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{name} {value!r} is not a real date.") from None
