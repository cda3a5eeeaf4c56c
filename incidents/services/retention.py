"""Retention: closed incidents past their kind's retention period are anonymised by a daily task.

Free text, names, messages and the link to the reporter go, in the record and in its history; what trends and
reviews count stays (kind, service, categories, partner agency, dates, status, outcome, satisfaction, deadlines),
so the figures for past years do not change. docs/data-protection.md gives the schedule.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..deadlines import setting_for
from ..models import AccessGrant, ChecklistItem, Deadline, Incident, Kind, Status

REMOVED = "Removed after the retention period."


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def due_for_anonymising(*, today: date | None = None):
    """Closed incidents whose kind's retention period has passed since they closed, not yet anonymised."""
    today = today or timezone.localdate()
    found = Incident.objects.none()
    for kind in Kind:
        cutoff = years_before(today, setting_for(kind).retention_years)
        found = found | Incident.objects.filter(
            kind=kind, status=Status.CLOSED, closed_on__lt=cutoff, anonymised_on__isnull=True
        )
    return found.order_by("pk")


@transaction.atomic
def incident_anonymise(*, incident: Incident, today: date | None = None) -> Incident:
    """Remove everything that could identify anyone from one closed incident, its history included."""
    today = today or timezone.localdate()
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.status != Status.CLOSED or locked.anonymised_on is not None:
        raise ValidationError("Only closed incidents not yet anonymised can be anonymised.")
    locked.messages.all().delete()
    items = ChecklistItem.objects.filter(incident=locked)
    items.exclude(state=ChecklistItem.State.NOT_APPLICABLE).update(note="", recorded_by=None, lado_referred=None)
    items.filter(state=ChecklistItem.State.NOT_APPLICABLE).update(note=REMOVED, recorded_by=None)
    ChecklistItem.history.filter(incident_id=locked.pk).delete()
    locked.status_changes.update(reason="", by=None)
    Deadline.objects.filter(incident=locked).exclude(extension_reason="").update(
        extension_reason=REMOVED, extended_by=None
    )
    AccessGrant.objects.filter(incident=locked).update(reason=REMOVED)
    Incident.history.filter(id=locked.pk).delete()
    locked.location = locked.affected_names = locked.what_happened = locked.statement = locked.outcome_summary = ""
    locked.reporter, locked.reporter_key_hash, locked.handler = None, "", None
    locked.anonymised_on = today
    locked._history_user = None
    locked._change_reason = "Anonymised after its retention period"
    locked.save()
    return locked


def anonymise_due(*, today: date | None = None, progress=None) -> int:
    """Anonymise every incident due; each in its own transaction, so one failure does not undo the others."""
    due = list(due_for_anonymising(today=today).values_list("pk", flat=True))
    for done, pk in enumerate(due, start=1):
        incident_anonymise(incident=Incident(pk=pk), today=today)
        if progress is not None:
            progress(done, len(due), "Anonymising incidents past their retention period")
    return len(due)
