"""What the schedule_* commands share: enqueue the schedule's tasks for this period, and say what happened."""

from django.core.management.base import BaseCommand

from shared import jobs, scheduling


class ScheduleCommand(BaseCommand):
    schedule = ""

    def handle(self, *args, **options):
        if self.schedule == "often":
            for job in jobs.recover_stalled():
                self.stdout.write(f"Worker stopped during {job.kind} ({job.pk}): recovered")
        for task, enqueued in scheduling.enqueue_due(self.schedule):
            self.stdout.write(f"{task.name}: {'enqueued' if enqueued else 'already enqueued for this period'}")
