"""Reminders: one digest per lead per run, each action at each step of its schedule once, nothing sensitive."""

import smtplib
from datetime import date, timedelta

import django.core.mail as django_mail
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from organisation.tests.factories import LeadFactory, UserFactory
from plans import reminders
from shared import notifications
from shared.models import ReminderPreference, SentNotification
from shared.roles import Role

from .factories import ActionFactory, GoalFactory, OverdueActionFactory, PlanFactory, StaleActionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture
def lead():
    return UserFactory(roles=[Role.ACTION_LEAD], email="lee@example.org")


def led(user, factory=ActionFactory, **fields):
    from organisation.models import Lead

    lead = Lead.objects.filter(user=user).first() or LeadFactory(user=user)
    return factory(leads=[lead], **fields)


def run_twice():
    call_command("schedule_daily", stdout=open("/dev/null", "w"))
    call_command("schedule_daily", stdout=open("/dev/null", "w"))


@freeze_time(TODAY)
def test_two_runs_of_the_reminder_command_on_the_same_day_send_each_email_once(lead):
    led(lead, OverdueActionFactory, title="Publish the recruitment protocol")
    run_twice()
    digests = [m for m in mail.outbox if m.to == ["lee@example.org"]]
    assert len(digests) == 1
    assert "Publish the recruitment protocol" in digests[0].body and "overdue by 1 day" in digests[0].body


def run_the_job():
    """The reminder task itself, as a worker runs it, without schedule_daily's once-a-day guard."""
    return reminders.send_reminders(None, lambda *args, **kwargs: None)


@freeze_time(TODAY)
def test_running_the_reminder_job_itself_twice_on_the_same_day_sends_each_email_once_and_reaches_everyone(lead):
    other = UserFactory(roles=[Role.ACTION_LEAD], email="ola@example.org")
    owner = UserFactory(roles=[Role.PLAN_OWNER], email="olu@example.org")
    plan = PlanFactory(owners=[owner])
    led(lead, OverdueActionFactory, title="Publish the recruitment protocol", plan=plan, goal=GoalFactory(plan=plan))
    run_the_job()
    # By hand, later the same day: both leads now have something new, the first has already had today's digest.
    new = led(lead, OverdueActionFactory, title="Train the recruiting managers")
    led(other, OverdueActionFactory, title="Review the exit interviews")
    outcome = run_the_job()

    def sent_to(address):
        return [m for m in mail.outbox if m.to == [address]]

    assert len(sent_to("lee@example.org")) == 1
    assert "Train the recruiting managers" not in sent_to("lee@example.org")[0].body
    assert len(sent_to("olu@example.org")) == 1
    assert len(sent_to("ola@example.org")) == 1 and "Review the exit interviews" in sent_to("ola@example.org")[0].body
    assert SentNotification.objects.filter(recipient=lead, kind=reminders.LEAD_DIGEST).count() == 1
    assert "Sent 1 reminder email" in outcome.result["message"]
    # The new action was not recorded as told, so the lead hears of it on the next day the schedule allows.
    assert not SentNotification.objects.filter(recipient=lead, kind=reminders.ITEM, key__startswith=f"action:{new.pk}:")


