"""Run by cron every 5 minutes: recovers jobs whose worker stopped, then enqueues the 'often' tasks. Safe twice."""

from ._schedule import ScheduleCommand


class Command(ScheduleCommand):
    help = "Enqueue the tasks on the 'often' schedule (once per period, however often it is run)."
    schedule = "often"
