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
