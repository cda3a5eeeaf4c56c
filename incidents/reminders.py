"""Emails that chase handlers, sent by scheduled jobs through shared.notifications.send_once (never twice).

They carry no incident content (no reference, no kind, no names): only that there is something to look at and
a link to it, which opens only for someone allowed to read it. They go out from the hourly and daily schedules,
never from the request that made the report, so their time says little about when a report was made.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from organisation.models import User
from shared import jobs, workdays
from shared.notifications import send_once
from shared.roles import Role

from .deadlines import due_soon_cutoff
from .models import Deadline, Incident, Message, Status

KIND_NEW = "incidents.new"
KIND_ASSIGNED = "incidents.assigned"
KIND_MESSAGE = "incidents.message"
KIND_DEADLINE = "incidents.deadline"

NEW_SUBJECT = "You have a new incident to review"
MESSAGE_SUBJECT = "You have a new message on an incident"
DEADLINE_SUBJECT = "An incident you handle has a deadline coming up"
OVERDUE_SUBJECT = "An incident you handle is past its deadline"


def link(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _body(opening: str, path: str) -> str:
    return (
        f"{opening}\n\n{link(path)}\n\n"
        "Sign in to read it. This email does not say anything about the incident, so that nothing sensitive is "
        "kept in email."
    )


def safeguarding_leads() -> list[User]:
    return list(User.objects.filter(groups__name=Role.SAFEGUARDING_LEAD.value, is_active=True).distinct())


def notify_handlers(job, progress) -> jobs.Outcome:
    """New reports to safeguarding leads (who triage), assignments to handlers, reporters' messages to handlers."""
    sent = 0
    leads = safeguarding_leads()
    triage_path = reverse("incidents:list") + "?status=new"
    for incident in Incident.objects.filter(status=Status.NEW, anonymised_on__isnull=True).only("pk"):
        for lead in leads:
            sent += send_once(
                recipient=lead,
                kind=KIND_NEW,
                key=f"incident:{incident.pk}",
                subject=NEW_SUBJECT,
                body=_body("A new incident has been reported and is waiting to be assigned.", triage_path),
            )
    assigned = Incident.objects.filter(status=Status.ASSIGNED, handler__isnull=False).select_related("handler")
    for incident in assigned:
        sent += send_once(
            recipient=incident.handler,
            kind=KIND_ASSIGNED,
            key=f"incident:{incident.pk}:handler:{incident.handler_id}",
            subject=NEW_SUBJECT,
            body=_body("You have a new incident to review.", reverse("incidents:detail", args=[incident.pk])),
        )
    since = timezone.now() - timedelta(days=7)
    messages = Message.objects.filter(from_reporter=True, created_at__gte=since).select_related("incident__handler")
    for message in messages:
        incident = message.incident
        recipients = [incident.handler] if incident.handler_id else leads
        for person in recipients:
            sent += send_once(
                recipient=person,
                kind=KIND_MESSAGE,
                key=f"message:{message.pk}",
                subject=MESSAGE_SUBJECT,
                body=_body(
                    "The person who reported an incident has sent a message.",
                    reverse("incidents:detail", args=[incident.pk]) + "#messages",
                ),
            )
    return jobs.Outcome(result={"sent": sent})


def chase_deadlines(job, progress) -> jobs.Outcome:
    """Each open deadline due soon, and again once overdue, to its incident's handler: once each."""
    today = timezone.localdate()
    soon = due_soon_cutoff(today, workdays.calendar())
    due = (
        Deadline.objects.filter(met_on__isnull=True, due_on__lte=soon, incident__handler__isnull=False)
        .filter(~Q(incident__status=Status.CLOSED))
        .select_related("incident__handler")
    )
    sent = 0
    for deadline in due:
        overdue = deadline.due_on < today
        sent += send_once(
            recipient=deadline.incident.handler,
            kind=KIND_DEADLINE,
            key=f"deadline:{deadline.pk}:{deadline.due_on.isoformat()}:{'overdue' if overdue else 'soon'}",
            subject=OVERDUE_SUBJECT if overdue else DEADLINE_SUBJECT,
            body=_body(
                "An incident you handle is past one of its deadlines."
                if overdue
                else "An incident you handle has a deadline in the next two working days.",
                reverse("incidents:detail", args=[deadline.incident_id]),
            ),
        )
    return jobs.Outcome(result={"sent": sent})


def apply_retention(job, progress) -> jobs.Outcome:
    """The daily retention task: anonymise what is due, forget old failed key checks."""
    from .services import anonymise_due, remove_old_key_failures

    anonymised = anonymise_due(progress=progress)
    forgotten = remove_old_key_failures()
    return jobs.Outcome(result={"anonymised": anonymised, "failed_checks_removed": forgotten})
