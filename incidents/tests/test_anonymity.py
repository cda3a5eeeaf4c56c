"""An anonymous report leaves no trace of its reporter: not in the record, its history, the access log, the
session, the emails or the log output, even when they were signed in while reporting and replying."""

import logging
import re
from datetime import datetime, time
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from incidents.anonymity import history_without_request
from incidents.models import ChecklistItem, Incident, IncidentAccess, Message, Mode
from organisation.tests.factories import UserFactory
from shared import scheduling
from shared.roles import Role

from .factories import ANONYMOUS_KEY, AnonymousIncidentFactory, AssignedIncidentFactory
from .helpers import report_data

pytestmark = pytest.mark.django_db

KEY_PATTERN = re.compile(r'id="secret-key">([A-Z0-9-]+)<')
REFERENCE_PATTERN = re.compile(r'id="reference">(INC-[A-Z0-9-]+)<')


@pytest.fixture
def reporter():
    return UserFactory(
        username="sky.reporter",
        first_name="Skylar",
        last_name="Quennell",
        email="skylar.q@example.org",
        roles=[Role.STAFF, Role.INCIDENT_HANDLER],
    )


def identifiers(person) -> list[str]:
    return [person.username, person.email, person.first_name, person.last_name, person.get_full_name()]


def session_row(client):
    row = Session.objects.get(session_key=client.session.session_key)
    return row.session_data, row.expire_date


def report_anonymously(client) -> tuple[Incident, str]:
    response = client.post(reverse("incidents:report_anonymous"), report_data())
    assert response.status_code == 200
    html = response.content.decode()
    reference = REFERENCE_PATTERN.search(html).group(1)
    return Incident.objects.get(reference=reference), KEY_PATTERN.search(html).group(1)


class Everything(logging.Handler):
    """Every log record, at every level, from every logger, as it would be written out."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_output():
    handler, root = Everything(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def signed_in_report(client, reporter, log_output):
    """The reporter, signed in, reports anonymously, checks it and replies, and the hourly emails go out."""
    client.force_login(reporter)
    before = session_row(client)
    incident, key = report_anonymously(client)
    client.post(reverse("incidents:check"), {"reference": incident.reference, "key": key})
    client.post(reverse("incidents:check_reply"), {"reference": incident.reference, "key": key, "text": "Any news?"})
    UserFactory(roles=[Role.SAFEGUARDING_LEAD], email="lead@example.org")
    scheduling.enqueue_due("hourly")
    return {"incident": incident, "key": key, "session_before": before, "log": log_output}


def test_the_record_does_not_link_to_the_signed_in_reporter(signed_in_report, reporter):
    incident = signed_in_report["incident"]
    assert incident.mode == Mode.ANONYMOUS and incident.reporter_id is None
    values = " ".join(str(v) for v in Incident.objects.filter(pk=incident.pk).values().get().values())
    assert not any(word in values for word in identifiers(reporter))
    assert not reporter.incident_reports.exists()


def test_no_history_record_names_the_reporter(signed_in_report, reporter):
    incident = signed_in_report["incident"]
    records = list(Incident.history.filter(id=incident.pk)) + list(
        ChecklistItem.history.filter(incident_id=incident.pk)
    )
    assert records
    assert all(record.history_user_id is None for record in records)


def test_the_report_is_dated_to_the_day_only_so_it_cannot_be_matched_to_other_records_by_time(signed_in_report):
    incident = signed_in_report["incident"]
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    assert incident.created_at == midnight
    assert {r.history_date for r in Incident.history.filter(id=incident.pk)} == {midnight}
    assert {m.created_at for m in Message.objects.filter(incident=incident)} == {midnight}


def test_the_access_log_does_not_name_the_reporter(signed_in_report, reporter):
    entries = IncidentAccess.objects.filter(incident=signed_in_report["incident"])
    assert entries.exists()  # the key check is logged, as the reporter, unnamed
    assert not entries.filter(user=reporter).exists()
    assert not any(word in entry.who for entry in entries for word in identifiers(reporter))


def test_the_reply_is_stored_without_an_author(signed_in_report):
    message = Message.objects.get(incident=signed_in_report["incident"])
    assert message.from_reporter and message.author_id is None


def test_the_session_is_not_changed_by_reporting_checking_or_replying(signed_in_report, client):
    assert session_row(client) == signed_in_report["session_before"]


def test_no_email_mentions_the_reporter_or_the_incident(signed_in_report, reporter):
    assert mail.outbox, "the safeguarding lead is told a new incident is waiting"
    incident = signed_in_report["incident"]
    for message in mail.outbox:
        text = message.subject + message.body + " ".join(message.to)
        assert not any(word in text for word in identifiers(reporter))
        assert incident.reference not in text and incident.what_happened not in text


def test_no_log_output_mentions_the_reporter(signed_in_report, reporter):
    text = "\n".join(signed_in_report["log"])
    assert not any(word in text for word in identifiers(reporter))


def test_the_secret_key_is_stored_nowhere_in_the_database(signed_in_report):
    out = StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    key = signed_in_report["key"]
    assert key not in dump and key.replace("-", "") not in dump


def test_signed_out_people_can_report_anonymously(client):
    incident, key = report_anonymously(client)
    assert incident.mode == Mode.ANONYMOUS and len(key.replace("-", "")) == 20


def test_the_receipt_with_the_key_is_never_cached(client):
    response = client.post(reverse("incidents:report_anonymous"), report_data())
    assert "no-store" in response["Cache-Control"]


# The history middleware: django-simple-history puts each request on a thread-local to name the signed-in user.


def _request_by(user):
    request = RequestFactory().post("/incidents/report/anonymous/")
    request.user = user
    return request


def test_history_names_the_requests_user_when_a_save_forgets_to_set_one(reporter):
    """The control: without the guard, the middleware's request would name the person."""
    incident = AssignedIncidentFactory()
    HistoricalRecords.context.request = _request_by(reporter)
    try:
        incident.location = "Office"
        incident.save()
    finally:
        del HistoricalRecords.context.request
    assert incident.history.first().history_user_id == reporter.pk


def test_while_reporting_anonymously_the_middleware_cannot_name_the_person(reporter):
    incident = AssignedIncidentFactory()
    HistoricalRecords.context.request = _request_by(reporter)
    try:
        with history_without_request():
            incident.location = "Office"
            incident.save()  # no _history_user set: only the guard keeps the person out
        assert HistoricalRecords.context.request.user == reporter, "the request is put back afterwards"
    finally:
        del HistoricalRecords.context.request
    assert incident.history.first().history_user_id is None


def test_through_the_middleware_a_signed_in_anonymous_report_records_no_history_user(client, reporter):
    client.force_login(reporter)
    incident, _ = report_anonymously(client)
    assert not Incident.history.filter(id=incident.pk, history_user__isnull=False).exists()


def test_the_reporter_can_reply_by_key_while_signed_in_as_someone_else_and_is_not_recorded(client, reporter):
    incident = AnonymousIncidentFactory()
    client.force_login(reporter)
    response = client.post(
        reverse("incidents:check_reply"), {"reference": incident.reference, "key": ANONYMOUS_KEY, "text": "Hello"}
    )
    assert response.status_code == 200
    assert Message.objects.get(incident=incident).author_id is None
    assert not IncidentAccess.objects.filter(user=reporter).exists()
