"""Many people at once: twenty leads posting progress on one action at the same moment all get their update stored.

Needs PostgreSQL's row locks under real concurrency (threads, each with its own connection); CI runs it there.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from organisation.tests.factories import LeadFactory, UserFactory
from plans.models import ProgressUpdate
from shared.roles import Role

from .factories import ActionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks under real concurrency"),
]


def test_twenty_simultaneous_progress_updates_are_all_stored():
    leads = [UserFactory(roles=[Role.ACTION_LEAD]) for _ in range(20)]
    action = ActionFactory(leads=[LeadFactory(user=user) for user in leads])
    from shared.stale import sign_base

    form = {
        "progress-version": action.version,
        "progress-base": sign_base({"status": action.status}),
        "progress-status": action.status,
    }
    start = threading.Barrier(len(leads))
    statuses = []

    def post(user, n):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            response = client.post(
                reverse("plans:action_update", args=[action.pk]), {**form, "progress-text": f"Update {n}"}
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(user, n)) for n, user in enumerate(leads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 20
    assert sorted(ProgressUpdate.objects.filter(action=action).values_list("text", flat=True)) == sorted(
        f"Update {n}" for n in range(20)
    )


def test_postgresql_cancels_a_query_that_runs_longer_than_the_statement_timeout(settings):
    from django.db import OperationalError, transaction

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"
    with pytest.raises(OperationalError, match="statement timeout"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 100")  # the same mechanism, quicker to prove
            cursor.execute("SELECT pg_sleep(2)")


def test_a_job_left_behind_by_a_killed_worker_is_done_by_the_next_worker(tmp_path):
    """A worker process dies mid-export (its job is 'running', its heartbeat old); a real worker started
    afterwards, in its own process on the same database, recovers the job and finishes it."""
    import os
    import subprocess
    import sys
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from shared.models import Job

    action = ActionFactory()
    long_ago = timezone.now() - timedelta(minutes=30)
    job = Job.objects.create(
        kind="plans.export",
        title="Preparing the plan",
        state=Job.State.RUNNING,
        attempts=1,
        max_attempts=3,
        started_at=long_ago,
        heartbeat_at=long_ago,
        params={"plan_id": action.plan_id, "fmt": "csv", "today": timezone.localdate().isoformat()},
    )
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch", "--interval", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
    assert job.file.read().decode("utf-8-sig").startswith("Goal,Reference")


def test_refreshing_colours_takes_the_rows_nobody_holds_and_never_waits_for_a_save_in_progress():
    """Every save refreshes after its commit; refreshes side by side once deadlocked under load."""
    from django.db import transaction

    from plans import colours
    from plans.models import Action

    held, others = ActionFactory(code="1"), [ActionFactory(code=f"{n}") for n in range(2, 5)]
    Action.objects.update(colour_on=None)
    locked, release = threading.Event(), threading.Event()

    def hold_a_row():
        try:
            with transaction.atomic():
                Action.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_a_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert colours.refresh() == len(others)  # returns at once: without skipping, it would wait on `held`
    finally:
        release.set()
        holder.join()
    assert Action.objects.get(pk=held.pk).colour_on is None
    assert all(a.colour_on is not None for a in Action.objects.filter(pk__in=[o.pk for o in others]))
    assert colours.refresh() == 1
