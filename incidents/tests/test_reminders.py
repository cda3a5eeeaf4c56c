"""Reminders: handlers are told about new work and deadlines through the schedules, once each, in emails that
say nothing about the incident."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from incidents import reminders
from incidents.models import Deadline
from organisation.tests.factories import UserFactory
from shared import scheduling
from shared.roles import Role

from .factories import AnonymousIncidentFactory, AssignedIncidentFactory, IncidentFactory, OverdueIncidentFactory

pytestmark = pytest.mark.django_db


def run(schedule: str, when=None):
    scheduling.enqueue_due(schedule, now=when)


def test_a_handler_is_told_once_they_have_a_new_incident_to_review_with_a_link_and_nothing_else():
    incident = AssignedIncidentFactory(what_happened="A parent used a slur at Mrs Ashdown-Pike.")
    run("hourly")
    run("hourly", timezone.now() + timedelta(hours=1))
    (email,) = [m for m in mail.outbox if incident.handler.email in m.to]
    assert email.subject == "You have a new incident to review"
    assert reverse("incidents:detail", args=[incident.pk]) in email.body
    assert "Ashdown-Pike" not in email.body and incident.reference not in email.body + email.subject


def test_safeguarding_leads_are_told_a_new_report_is_waiting_to_be_assigned():
    lead = UserFactory(roles=[Role.SAFEGUARDING_LEAD])
    IncidentFactory()
    run("hourly")
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_a_reporters_message_is_passed_on_to_the_handler():
    incident = AssignedIncidentFactory()
    from incidents.services import message_from_reporter

    message_from_reporter(incident=incident, text="I have remembered something else.")
    reminders.notify_handlers(None, None)
    subjects = [m.subject for m in mail.outbox if incident.handler.email in m.to]
    assert reminders.MESSAGE_SUBJECT in subjects
    assert all("remembered" not in m.body for m in mail.outbox)


def test_a_deadline_due_soon_and_then_overdue_is_chased_once_each():
    incident = AssignedIncidentFactory()
    deadline = incident.deadlines.get(step=Deadline.Step.ACKNOWLEDGE)
    deadline.due_on = timezone.localdate()
    deadline.save()
    reminders.chase_deadlines(None, None)
    reminders.chase_deadlines(None, None)
    assert [m.subject for m in mail.outbox] == [reminders.DEADLINE_SUBJECT]
    mail.outbox.clear()
    overdue = OverdueIncidentFactory()
    reminders.chase_deadlines(None, None)
    assert [m.to for m in mail.outbox] == [[overdue.handler.email]]
    assert mail.outbox[0].subject == reminders.OVERDUE_SUBJECT


def test_an_anonymous_reports_notification_names_nobody():
    UserFactory(roles=[Role.SAFEGUARDING_LEAD])
    incident = AnonymousIncidentFactory()
    run("hourly")
    assert mail.outbox and incident.reference not in mail.outbox[0].body
