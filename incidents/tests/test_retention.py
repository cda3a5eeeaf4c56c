"""Retention: closed incidents past their kind's period are anonymised by the daily task; free text, names,
messages and reporter links go (from history too); what trends count stays."""

from datetime import date

import pytest
from django.utils import timezone
from freezegun import freeze_time

from incidents.models import ChecklistItem, Incident, Kind, KindSetting, Message, Satisfaction, Status
from incidents.services import incident_anonymise
from incidents.services.retention import due_for_anonymising
from shared import scheduling

from .factories import AnonymousIncidentFactory, ClosedIncidentFactory, IncidentFactory, MessageFactory

pytestmark = pytest.mark.django_db

SECRET = "Mr Wellbeloved said it in front of the child"


def closed_on(day: date, **fields) -> Incident:
    incident = ClosedIncidentFactory(closed_on=day, what_happened=SECRET, affected_names="Child A", **fields)
    MessageFactory(incident=incident, text=SECRET)
    incident.checklist.update(note=SECRET)
    incident.location = SECRET
    incident._history_user = None
    incident.save()  # a history record holding the text
    return incident


@freeze_time("2030-06-01")
def test_a_closed_incident_past_its_retention_is_due_and_one_not_yet_past_is_not():
    old = closed_on(date(2024, 5, 31))  # six years and a day
    recent = closed_on(date(2024, 6, 2))
    IncidentFactory(received_on=date(2020, 1, 1))  # open: never anonymised
    assert list(due_for_anonymising()) == [old]
    assert recent not in due_for_anonymising()


@freeze_time("2030-06-01")
def test_each_kind_keeps_its_own_retention_period():
    KindSetting.objects.filter(kind=Kind.PARTNER).update(retention_years=3)
    partner = closed_on(date(2027, 5, 1), kind=Kind.PARTNER)
    staff = closed_on(date(2027, 5, 1), kind=Kind.TOWARDS_STAFF)
    assert list(due_for_anonymising()) == [partner] and staff.pk


@freeze_time("2030-06-01")
def test_anonymising_removes_text_names_messages_and_the_reporter_and_keeps_what_is_counted():
    incident = closed_on(date(2024, 1, 1), satisfaction=Satisfaction.PARTLY)
    before = Incident.objects.get(pk=incident.pk)
    incident_anonymise(incident=incident)
    after = Incident.objects.get(pk=incident.pk)
    assert after.anonymised_on == date(2030, 6, 1)
    assert (after.what_happened, after.location, after.affected_names, after.outcome_summary) == ("", "", "", "")
    assert after.reporter_id is None and after.handler_id is None
    assert not Message.objects.filter(incident=incident).exists()
    assert (
        not ChecklistItem.objects.filter(incident=incident)
        .exclude(note="")
        .exclude(state=ChecklistItem.State.NOT_APPLICABLE)
        .exists()
    )
    for field in ("kind", "service_id", "status", "received_on", "closed_on", "outcome", "satisfaction", "stage"):
        assert getattr(after, field) == getattr(before, field), field
    assert list(after.categories.all()) == list(before.categories.all())


@freeze_time("2030-06-01")
def test_no_history_record_keeps_the_removed_text():
    incident = closed_on(date(2024, 1, 1))
    incident_anonymise(incident=incident)
    for record in Incident.history.filter(id=incident.pk):
        assert SECRET not in (record.what_happened + record.location)
    assert not ChecklistItem.history.filter(incident_id=incident.pk, note__contains="Wellbeloved").exists()


@freeze_time("2030-06-01")
def test_an_anonymous_reports_key_stops_working_once_anonymised():
    incident = AnonymousIncidentFactory(status=Status.CLOSED, closed_on=date(2024, 1, 1))
    incident_anonymise(incident=incident)
    assert Incident.objects.get(pk=incident.pk).reporter_key_hash == ""


@freeze_time("2030-06-01 02:00")
def test_the_daily_schedule_runs_the_retention_task_once():
    incident = closed_on(date(2024, 1, 1))
    scheduling.enqueue_due("daily")
    scheduling.enqueue_due("daily")
    assert Incident.objects.get(pk=incident.pk).anonymised_on == timezone.localdate()
