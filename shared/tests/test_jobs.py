"""Background jobs: recorded with progress and outcome; failures are kept with a message and can be retried;
a job whose worker died is picked up again or failed, never lost; scheduled runs are enqueued once per period."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from organisation.tests.factories import UserFactory
from shared import jobs, scheduling
from shared.models import Job, ScheduledRun
from shared.roles import Role

pytestmark = pytest.mark.django_db

calls: list[str] = []


def succeed(job, progress):
    for done in range(1, 4):
        progress(done, 3, "Counting")
    calls.append("ran")
    return jobs.Outcome(file=b"a,b\n", filename="counts.csv", content_type="text/csv", result={"rows": 3})


def explode(job, progress):
    calls.append("ran")
    raise RuntimeError("the database went away")


def refuse(job, progress):
    raise jobs.JobFailed("The plan has no actions to export.")


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    """Test kinds and schedules in copies of the registries, so nothing leaks into other tests."""
    monkeypatch.setattr(jobs, "_kinds", dict(jobs._kinds))
    monkeypatch.setattr(scheduling, "_tasks", dict(scheduling._tasks))
    calls.clear()
    jobs.register("test.succeed", succeed, title="Counting", retry=True)
    jobs.register("test.explode", explode, title="Exploding", retry=False)
    jobs.register("test.flaky", explode, title="Flaky", retry=True, max_attempts=2)
    jobs.register("test.refuse", refuse, title="Refusing", retry=True)


def test_a_job_runs_on_the_queue_and_records_its_progress_file_and_result():
    job = jobs.start("test.succeed", by=UserFactory())
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.progress_total, job.percent) == (Job.State.SUCCEEDED, 3, 3, 100)
    assert job.result == {"rows": 3} and job.file.read() == b"a,b\n" and job.filename == "counts.csv"
    assert job.expires_at > timezone.now()


def test_the_same_work_asked_for_twice_is_done_once():
    first = jobs.start("test.succeed", dedupe_key="plan-1:v7")
    second = jobs.start("test.succeed", dedupe_key="plan-1:v7")
    assert first.pk == second.pk and calls == ["ran"]
    assert jobs.start("test.succeed", dedupe_key="plan-1:v8").pk != first.pk


def test_a_job_that_fails_is_recorded_as_failed_with_a_message_and_no_internals():
    job = jobs.start("test.explode")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == jobs.FAILED_UNEXPECTEDLY and "database" not in job.error


def test_a_handler_can_fail_with_a_message_for_the_person_and_is_not_retried():
    job = jobs.start("test.refuse")
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (Job.State.FAILED, "The plan has no actions to export.", 1)


def test_a_failed_job_can_be_retried_by_the_person_who_asked(client):
    person = UserFactory(roles=[Role.STAFF])
    failed = jobs.start("test.explode", by=person)
    jobs.register("test.explode", succeed, title="Exploding")  # the cause is fixed
    client.force_login(person)
    response = client.post(reverse("shared:job_retry", args=[failed.pk]))
    retried = Job.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("shared:job", args=[retried.pk])
    assert retried.state == Job.State.SUCCEEDED
    assert Job.objects.get(pk=failed.pk).state == Job.State.FAILED  # the record of the failure stays


def test_work_that_is_safe_to_repeat_is_tried_again_after_a_failure(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    from django_tasks import task_backends

    task_backends["default"].clear()
    job = jobs.start("test.flaky")
    jobs.run(str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.QUEUED, 1)
    jobs.run(str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 2)
    assert len(task_backends["default"].results) == 2  # the first run put it back on the queue


def test_work_that_is_safe_to_repeat_is_tried_three_times_again_after_30_seconds_then_5_minutes(settings):
    """As docs/deployment.md says: three attempts in all by default, so two delays."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    from django_tasks import task_backends

    jobs.register("test.retried", explode, title="Retried", retry=True)
    task_backends["default"].clear()
    job = jobs.start("test.retried")
    delays = []
    for _ in range(3):
        before = timezone.now()
        jobs.run(str(job.pk))
        if len(task_backends["default"].results) > len(delays) + 1:
            run_after = task_backends["default"].results[-1].task.run_after
            delays.append(round((run_after - before).total_seconds()))
    job.refresh_from_db()
    assert (job.state, job.attempts, delays) == (Job.State.FAILED, 3, [30, 300])


def _killed_mid_run(name: str) -> Job:
    """A job its worker claimed, then died running: RUNNING, with a heartbeat long ago."""
    long_ago = timezone.now() - timedelta(hours=1)
    return Job.objects.create(
        kind=name,
        title="x",
        state=Job.State.RUNNING,
        attempts=1,
        started_at=long_ago,
        heartbeat_at=long_ago,
        max_attempts=3,
    )


def test_a_job_whose_worker_died_is_picked_up_again_when_safe_to_repeat():
    job = _killed_mid_run("test.succeed")
    assert jobs.recover_stalled() == [job]
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)


