"""Recovers each action's colour on past days from the history, once, for the days before the nightly record.

    manage.py backfill_action_days [--plan TITLE] [--since YYYY-MM-DD]

It records the end of each week (Sundays) from the plan's first history record, or --since, to yesterday,
and skips weeks already recorded. The nightly job (schedule_daily) records every day from then on.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans import past
from plans.models import ActionDay, Plan


class Command(BaseCommand):
    help = "Back-fill the weekly record of each action's colour from history (once)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="Only this plan (its title).")
        parser.add_argument("--since", type=date.fromisoformat, help="First day to record (YYYY-MM-DD).")

    def handle(self, *args, plan=None, since=None, **options):
        plans = Plan.objects.all() if plan is None else Plan.objects.filter(title=plan)
        if plan and not plans.exists():
            raise CommandError(f"There is no plan called {plan!r}.")
        yesterday = timezone.localdate() - timedelta(days=1)
        for each in plans:
            first = since or each.history.order_by("history_date").values_list("history_date", flat=True).first()
            if first is None:
                continue
            start = (
                first if isinstance(first, date) and not hasattr(first, "hour") else timezone.localtime(first).date()
            )
            if start > yesterday:
                self.stdout.write(f"{each.title}: nothing before today to back-fill.")
                continue
            recorded = set(ActionDay.objects.filter(plan=each).values_list("day", flat=True).distinct())
            days = [d for d in past.weeks_between(start, yesterday) if d not in recorded]
            count = past.backfill_days(each, days)
            self.stdout.write(f"{each.title}: {len(days)} days, {count} records.")
