"""The audit programme is chased: one email a week per auditor with overdue or soon-due lines, nothing else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from audits import reminders
from shared import jobs, scheduling
from shared.models import ReminderPreference

from .factories import AuditorFactory, OverdueProgrammeEntryFactory, ProgrammeEntryFactory, SubmittedAuditFactory

pytestmark = pytest.mark.django_db


def test_an_auditor_with_an_overdue_line_is_sent_one_email_listing_it():
    entry = OverdueProgrammeEntryFactory()
    reminders.remind()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [entry.auditor.email]
    assert "1 line overdue" in email.subject
    assert f"{entry.template.name}, {entry.unit.name}: 0 of 2 done, 10 days overdue" in email.body


def test_lines_due_soon_are_included_and_lines_due_later_are_not():
    auditor = AuditorFactory()
    soon = ProgrammeEntryFactory(auditor=auditor, due_by=timezone.localdate() + timedelta(days=5))
    later = ProgrammeEntryFactory(auditor=auditor, due_by=timezone.localdate() + timedelta(days=60))
    reminders.remind()
    body = mail.outbox[0].body
    assert soon.unit.name in body and later.unit.name not in body
    assert mail.outbox[0].subject == "Audit programme: audits due soon"


def test_a_complete_line_is_not_chased():
    entry = OverdueProgrammeEntryFactory(audits_due=1)
    SubmittedAuditFactory(
        programme_entry=entry,
        template=entry.template,
        unit=entry.unit,
        auditor=entry.auditor,
        audit_date=entry.starts_on,
    )
    reminders.remind()
    assert mail.outbox == []


def test_running_every_day_sends_once_a_week():
    OverdueProgrammeEntryFactory()
    with freeze_time("2026-11-30"):  # a Monday
        reminders.remind()
        reminders.remind()
    with freeze_time("2026-12-04"):
        reminders.remind()
    with freeze_time("2026-12-07"):
        reminders.remind()
    assert len(mail.outbox) == 2


def test_someone_who_asked_for_no_reminders_gets_none():
    entry = OverdueProgrammeEntryFactory()
    ReminderPreference.objects.create(
        person=entry.auditor, kind=reminders.KIND, frequency=ReminderPreference.Frequency.NEVER
    )
    reminders.remind()
    assert mail.outbox == []


def test_the_email_names_no_audit_subject():
    entry = OverdueProgrammeEntryFactory(audits_due=3)
    SubmittedAuditFactory(
        programme_entry=entry,
        template=entry.template,
        unit=entry.unit,
        auditor=entry.auditor,
        audit_date=entry.starts_on,
        subject_reference="CF-2026-0001",
    )
    reminders.remind()
    assert "CF-2026-0001" not in mail.outbox[0].body


def test_the_reminder_is_a_daily_scheduled_job():
    assert "audits.remind_programme" in [task.name for task in scheduling.tasks_for("daily")]
    OverdueProgrammeEntryFactory()
    job = jobs.start("audits.remind_programme", params={})
    job.refresh_from_db()
    assert (job.state, job.result) == ("succeeded", {"sent": 1, "auditors": 1})


def test_an_auditor_chooses_monthly_programme_reminders_on_the_reminder_settings_page(client):
    from django.urls import reverse

    auditor = AuditorFactory()
    client.force_login(auditor)
    page = client.get(reverse("shared:reminders")).content.decode()
    assert "Reminders about your audit programme" in page
    assert client.post(reverse("shared:reminders"), {reminders.KIND: "monthly"}).status_code == 302
    assert ReminderPreference.objects.get(person=auditor, kind=reminders.KIND).frequency == "monthly"
    assert not ReminderPreference.objects.exclude(kind=reminders.KIND).exists(), "kinds left out keep their choice"


def test_the_email_links_to_the_auditors_list_and_their_reminder_settings(settings):
    settings.SITE_URL = "https://plans.example.org"
    OverdueProgrammeEntryFactory()
    reminders.remind()
    body = mail.outbox[0].body
    assert "https://plans.example.org/audits/" in body and "https://plans.example.org/account/reminders/" in body
