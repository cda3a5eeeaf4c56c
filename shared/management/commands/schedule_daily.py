"""Run by cron once a night: enqueues the tasks on the 'daily' schedule. Safe to run twice."""

from ._schedule import ScheduleCommand


class Command(ScheduleCommand):
    help = "Enqueue the tasks on the 'daily' schedule (once per period, however often it is run)."
    schedule = "daily"
