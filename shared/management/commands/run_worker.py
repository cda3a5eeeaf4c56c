"""The task worker: recovers jobs a stopped worker left behind, then runs django-tasks' database worker.

Run one or more per machine (docs/deployment.md); each takes one task at a time. Ctrl-C (SIGINT) or SIGTERM
lets the running task finish before it stops.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from shared import jobs


class Command(BaseCommand):
    help = "Run a background worker (recovers stalled jobs first). Extra options go to django-tasks' db_worker."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run every queued task, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes (development).")

    def handle(self, *args, batch=False, interval=1.0, reload=False, **options):
        for job in jobs.recover_stalled():
            self.stdout.write(f"Recovered {job.kind} ({job.pk}) from a stopped worker")
        arguments = ["--queue-name", "*", "--interval", str(interval), "--reload" if reload else "--no-reload"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
