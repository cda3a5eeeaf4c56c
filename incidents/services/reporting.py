"""Reporting an incident (named, confidential or anonymous) and the reporter's side afterwards: status and messages.

An anonymous report is made by `incident_report_anonymously`, which takes no `by`: nothing about the person
reaches it, so nothing can be stored. It also keeps django-simple-history away from the request
(incidents.anonymity) and records the report's time only to the day, so it cannot be set against the time of
anything else the person did in the app.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from organisation.models import Unit
from shared import workdays
from shared.history import m2m_batch

from .. import deadlines, keys
from ..anonymity import history_without_request
from ..checklists import steps_for
from ..models import (
    Affected,
    Category,
    ChecklistItem,
    Deadline,
    Incident,
    KeyCheckFailure,
    Kind,
    Message,
    Mode,
    PartnerAgency,
    Status,
    Step,
)

MESSAGE_MAX_CHARS = 5000


@dataclass(frozen=True)
class Receipt:
    """What the reporter is shown once: the reference, and for an anonymous report the secret key (never stored)."""

    incident: Incident
    key: str = ""


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _check(
    *,
    kind: str,
    occurred_on: date | None,
    service: Unit | None,
    categories: Iterable[Category],
    affected: Iterable[str],
    partner_agency: PartnerAgency | None,
    what_happened: str,
    statement: str,
    statement_copy_given: bool | None,
    today: date,
) -> None:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = "Choose what happened."
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened, for example 27/3/2026."
    elif occurred_on > today:
        errors["occurred_on"] = "The date it happened must be today or in the past."
    if service is None:
        errors["service"] = "Choose the service it happened in."
    if not list(categories):
        errors["categories"] = "Choose at least one kind of racism."
    if set(affected) - set(Affected.values):
        errors["affected"] = "Choose who was affected from the list."
    if kind == Kind.PARTNER and partner_agency is None:
        errors["partner_agency"] = "Choose the partner agency."
    if not what_happened.strip():
        errors["what_happened"] = "Enter what happened."
    if kind == Kind.DISCLOSURE:
        if not statement.strip():
            errors["statement"] = "Enter the statement in the person's own words."
        if statement_copy_given is None:
            errors["statement_copy_given"] = "Say whether the person was given a copy of the statement."
    if errors:
        raise ValidationError(errors)


def _unique_reference() -> str:
    for _ in range(10):
        reference = keys.new_reference()
        if not Incident.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find a free incident reference")  # 31**8 of them: never in practice


def _create(
    *,
    mode: str,
    reporter,
    kind: str,
    occurred_on: date,
    location: str,
    service: Unit,
    categories: Iterable[Category],
    affected: Iterable[str],
    affected_names: str,
    partner_agency: PartnerAgency | None,
    what_happened: str,
    statement: str,
    statement_copy_given: bool | None,
    restorative_requested: bool,
    today: date | None,
) -> Receipt:
    today = today or timezone.localdate()
    categories, affected = list(categories), list(dict.fromkeys(affected))
    _check(
        kind=kind,
        occurred_on=occurred_on,
        service=service,
        categories=categories,
        affected=affected,
        partner_agency=partner_agency,
        what_happened=what_happened,
        statement=statement,
        statement_copy_given=statement_copy_given,
        today=today,
    )
    disclosure = kind == Kind.DISCLOSURE
    incident = Incident(
        reference=_unique_reference(),
        kind=kind,
        mode=mode,
        reporter=reporter,
        occurred_on=occurred_on,
        location=location.strip(),
        service=service,
        affected=affected,
        affected_names=affected_names.strip(),
        partner_agency=partner_agency,
        what_happened=what_happened.strip(),
        statement=statement.strip() if disclosure else "",
        statement_copy_given=statement_copy_given if disclosure else None,
        restorative_requested=restorative_requested,
        status=Status.NEW,
        received_on=today,
        stage=1 if kind == Kind.COMPLAINT else None,
    )
    key = ""
    if mode == Mode.ANONYMOUS:
        key = keys.new_key()
        incident.reporter_key_hash = keys.hash_key(key)
        incident.created_at = start_of_day(today)
    # The reporter is never the history user, whichever way they reported: for a confidential report the history
    # would otherwise name them to everyone who reads the case. `reporter` holds the link where there is one.
    incident._history_user = None
    incident._history_date = incident.created_at
    incident._change_reason = f"Reported ({Mode(mode).label.lower()})"
    incident.full_clean(exclude=["categories"])
    with m2m_batch(incident):
        incident.save()
        incident.categories.set(categories)
    # Now that its categories are set, the first history record ("+") holds them too.
    post_save.send(sender=Incident, instance=incident, created=True, raw=False, using="default", update_fields=None)

    cal = workdays.calendar()
    setting = deadlines.setting_for(kind)
    Deadline.objects.bulk_create(deadlines.first_deadlines(incident, setting=setting, cal=cal))
    items = []
    for position, step in enumerate(steps_for(kind)):
        item = ChecklistItem(incident=incident, step=step, position=position)
        if step == Step.STATEMENT and incident.statement and incident.statement_copy_given:
            item.state, item.done_on, item.note = ChecklistItem.State.DONE, today, "Recorded in the report."
        item._history_user = None
        items.append(item)
    bulk_create_with_history(
        items, ChecklistItem, default_change_reason="Checklist started", default_date=incident.created_at
    )
    return Receipt(incident, key)


@transaction.atomic
def incident_report(
    *,
    by,
    mode: str,
    kind: str,
    occurred_on: date,
    location: str = "",
    service: Unit,
    categories: Iterable[Category],
    affected: Iterable[str] = (),
    affected_names: str = "",
    partner_agency: PartnerAgency | None = None,
    what_happened: str,
    statement: str = "",
    statement_copy_given: bool | None = None,
    restorative_requested: bool = False,
    today: date | None = None,
) -> Receipt:
    """A named or confidential report by a signed-in person, who can then follow it under 'Your reports'."""
    if mode not in (Mode.NAMED, Mode.CONFIDENTIAL):
        raise ValidationError({"mode": "Choose named or confidential; anonymous reports have their own page."})
    return _create(
        mode=mode,
        reporter=by,
        kind=kind,
        occurred_on=occurred_on,
        location=location,
        service=service,
        categories=categories,
        affected=affected,
        affected_names=affected_names,
        partner_agency=partner_agency,
        what_happened=what_happened,
        statement=statement,
        statement_copy_given=statement_copy_given,
        restorative_requested=restorative_requested,
        today=today,
    )


@transaction.atomic
def incident_report_anonymously(
    *,
    kind: str,
    occurred_on: date,
    location: str = "",
    service: Unit,
    categories: Iterable[Category],
    affected: Iterable[str] = (),
    affected_names: str = "",
    partner_agency: PartnerAgency | None = None,
    what_happened: str,
    statement: str = "",
    statement_copy_given: bool | None = None,
    restorative_requested: bool = False,
    today: date | None = None,
) -> Receipt:
    """An anonymous report: no `by`, so no link to the person exists to be stored. The receipt's key is shown once."""
    with history_without_request():
        return _create(
            mode=Mode.ANONYMOUS,
            reporter=None,
            kind=kind,
            occurred_on=occurred_on,
            location=location,
            service=service,
            categories=categories,
            affected=affected,
            affected_names=affected_names,
            partner_agency=partner_agency,
            what_happened=what_happened,
            statement=statement,
            statement_copy_given=statement_copy_given,
            restorative_requested=restorative_requested,
            today=today,
        )