@freeze_time(TODAY)
def test_one_persons_mail_failing_is_logged_and_everyone_else_still_gets_theirs(lead, monkeypatch, caplog):
    other = UserFactory(roles=[Role.ACTION_LEAD], email="ola@example.org")
    owner = UserFactory(roles=[Role.PLAN_OWNER], email="olu@example.org")
    plan = PlanFactory(owners=[owner])
    led(lead, OverdueActionFactory, plan=plan, goal=GoalFactory(plan=plan))
    led(other, OverdueActionFactory)
    real_send_mail = django_mail.send_mail

    def failing_for_lee(subject, body, sender, recipients, **kwargs):
        if recipients == ["lee@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"lee@example.org": (550, b"No such mailbox")})
        return real_send_mail(subject, body, sender, recipients, **kwargs)

    monkeypatch.setattr(django_mail, "send_mail", failing_for_lee)
    outcome = run_the_job()

    assert sorted(m.to[0] for m in mail.outbox) == ["ola@example.org", "olu@example.org"]
    assert "1 could not be sent" in outcome.result["message"]
    assert any("reminder" in r.getMessage().lower() and r.levelname == "ERROR" for r in caplog.records)
    # Nothing is recorded for the email that failed, so the next run tries it again.
    assert not SentNotification.objects.filter(recipient=lead, kind=reminders.LEAD_DIGEST).exists()
    monkeypatch.setattr(django_mail, "send_mail", real_send_mail)
    run_the_job()
    assert [m.to for m in mail.outbox].count(["lee@example.org"]) == 1


@freeze_time(TODAY)
def test_an_overdue_action_is_mentioned_on_day_one_day_seven_then_monthly(lead):
    action = led(lead, OverdueActionFactory, due_date=TODAY - timedelta(days=1))
    told = []
    for offset in range(0, 70):
        day = TODAY + timedelta(days=offset)
        with freeze_time(day):
            if reminders.send_lead_digest(lead, today=day):
                told.append((day - action.due_date).days)
    assert told == [1, 7, 37, 67]


@freeze_time(TODAY)
def test_a_digest_names_only_the_leads_own_actions_and_links(lead):
    led(lead, StaleActionFactory, title="Mine")
    OverdueActionFactory(title="Someone else's action")
    reminders.send_lead_digest(lead, today=TODAY)
    body = mail.outbox[0].body
    assert "Mine" in body and "Someone else" not in body and "/plans/actions/" in body


@freeze_time(TODAY)
def test_a_lead_who_chose_never_gets_nothing_and_weekly_gets_at_most_one_a_week(lead):
    led(lead, OverdueActionFactory)
    notifications.preference_set(person=lead, kind=reminders.LEAD_DIGEST, frequency=ReminderPreference.Frequency.NEVER)
    assert reminders.send_lead_digest(lead, today=TODAY) is False
    notifications.preference_set(person=lead, kind=reminders.LEAD_DIGEST, frequency=ReminderPreference.Frequency.WEEKLY)
    assert reminders.send_lead_digest(lead, today=TODAY) is True
    led(lead, OverdueActionFactory)
    assert reminders.send_lead_digest(lead, today=TODAY + timedelta(days=3)) is False


@freeze_time(TODAY)
def test_an_owner_gets_one_summary_a_week(lead):
    owner = UserFactory(roles=[Role.PLAN_OWNER], email="olu@example.org")
    plan = PlanFactory(owners=[owner])
    OverdueActionFactory(plan=plan, goal=GoalFactory(plan=plan))
    assert reminders.send_owner_summary(owner, today=TODAY) is True
    assert reminders.send_owner_summary(owner, today=TODAY + timedelta(days=1)) is False
    assert "1 red" in mail.outbox[0].body


@freeze_time(TODAY)
def test_the_action_page_and_my_actions_say_when_leads_were_reminded(client, lead):
    action = led(lead, OverdueActionFactory)
    reminders.send_lead_digest(lead, today=TODAY)
    client.force_login(lead)
    assert "Reminded on 30 November 2026" in client.get(reverse("plans:my_actions")).content.decode()
    assert (
        "reminded by email on 30 November 2026"
        in client.get(reverse("plans:action_detail", args=[action.pk])).content.decode()
    )


def test_each_person_chooses_how_often_in_their_reminder_settings(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("shared:reminders"), {reminders.LEAD_DIGEST: "monthly", reminders.OWNER_SUMMARY: "never"}
    )
    assert response.status_code == 302
    assert ReminderPreference.objects.get(person=lead, kind=reminders.LEAD_DIGEST).frequency == "monthly"
    assert SentNotification.objects.count() == 0