def test_a_job_whose_worker_died_is_failed_with_a_message_when_not_safe_to_repeat():
    job = _killed_mid_run("test.explode")
    jobs.recover_stalled()
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, jobs.WORKER_STOPPED)


def test_a_running_job_that_still_beats_is_left_alone():
    job = _killed_mid_run("test.succeed")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert jobs.recover_stalled() == []


@pytest.fixture
def database_queue(settings):
    """The queue as production has it (tasks wait in the database for a worker), not run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def _tasks_of(job: Job) -> list[DBTaskResult]:
    return [task for task in DBTaskResult.objects.order_by("enqueued_at") if task.args_kwargs["args"] == [str(job.pk)]]


def _claimed_by_a_worker_that_died(job: Job, *, minutes_ago: int = 60) -> None:
    """The queue's worker claimed the job's task (committed), then died before our Job was marked running."""
    long_ago = timezone.now() - timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)
    DBTaskResult.objects.filter(pk__in=[task.pk for task in _tasks_of(job)]).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead-worker"]
    )


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection, as in production
def test_a_queued_job_whose_task_a_dead_worker_had_claimed_is_queued_again_and_run_by_the_next_worker(
    database_queue,
):
    job = jobs.start("test.explode")  # not safe to repeat, but it never started, so running it once is safe
    _claimed_by_a_worker_that_died(job)
    jobs.register("test.explode", succeed, title="Exploding")
    call_command("run_worker", "--batch", "--interval", "0", stdout=open("/dev/null", "w"))
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 1) and calls == ["ran"]
    assert [task.status for task in _tasks_of(job)] == [TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL]


def test_a_queued_job_whose_task_failed_before_it_started_is_queued_again(database_queue):
    job = jobs.start("test.succeed")
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    DBTaskResult.objects.filter(pk__in=[task.pk for task in _tasks_of(job)]).update(status=TaskResultStatus.FAILED)
    assert jobs.recover_stalled() == [job]
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.progress_note == "Restarting after the worker stopped"
    assert [task.status for task in _tasks_of(job)] == [TaskResultStatus.FAILED, TaskResultStatus.READY]


def test_a_queued_job_still_waiting_in_the_queue_or_just_claimed_is_left_alone(database_queue):
    waiting = jobs.start("test.succeed")
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=2))  # a long queue
    just_claimed = jobs.start("test.explode")
    _claimed_by_a_worker_that_died(just_claimed, minutes_ago=1)  # the worker is about to mark it running
    assert jobs.recover_stalled() == []
    assert len(_tasks_of(waiting)) == len(_tasks_of(just_claimed)) == 1


def test_a_queued_job_lost_for_longer_than_the_limit_is_failed_with_a_message_not_left_waiting(database_queue):
    job = jobs.start("test.succeed")
    _claimed_by_a_worker_that_died(job, minutes_ago=int(jobs.GIVE_UP_AFTER.total_seconds() // 60) + 1)
    assert jobs.recover_stalled() == [job]
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, jobs.NEVER_STARTED)
    assert len(_tasks_of(job)) == 1


def test_only_the_person_who_asked_sees_a_jobs_progress_and_file(client):
    person, other = UserFactory(roles=[Role.STAFF]), UserFactory(roles=[Role.ADMINISTRATOR])
    job = jobs.start("test.succeed", by=person)
    client.force_login(other)
    assert client.get(reverse("shared:job_download", args=[job.pk])).status_code == 403
    client.force_login(person)
    response = client.get(reverse("shared:job_download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"a,b\n"
    assert response["Cache-Control"] == "private, no-store"


def test_expired_files_are_removed():
    job = jobs.start("test.succeed")
    assert jobs.remove_expired(now=timezone.now() + timedelta(days=2)) == 1
    job.refresh_from_db()
    assert not job.file


def test_a_schedule_run_twice_in_one_period_enqueues_each_task_once():
    scheduling.register("test.nightly", schedule="daily", job="test.succeed")
    call_command("schedule_daily", stdout=open("/dev/null", "w"))
    call_command("schedule_daily", stdout=open("/dev/null", "w"))
    assert ScheduledRun.objects.filter(task="test.nightly").count() == 1
    assert calls == ["ran"]


def test_periods_are_days_hours_and_five_minutes_in_london_time():
    moment = timezone.make_aware(timezone.datetime(2026, 7, 1, 23, 37))
    assert scheduling.period_of("daily", moment) == "2026-07-01"
    assert scheduling.period_of("hourly", moment) == "2026-07-01T23"
    assert scheduling.period_of("often", moment) == "2026-07-01T23:35"


def test_the_nightly_housekeeping_removes_expired_files_and_old_records():
    job = jobs.start("test.succeed")
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    tidy = jobs.start("shared.housekeeping")
    tidy.refresh_from_db()
    job.refresh_from_db()
    assert tidy.state == Job.State.SUCCEEDED and not job.file