# --- The anonymous reporter's way back in: reference and key, throttled --------------------------------------------


class LookupRefused(Exception):
    """The reference and key did not open a report, or too many wrong ones were tried: the message says which."""


WRONG = "The reference or the key is not right. Check both and try again: the key is the one you were shown once."
TOO_MANY = "Too many wrong keys have been tried for this reference. Try again in an hour."
TOO_MANY_SITE = "Too many wrong keys have been tried recently. Try again in a few minutes."


def _limits() -> tuple[int, timedelta, int, timedelta]:
    return (
        getattr(settings, "INCIDENT_KEY_FAILURES_PER_REFERENCE", 5),
        timedelta(hours=1),
        getattr(settings, "INCIDENT_KEY_FAILURES_SITE_WIDE", 50),
        timedelta(minutes=10),
    )


def reference_digest(reference: str) -> str:
    text = keys.normalise_reference(reference) or " ".join((reference or "").upper().split())
    return hashlib.sha256(text.encode()).hexdigest()


def reporter_lookup(*, reference: str, key: str, now: datetime | None = None) -> Incident:
    """The anonymous report this reference and key open; LookupRefused otherwise, and a wrong try is counted.

    Tries are counted against a digest of the reference (what is being guessed at), never against the person
    or their address, and across the whole site; while either limit is reached even the right key is refused,
    so the limit itself tells a guesser nothing.
    """
    now = now or timezone.now()
    digest = reference_digest(reference)
    per_reference, reference_window, site_wide, site_window = _limits()
    if KeyCheckFailure.objects.filter(reference_digest=digest, created_at__gte=now - reference_window).count() >= (
        per_reference
    ):
        raise LookupRefused(TOO_MANY)
    if KeyCheckFailure.objects.filter(created_at__gte=now - site_window).count() >= site_wide:
        raise LookupRefused(TOO_MANY_SITE)
    normal = keys.normalise_reference(reference)
    incident = (
        Incident.objects.select_related("service", "partner_agency")
        .filter(reference=normal, mode=Mode.ANONYMOUS, anonymised_on__isnull=True)
        .first()
        if normal
        else None
    )
    # The hash is worked out whether or not the reference exists, so the time taken does not say which.
    if not keys.key_matches(key, incident.reporter_key_hash if incident else ""):
        KeyCheckFailure.objects.create(reference_digest=digest, created_at=now)
        raise LookupRefused(WRONG)
    return incident


@transaction.atomic
def message_from_reporter(*, incident: Incident, text: str) -> Message:
    """The reporter's message to the handler, stored without an author whoever sends it (signed in or not).

    No `by`: a named reporter is already the incident's reporter, and an anonymous one must not be recorded.
    An anonymous reporter's message is dated to the day only, like their report.
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your message."})
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError({"text": f"Your message must be {MESSAGE_MAX_CHARS:,} characters or fewer."})
    if incident.anonymised_on is not None:
        raise ValidationError("This report has been closed and its details removed: messages can no longer be sent.")
    message = Message(incident=incident, from_reporter=True, author=None, text=text)
    if incident.mode == Mode.ANONYMOUS:
        message.created_at = start_of_day(timezone.localdate())
    message.save()
    return message


def remove_old_key_failures(*, now: datetime | None = None) -> int:
    """Failed tries older than a day count for nothing: removed by the daily retention task."""
    now = now or timezone.now()
    deleted, _ = KeyCheckFailure.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    return deleted
