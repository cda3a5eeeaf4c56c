"""Background jobs: work that must not run inside a web request, done by the task queue, recorded for pages.

An app registers a handler once:

    jobs.register("plans.export", export_plan, title="Preparing your download", retry=True)

    def export_plan(job: Job, progress: Progress) -> Outcome:
        ... progress(done, total, "Laying out pages") ...
        return Outcome(file=data, filename="plan.pdf", content_type="application/pdf")

and a view starts it and sends the person to its progress page:

    job = jobs.start("plans.export", params={...}, by=request.user, dedupe_key=f"plan-pdf:{plan.pk}:{stamp}")
    return redirect(job_url(job))

The queue is django-tasks with its database backend (docs/decisions/0004-task-queue-on-the-database.md):
`start` writes the Job and the queued task in the same transaction, so a job is never lost between
them. A worker that dies leaves its job "running" with a stale heartbeat; `recover_stalled` (run by
the worker at start and by the frequent schedule) puts it back in the queue when its handler is safe to
repeat, or marks it failed with a message otherwise. A worker can also die after the queue gave it the
task but before the job was marked running; the job then waits with no task left to run it, and
`recover_stalled` queues it again (its handler never started), or fails it once it has waited a day.
Nothing is lost silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

STALLED_AFTER = timedelta(minutes=5)  # no heartbeat for this long: the worker died (handlers beat every few seconds)
GIVE_UP_AFTER = timedelta(days=1)  # a job lost by the queue this long ago is failed rather than queued again
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=5), timedelta(minutes=30))
FAILED_UNEXPECTEDLY = "Something went wrong while doing this, and it has been logged. Try again later."
WORKER_STOPPED = "The worker doing this stopped before it finished. Start it again."
NEVER_STARTED = "This never started: the worker that took it stopped, and it has waited too long. Start it again."


class JobFailed(Exception):
    """A handler's way to fail with a message for the person (nothing technical): never retried."""


@dataclass
class Outcome:
    """What a handler produced: a file to download and/or a small JSON-safe result for the page."""

    file: bytes | None = None
    filename: str = ""
    content_type: str = ""
    result: dict | None = None


Progress = Callable[..., None]
Handler = Callable[[Job, Progress], Outcome | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Handler
    title: str
    retry: bool  # safe to run again from the start after a failure or a dead worker
    max_attempts: int
    keep_for: timedelta  # how long its file is kept


_kinds: dict[str, JobKind] = {}
_tidy_ups: dict[str, Callable[[], str]] = {}


def register(
    name: str,
    handler: Handler,
    *,
    title: str,
    retry: bool = False,
    max_attempts: int = 3,
    keep_for: timedelta = timedelta(hours=24),
) -> None:
    """Called from an app's AppConfig.ready()."""
    _kinds[name] = JobKind(name, handler, title, retry, max_attempts if retry else 1, keep_for)


def register_tidy_up(name: str, tidy: Callable[[], str]) -> None:
    """Called from an app's AppConfig.ready(): `tidy()` runs in the nightly housekeeping and says what it did."""
    _tidy_ups[name] = tidy


def kind_of(job: Job) -> JobKind:
    return _kinds[job.kind]


def current(dedupe_key: str) -> Job | None:
    """A job with this key that is queued, running, or finished with a file still kept: reused, not rebuilt."""
    if not dedupe_key:
        return None
    now = timezone.now()
    return (
        Job.objects.filter(dedupe_key=dedupe_key)
        .exclude(state=Job.State.FAILED)
        .exclude(state=Job.State.SUCCEEDED, expires_at__lt=now)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def start(name: str, *, params: dict | None = None, by=None, dedupe_key: str = "", title: str = "") -> Job:
    """Queue a job (or return the current one with the same key); it runs on a worker, never in this request."""
    kind = _kinds[name]
    existing = current(dedupe_key)
    if existing is not None:
        return existing
    job = Job.objects.create(
        kind=name,
        title=title or kind.title,
        params=params or {},
        requested_by=by,
        dedupe_key=dedupe_key,
        max_attempts=kind.max_attempts,
    )
    _enqueue(job)
    return job


def _enqueue(job: Job, *, delay: timedelta | None = None) -> None:
    from .tasks import run_job

    task = run_job if delay is None else run_job.using(run_after=timezone.now() + delay)
    task.enqueue(str(job.pk))


def run(job_id: str) -> None:
    """Run one job (called by the queue's task): claim it, call its handler, record the outcome."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return  # already done by another worker, or recovered and re-queued elsewhere
        now = timezone.now()
        job.state, job.attempts, job.started_at, job.heartbeat_at = Job.State.RUNNING, job.attempts + 1, now, now
        job.error = ""
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "error"])
    kind = kind_of(job)
    try:
        outcome = kind.handler(job, _progress_of(job)) or Outcome()
    except JobFailed as failure:
        _finish_failed(job, str(failure))
    except Exception:
        logger.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        if kind.retry and job.attempts < job.max_attempts:
            delay = RETRY_DELAYS[min(job.attempts - 1, len(RETRY_DELAYS) - 1)]
            with transaction.atomic():  # back in the queue together, or not at all
                Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, progress_note="Trying again shortly")
                _enqueue(job, delay=delay)
        else:
            _finish_failed(job, FAILED_UNEXPECTEDLY)
    else:
        _finish_succeeded(job, outcome, kind)


def _progress_of(job: Job) -> Progress:
    """A callable a handler calls with (done, total, note): it records progress and is the worker's heartbeat."""

    def progress(done: int, total: int | None = None, note: str = "") -> None:
        fields = {"progress_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = max(total, done)
        if note:
            fields["progress_note"] = note[:200]
        Job.objects.filter(pk=job.pk).update(**fields)

    return progress


def _finish_succeeded(job: Job, outcome: Outcome, kind: JobKind) -> None:
    job.refresh_from_db()
    if outcome.file is not None:
        job.file.save(outcome.filename or "download", ContentFile(outcome.file), save=False)
        job.filename, job.content_type = outcome.filename, outcome.content_type
    job.result = outcome.result or {}
    job.state, job.finished_at = Job.State.SUCCEEDED, timezone.now()
    job.expires_at = job.finished_at + kind.keep_for
    if job.progress_total:
        job.progress_done = job.progress_total
    job.save()


def _finish_failed(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=message, finished_at=timezone.now())


def recover_stalled(*, now=None) -> list[Job]:
    """Jobs whose worker died: back in the queue when safe to repeat, otherwise failed with a message.

    Also the jobs still queued that no task will ever run (see `_lost_in_the_queue`).
    """
    now = now or timezone.now()
    lost = _lost_in_the_queue(now)
    stalled = list(Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=now - STALLED_AFTER))
    for job in stalled:
        kind = _kinds.get(job.kind)
        if kind is not None and kind.retry and job.attempts < job.max_attempts:
            with transaction.atomic():
                updated = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                    state=Job.State.QUEUED, progress_note="Restarting after the worker stopped"
                )
                if updated:
                    _enqueue(job)
            if updated:
                logger.warning("Job %s (%s) re-queued after its worker stopped", job.pk, job.kind)
        else:
            Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                state=Job.State.FAILED, error=WORKER_STOPPED, finished_at=now
            )
            logger.warning("Job %s (%s) failed: its worker stopped", job.pk, job.kind)
    for job in lost:
        if job.created_at < now - GIVE_UP_AFTER:
            Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
                state=Job.State.FAILED, error=NEVER_STARTED, finished_at=now
            )
            logger.warning("Job %s (%s) failed: the queue lost it and it waited too long", job.pk, job.kind)
            continue
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
                progress_note="Restarting after the worker stopped"
            )
            if updated:
                _enqueue(job)  # its handler never started, so running it once is safe whatever its kind
        if updated:
            logger.warning("Job %s (%s) re-queued: the worker that took its task stopped first", job.pk, job.kind)
    return stalled + lost


