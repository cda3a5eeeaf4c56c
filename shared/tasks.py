"""The tasks the queue runs. One task runs every kind of job, so the queue never needs to know about apps."""

from django_tasks import task

from . import jobs


@task()
def run_job(job_id: str) -> None:
    jobs.run(job_id)
