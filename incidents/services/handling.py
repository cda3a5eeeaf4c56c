"""Handling an incident: its statuses and the moves between them (listed once), the checklist, deadlines, messages.

Every move is a service taking `by`: it locks the incident, checks the current status against TRANSITIONS,
records a StatusChange (who, when, from, to, why) and a history entry with the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organisation.models import Unit
from shared import workdays
from shared.roles import Role, has_role

from .. import access, deadlines
from ..checklists import guide
from ..models import (
    ChecklistItem,
    Deadline,
    Incident,
    Kind,
    Message,
    Outcome,
    PartnerAgency,
    Satisfaction,
    Status,
    StatusChange,
    Step,
)
from .reporting import MESSAGE_MAX_CHARS


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what the button and the page say
    allowed_from: frozenset[Status]
    to: Status | None  # None: the status stays as it is (reassigning)


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("assign", "Assign a handler", frozenset({S.NEW}), S.ASSIGNED),
        Transition(
            "reassign",
            "Reassign",
            frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.RESTORATIVE, S.INVESTIGATING, S.OUTCOME}),
            None,
        ),
        Transition("acknowledge", "Acknowledge", frozenset({S.ASSIGNED}), S.ACKNOWLEDGED),
        Transition("start_restorative", "Start the restorative route", frozenset({S.ACKNOWLEDGED}), S.RESTORATIVE),
        Transition(
            "start_investigation",
            "Start the investigation",
            frozenset({S.ACKNOWLEDGED, S.RESTORATIVE}),
            S.INVESTIGATING,
        ),
        Transition("record_outcome", "Record the outcome", frozenset({S.RESTORATIVE, S.INVESTIGATING}), S.OUTCOME),
        Transition("close", "Close", frozenset({S.OUTCOME}), S.CLOSED),
        Transition(
            "escalate", "Move the complaint to the next stage", frozenset({S.OUTCOME, S.CLOSED}), S.INVESTIGATING
        ),
        Transition("reopen", "Reopen", frozenset({S.CLOSED}), S.INVESTIGATING),
    ]
}
# Transitions a person chooses on the case page (assigning has its own page, with the handler to choose).
PAGE_TRANSITIONS = (
    "acknowledge",
    "start_restorative",
    "start_investigation",
    "record_outcome",
    "close",
    "escalate",
    "reopen",
)


def available(incident: Incident) -> list[Transition]:
    """The moves the incident's status allows now (the person's right to make them is checked by the views)."""
    moves = [TRANSITIONS[name] for name in PAGE_TRANSITIONS if incident.status in TRANSITIONS[name].allowed_from]
    if incident.kind != Kind.COMPLAINT or (incident.stage or 1) >= 3:
        moves = [m for m in moves if m.name != "escalate"]
    return moves


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _move(incident: Incident, name: str, *, by, reason: str = "", history_reason: str = "") -> Incident:
    """Lock, check the status allows `name`, set the new status, and record the change: the caller saves fields."""
    transition = TRANSITIONS[name]
    locked = _locked(incident)
    if locked.anonymised_on is not None:
        raise ValidationError("This incident has been anonymised after its retention period: it cannot change.")
    if locked.status not in transition.allowed_from:
        raise ValidationError(
            f"This incident is {locked.get_status_display().lower()}: it cannot be moved on with "
            f"“{transition.label.lower()}” now. Reload the page to see where it is."
        )
    before = locked.status
    if transition.to is not None:
        locked.status = transition.to
    StatusChange.objects.create(
        incident=locked, transition=name, from_status=before, to_status=locked.status, by=by, reason=reason.strip()
    )
    locked._history_user = by
    locked._change_reason = history_reason or transition.label
    return locked


def _meet(incident: Incident, steps: list[str], on: date) -> None:
    Deadline.objects.filter(incident=incident, step__in=steps, met_on__isnull=True).update(met_on=on)


def _not_future(day: date | None, field: str, what: str) -> date:
    today = timezone.localdate()
    if day is None:
        raise ValidationError({field: f"Enter the date {what}, for example 27/3/2026."})
    if day > today:
        raise ValidationError({field: f"The date {what} must be today or in the past."})
    return day


def may_handle(person) -> bool:
    return has_role(person, Role.INCIDENT_HANDLER, Role.SAFEGUARDING_LEAD) and person.is_active


def handles_service(person, service: Unit | None) -> bool:
    """Triage assigns within the service: a handler takes incidents in the units they work in and those below
    (the same units their list shows them); a safeguarding lead takes any."""
    if has_role(person, Role.SAFEGUARDING_LEAD):
        return True
    return service is not None and service.pk in access.service_units(person)


@transaction.atomic
def incident_assign(*, incident: Incident, by, handler, service: Unit | None = None, reason: str = "") -> Incident:
    """Triage: give the incident a handler (and move it to the right service); a new one becomes 'assigned'."""
    if handler is None or not may_handle(handler):
        raise ValidationError({"handler": "Choose an incident handler or a safeguarding lead."})
    target = service or incident.service
    if not handles_service(handler, target):
        raise ValidationError(
            {
                "handler": f"{handler} does not handle incidents in {target}. Choose a handler who works in that "
                "service, or a safeguarding lead (they handle every service)."
            }
        )
    name = "assign" if incident.status == Status.NEW else "reassign"
    if (
        name == "reassign"
        and incident.handler_id == handler.pk
        and (service is None or service.pk == incident.service_id)
    ):
        raise ValidationError({"handler": f"{handler} already handles this incident."})
    locked = _move(incident, name, by=by, reason=reason, history_reason=f"Assigned to {handler}")
    locked.handler = handler
    if service is not None:
        locked.service = service
    locked.save()
    return locked


@transaction.atomic
def incident_acknowledge(*, incident: Incident, by, acknowledged_on: date, note: str = "") -> Incident:
    """Acknowledged and the person's experience validated: meets the acknowledgement deadline, ticks the step."""
    acknowledged_on = _not_future(acknowledged_on, "acknowledged_on", "it was acknowledged")
    if acknowledged_on < incident.received_on:
        raise ValidationError({"acknowledged_on": "It cannot be acknowledged before it was received."})
    locked = _move(incident, "acknowledge", by=by, reason=note)
    locked.acknowledged_on = acknowledged_on
    locked.save()
    _meet(locked, [Deadline.Step.ACKNOWLEDGE], acknowledged_on)
    item = locked.checklist.filter(step=Step.ACKNOWLEDGE).first()
    if item is not None and item.state == ChecklistItem.State.TO_DO:
        _save_item(item, by=by, state=ChecklistItem.State.DONE, done_on=acknowledged_on, note=note.strip())
    return locked


