"""Run by cron every hour: enqueues the tasks on the 'hourly' schedule. Safe to run twice."""

from ._schedule import ScheduleCommand


class Command(ScheduleCommand):
    help = "Enqueue the tasks on the 'hourly' schedule (once per period, however often it is run)."
    schedule = "hourly"