def _lost_in_the_queue(now) -> list[Job]:
    """Queued jobs that no task will run: the worker that claimed the task died before marking the job running
    (the task stays "running" for ever; django-tasks-db never recovers it), or the task failed before that.

    A job counts as lost when it has been queued longer than STALLED_AFTER and has no task waiting to run
    (delayed retries included) and none claimed less than STALLED_AFTER ago (a worker between claiming the
    task and marking the job running). The tasks are read before the jobs: a job read as queued after its
    task finished has a newer task waiting (a retry) or is not queued any more. Only the database queue
    keeps tasks to look at; the other backends run a task at once or never.
    """
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return []
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import run_job

    live = set()
    pending = DBTaskResult.objects.filter(
        task_path=run_job.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", "status", "started_at")
    for args_kwargs, status, started_at in pending:
        if status == TaskResultStatus.READY or (started_at and started_at >= now - STALLED_AFTER):
            live.update(str(arg) for arg in args_kwargs.get("args", [])[:1])
    queued = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=now - STALLED_AFTER)
    return [job for job in queued if str(job.pk) not in live]


@transaction.atomic
def retry(job: Job, *, by=None) -> Job:
    """Start a failed job again as a new job with the same parameters (the failed one stays as a record)."""
    return start(job.kind, params=job.params, by=by or job.requested_by, title=job.title)


def remove_expired(*, now=None) -> int:
    """Delete the files of finished jobs past their keep-for time, and job records older than the retention."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lt=now).exclude(file="")
    count = 0
    for job in expired:
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
        count += 1
    keep_days = getattr(settings, "JOBS_KEEP_RECORDS_DAYS", 90)
    Job.objects.filter(finished_at__lt=now - timedelta(days=keep_days)).delete()
    return count


def housekeeping(job, progress) -> Outcome:
    """The nightly tidy-up: files of finished jobs past their time, old job records, old task-queue records,
    and what each app registered with `register_tidy_up` (e.g. plan uploads older than a day)."""
    from django.core.management import call_command

    removed = remove_expired()
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":  # the queue keeps records
        days = getattr(settings, "JOBS_KEEP_RECORDS_DAYS", 90)
        call_command("prune_db_task_results", "--queue-name", "*", "--min-age-days", str(days), verbosity=0)
    said = [f"Removed {removed} expired files."]
    said += [tidy() for _, tidy in sorted(_tidy_ups.items())]
    return Outcome(result={"message": " ".join(said)})