@transaction.atomic
def incident_start_restorative(*, incident: Incident, by, reason: str = "") -> Incident:
    locked = _move(incident, "start_restorative", by=by, reason=reason)
    locked.save()
    return locked


@transaction.atomic
def incident_start_investigation(*, incident: Incident, by, reason: str = "") -> Incident:
    locked = _move(incident, "start_investigation", by=by, reason=reason)
    locked.save()
    return locked


def _current_step_deadline(incident: Incident) -> list[str]:
    if incident.kind == Kind.COMPLAINT:
        return [f"stage_{incident.stage or 1}"]
    return [Deadline.Step.RESPONSE]


@transaction.atomic
def incident_record_outcome(*, incident: Incident, by, outcome: str, summary: str, decided_on: date) -> Incident:
    """The outcome (and, for a complaint, the response at its current stage): meets that stage's deadline."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of the outcome and the actions being taken."})
    decided_on = _not_future(decided_on, "decided_on", "of the outcome")
    locked = _move(incident, "record_outcome", by=by, reason=Outcome(outcome).label)
    locked.outcome, locked.outcome_summary, locked.outcome_recorded_on = outcome, summary.strip(), decided_on
    locked.save()
    _meet(locked, _current_step_deadline(locked), decided_on)
    return locked


@transaction.atomic
def incident_close(*, incident: Incident, by, closed_on: date, reason: str = "") -> Incident:
    """Closed: only once every checklist step is done or recorded as not applicable."""
    closed_on = _not_future(closed_on, "closed_on", "it was closed")
    waiting = [item.get_step_display() for item in incident.checklist.all() if item.state == ChecklistItem.State.TO_DO]
    if waiting:
        raise ValidationError(
            "Before closing, record each checklist step as done or not applicable. Still to do: "
            + "; ".join(waiting)
            + "."
        )
    locked = _move(incident, "close", by=by, reason=reason)
    locked.closed_on = closed_on
    locked.save()
    return locked


@transaction.atomic
def incident_escalate(*, incident: Incident, by, requested_on: date, reason: str) -> Incident:
    """A complainant not satisfied at one stage asks for the next: its working-day clock starts on that day."""
    if incident.kind != Kind.COMPLAINT:
        raise ValidationError("Only complaints have stages.")
    if (incident.stage or 1) >= 3:
        raise ValidationError("This complaint is already at stage 3, the review panel.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the complaint moves to the next stage."})
    requested_on = _not_future(requested_on, "requested_on", "the next stage was asked for")
    stage = (incident.stage or 1) + 1
    locked = _move(incident, "escalate", by=by, reason=reason, history_reason=f"Moved to stage {stage}")
    locked.stage, locked.closed_on, locked.outcome, locked.outcome_recorded_on = stage, None, "", None
    locked.save()
    # The next stage ends in an outcome of its own, to be shared and asked about again.
    for item in locked.checklist.filter(step__in=[Step.OUTCOME_SHARED, Step.SATISFACTION]):
        _save_item(item, by=by, state=ChecklistItem.State.TO_DO, done_on=None, note="")
    deadline = deadlines.build(
        locked,
        f"stage_{stage}",
        started_on=requested_on,
        setting=deadlines.setting_for(locked.kind),
        cal=workdays.calendar(),
    )
    if deadline is not None:
        Deadline.objects.filter(incident=locked, step=deadline.step).delete()
        deadline.save()
    return locked


@transaction.atomic
def incident_reopen(*, incident: Incident, by, reason: str) -> Incident:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the incident is reopened."})
    locked = _move(incident, "reopen", by=by, reason=reason)
    locked.closed_on = None
    locked.save()
    return locked


@transaction.atomic
def deadline_extend(*, deadline: Deadline, by, working_days: int, reason: str) -> Deadline:
    """Give a deadline more working days (up to the most its step allows), with the reason recorded."""
    deadline = Deadline.objects.select_for_update().select_related("incident").get(pk=deadline.pk)
    if deadline.met_on is not None:
        raise ValidationError("This deadline has been met: it cannot be extended.")
    if not reason.strip():
        raise ValidationError({"reason": "Record the reason for the extension."})
    cal = workdays.calendar()
    most = cal.working_days_between(deadline.started_on, deadline.latest_due_on)
    if working_days is None or not deadline.working_days < working_days <= most:
        raise ValidationError(
            {"working_days": f"Enter a number of working days more than {deadline.working_days} and at most {most}."}
        )
    deadline.working_days = working_days
    deadline.due_on = cal.add_working_days(deadline.started_on, working_days)
    deadline.extension_reason, deadline.extended_by, deadline.extended_on = reason.strip(), by, timezone.localdate()
    deadline.save()
    incident = deadline.incident
    StatusChange.objects.create(
        incident=incident,
        transition="extend",
        from_status=incident.status,
        to_status=incident.status,
        by=by,
        reason=f"{deadline.get_step_display()} extended to {working_days} working days: {reason.strip()}",
    )
    return deadline


def _save_item(item: ChecklistItem, *, by, state: str, done_on: date | None, note: str, **fields) -> ChecklistItem:
    item.state, item.done_on, item.note = state, done_on, note
    for name, value in fields.items():
        setattr(item, name, value)
    item.recorded_by, item.recorded_at = by, timezone.now()
    item._history_user = by
    item._change_reason = f"{item.get_step_display()}: {item.get_state_display().lower()}"
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_record(
    *,
    item: ChecklistItem,
    by,
    state: str,
    done_on: date | None = None,
    note: str = "",
    lado_referred: bool | None = None,
    partner_agency: PartnerAgency | None = None,
    review_on: date | None = None,
    satisfaction: str = "",
) -> ChecklistItem:
    """Record one step as done (when, and what the step asks for) or as not applicable (why)."""
    item = ChecklistItem.objects.select_for_update().select_related("incident").get(pk=item.pk)
    incident = item.incident
    if not incident.is_open or incident.anonymised_on:
        raise ValidationError("The incident is closed: reopen it to change its checklist.")
    note = note.strip()
    State = ChecklistItem.State
    extra: dict = {"lado_referred": None, "partner_agency": None, "review_on": None}
    if state == State.NOT_APPLICABLE:
        if not note:
            raise ValidationError({"note": "Say why this step does not apply."})
        return _save_item(item, by=by, state=state, done_on=None, note=note, **extra)
    if state != State.DONE:
        raise ValidationError({"state": "Choose done or not applicable."})
    done_on = _not_future(done_on, "done_on", "it was done")
    if item.step == Step.LADO:
        if lado_referred is None:
            raise ValidationError({"lado_referred": "Say whether a referral was made to the LADO."})
        if not note:
            raise ValidationError({"note": "Record the outcome of the referral, or why no referral was needed."})
        extra["lado_referred"] = lado_referred
    elif item.step == Step.PARTNER_ESCALATION:
        partner_agency = partner_agency or incident.partner_agency
        if partner_agency is None:
            raise ValidationError({"partner_agency": "Choose the partner agency it was escalated to."})
        extra["partner_agency"] = partner_agency
    elif item.step == Step.REVIEW_POINTS:
        if review_on is None:
            raise ValidationError({"review_on": "Enter the next review date, for example 27/3/2026."})
        extra["review_on"] = review_on
    elif item.step == Step.SATISFACTION:
        if satisfaction not in Satisfaction.values:
            raise ValidationError({"satisfaction": "Choose what the person said about the outcome."})
    saved = _save_item(item, by=by, state=state, done_on=done_on, note=note, **extra)
    if item.step in (Step.SATISFACTION, Step.OUTCOME_SHARED):
        locked = _locked(incident)
        if item.step == Step.SATISFACTION:
            locked.satisfaction = satisfaction
        else:
            locked.outcome_shared_on = done_on
        locked._history_user, locked._change_reason = by, guide(item.step).step.label
        locked.save()
    return saved


@transaction.atomic
def message_from_handler(*, incident: Incident, by, text: str) -> Message:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your message."})
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError({"text": f"Your message must be {MESSAGE_MAX_CHARS:,} characters or fewer."})
    if incident.anonymised_on is not None:
        raise ValidationError("This incident has been anonymised: messages can no longer be sent.")
    return Message.objects.create(incident=incident, from_reporter=False, author=by, text=text)
