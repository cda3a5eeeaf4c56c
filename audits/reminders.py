"""Chasing the audit programme: one email a week per auditor listing their overdue and soon-due lines.

A daily scheduled job (shared.scheduling) runs `remind`; shared.notifications.send_once keys each email on the
week (or the month, for people who asked for monthly reminders), so running it every day sends nothing more.
The email names only the auditor's own programme lines and a link: no case references, no findings.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from shared.jobs import Outcome
from shared.models import ReminderPreference
from shared.notifications import frequency_for, send_once

from .selectors import programme_rows

KIND = "audits.programme"


def period_key(today: date, frequency: str) -> str:
    if frequency == ReminderPreference.Frequency.MONTHLY:
        return today.strftime("%Y-%m")
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def remind(job=None, progress=None, *, today: date | None = None) -> Outcome:
    """Email each auditor with overdue or soon-due programme lines, at most once a week (or month) each."""
    today = today or timezone.localdate()
    rows_by_auditor = defaultdict(list)
    for row in programme_rows(today=today):
        if row.overdue or row.due_soon:
            rows_by_auditor[row.entry.auditor].append(row)
    sent = 0
    base = settings.SITE_URL.rstrip("/")
    for index, (auditor, rows) in enumerate(sorted(rows_by_auditor.items(), key=lambda pair: pair[0].pk), start=1):
        if progress is not None:
            progress(index - 1, len(rows_by_auditor), "Sending audit programme reminders")
        frequency = frequency_for(auditor, KIND)
        if frequency == ReminderPreference.Frequency.NEVER:
            continue
        lines = []
        for row in rows:
            state = f"{row.days_overdue} days overdue" if row.overdue else f"due {row.entry.due_by:%d/%m/%Y}"
            lines.append(
                f"- {row.entry.template.name}, {row.entry.unit.name}: {row.done} of {row.entry.audits_due} done, "
                f"{state}"
            )
        overdue = sum(1 for row in rows if row.overdue)
        subject = (
            f"Audit programme: {overdue} line{'s' if overdue != 1 else ''} overdue"
            if overdue
            else "Audit programme: audits due soon"
        )
        body = "\n".join(
            [
                f"Hello {auditor.first_name or auditor.username},",
                "",
                "These lines of the audit programme are yours and are overdue or due in the next two weeks:",
                "",
                *lines,
                "",
                f"Your audits: {base}{reverse('audits:home')}",
                "",
                f"Choose how often you get these emails: {base}{reverse('shared:reminders')}",
            ]
        )
        if send_once(recipient=auditor, kind=KIND, key=period_key(today, frequency), subject=subject, body=body):
            sent += 1
    return Outcome(result={"sent": sent, "auditors": len(rows_by_auditor)})
