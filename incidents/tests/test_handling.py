"""Handling: the moves between statuses (listed once, each checked, recorded with who, when and why), the
checklist, working-day deadlines met, extended and escalated, and messages to the reporter."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from incidents import services
from incidents.models import ChecklistItem, Deadline, Kind, Satisfaction, Status, StatusChange, Step
from incidents.services import TRANSITIONS
from organisation.tests.factories import UserFactory
from shared.roles import Role

from .factories import (
    AcknowledgedIncidentFactory,
    AssignedIncidentFactory,
    ClosedIncidentFactory,
    IncidentFactory,
    InvestigatingIncidentFactory,
    OutcomeIncidentFactory,
    PartnerAgencyFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    return UserFactory(roles=[Role.INCIDENT_HANDLER])


def test_every_status_but_closed_can_move_on_and_every_transition_names_real_statuses():
    reachable = {t.to for t in TRANSITIONS.values() if t.to} | {Status.NEW}
    assert reachable == set(Status)
    sources = set().union(*(t.allowed_from for t in TRANSITIONS.values()))
    assert sources == set(Status)


def test_assigning_a_new_incident_records_who_when_and_why(handler):
    lead = UserFactory(roles=[Role.SAFEGUARDING_LEAD])
    incident = IncidentFactory()
    handler.units.add(incident.service)
    services.incident_assign(incident=incident, by=lead, handler=handler, reason="Right service.")
    incident.refresh_from_db()
    change = StatusChange.objects.get(incident=incident)
    assert (incident.status, incident.handler) == (Status.ASSIGNED, handler)
    assert (change.by, change.from_status, change.to_status, change.reason) == (
        lead,
        Status.NEW,
        Status.ASSIGNED,
        "Right service.",
    )
    assert incident.history.first().history_user == lead


def test_only_a_handler_or_safeguarding_lead_can_be_assigned():
    with pytest.raises(ValidationError) as error:
        services.incident_assign(incident=IncidentFactory(), by=UserFactory(), handler=UserFactory(roles=[Role.STAFF]))
    assert "handler" in error.value.message_dict


def test_a_handler_is_assigned_only_within_the_services_they_work_in(handler):
    lead = UserFactory(roles=[Role.SAFEGUARDING_LEAD])
    directorate = ServiceFactory(name="Children and Education", kind="directorate")
    theirs = ServiceFactory(name="Family Support", parent=directorate)
    team = ServiceFactory(name="Family Support East", parent=theirs, kind="team")
    elsewhere = ServiceFactory(name="Adult Social Care")
    handler.units.add(theirs)

    with pytest.raises(ValidationError) as error:
        services.incident_assign(incident=IncidentFactory(service=elsewhere), by=lead, handler=handler)
    assert "does not handle incidents in Adult Social Care" in error.value.message_dict["handler"][0]
    moved_away = IncidentFactory(service=team)
    with pytest.raises(ValidationError):  # nor by moving it out of their service at triage
        services.incident_assign(incident=moved_away, by=lead, handler=handler, service=elsewhere)
    assert StatusChange.objects.count() == 0

    services.incident_assign(incident=IncidentFactory(service=team), by=lead, handler=handler)  # a team below
    services.incident_assign(incident=IncidentFactory(service=elsewhere), by=lead, handler=handler, service=theirs)
    services.incident_assign(incident=IncidentFactory(service=elsewhere), by=lead, handler=lead)  # any service
    assert StatusChange.objects.count() == 3


def test_a_move_the_status_does_not_allow_is_refused_and_nothing_is_recorded(handler):
    incident = IncidentFactory()  # new: not assigned yet
    with pytest.raises(ValidationError, match="cannot be moved on"):
        services.incident_acknowledge(incident=incident, by=handler, acknowledged_on=timezone.localdate())
    assert not StatusChange.objects.exists()


@freeze_time("2024-04-04 15:00")
def test_acknowledging_on_the_last_working_day_meets_the_deadline_and_ticks_the_step(handler):
    incident = AssignedIncidentFactory(handler=handler, received_on=date(2024, 3, 28), occurred_on=date(2024, 3, 27))
    deadline = incident.deadlines.get(step=Deadline.Step.ACKNOWLEDGE)
    assert deadline.due_on == date(2024, 4, 4)  # 3 working days after Thursday 28 March, over Easter
    services.incident_acknowledge(incident=incident, by=handler, acknowledged_on=date(2024, 4, 4), note="Called.")
    deadline.refresh_from_db()
    assert deadline.met_on == date(2024, 4, 4) and not deadline.met_late
    assert incident.checklist.get(step=Step.ACKNOWLEDGE).state == ChecklistItem.State.DONE


def test_acknowledging_in_the_future_or_before_it_arrived_is_refused(handler):
    incident = AssignedIncidentFactory(handler=handler)
    with pytest.raises(ValidationError):
        services.incident_acknowledge(incident=incident, by=handler, acknowledged_on=date(2999, 1, 1))
    with pytest.raises(ValidationError):
        services.incident_acknowledge(incident=incident, by=handler, acknowledged_on=date(2000, 1, 1))


def test_closing_is_refused_until_every_step_is_done_or_not_applicable(handler):
    incident = OutcomeIncidentFactory(handler=handler)
    with pytest.raises(ValidationError, match="Still to do"):
        services.incident_close(incident=incident, by=handler, closed_on=timezone.localdate())
    for item in incident.checklist.all():
        services.checklist_record(item=item, by=handler, state="not_applicable", note="Handled elsewhere.")
    services.incident_close(incident=incident, by=handler, closed_on=timezone.localdate())
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.closed_on == timezone.localdate()


def test_the_outcome_meets_the_outcome_deadline(handler):
    incident = InvestigatingIncidentFactory(handler=handler)
    services.incident_record_outcome(
        incident=incident,
        by=handler,
        outcome="upheld",
        summary="Apology and training.",
        decided_on=timezone.localdate(),
    )
    assert incident.deadlines.get(step=Deadline.Step.RESPONSE).met_on == timezone.localdate()


def test_not_applicable_needs_a_reason(handler):
    item = AcknowledgedIncidentFactory(handler=handler).checklist.get(step=Step.STAFF_SUPPORT)
    with pytest.raises(ValidationError) as error:
        services.checklist_record(item=item, by=handler, state="not_applicable", note="")
    assert "note" in error.value.message_dict


def test_the_lado_step_records_the_decision_and_its_outcome(handler):
    incident = AcknowledgedIncidentFactory(handler=handler, kind=Kind.COLLEAGUES)
    item = incident.checklist.get(step=Step.LADO)
    with pytest.raises(ValidationError) as error:
        services.checklist_record(item=item, by=handler, state="done", done_on=timezone.localdate(), note="Done.")
    assert "lado_referred" in error.value.message_dict
    services.checklist_record(
        item=item,
        by=handler,
        state="done",
        done_on=timezone.localdate(),
        lado_referred=True,
        note="Referred; the LADO advised a strategy discussion.",
    )
    item.refresh_from_db()
    assert item.lado_referred is True and item.recorded_by == handler


def test_escalation_to_the_partner_records_the_agency(handler):
    incident = AcknowledgedIncidentFactory(handler=handler, kind=Kind.PARTNER)
    item = incident.checklist.get(step=Step.PARTNER_ESCALATION)
    services.checklist_record(item=item, by=handler, state="done", done_on=timezone.localdate(), note="Raised.")
    item.refresh_from_db()
    assert item.partner_agency == incident.partner_agency
    other = PartnerAgencyFactory()
    services.checklist_record(item=item, by=handler, state="done", done_on=timezone.localdate(), partner_agency=other)
    item.refresh_from_db()
    assert item.partner_agency == other


def test_recording_satisfaction_sets_it_on_the_incident(handler):
    incident = OutcomeIncidentFactory(handler=handler)
    item = incident.checklist.get(step=Step.SATISFACTION)
    services.checklist_record(
        item=item, by=handler, state="done", done_on=timezone.localdate(), satisfaction=Satisfaction.PARTLY
    )
    incident.refresh_from_db()
    assert incident.satisfaction == Satisfaction.PARTLY


def test_a_closed_incidents_checklist_cannot_change(handler):
    incident = ClosedIncidentFactory(handler=handler)
    with pytest.raises(ValidationError, match="closed"):
        services.checklist_record(item=incident.checklist.first(), by=handler, state="not_applicable", note="x")


@freeze_time("2022-01-05 10:00")
def test_stage_1_is_extended_to_20_working_days_with_the_reason_recorded(handler):
    incident = InvestigatingIncidentFactory(
        handler=handler, kind=Kind.COMPLAINT, received_on=date(2021, 12, 20), occurred_on=date(2021, 12, 17)
    )
    stage_1 = incident.deadlines.get(step=Deadline.Step.STAGE_1)
    assert stage_1.due_on == date(2022, 1, 6)
    services.deadline_extend(deadline=stage_1, by=handler, working_days=20, reason="Waiting for the school's account.")
    stage_1.refresh_from_db()
    assert (stage_1.due_on, stage_1.extended_by, stage_1.extension_reason) == (
        date(2022, 1, 20),
        handler,
        "Waiting for the school's account.",
    )
    assert StatusChange.objects.get(incident=incident, transition="extend").by == handler


def test_an_extension_beyond_the_statutory_limit_or_without_a_reason_is_refused(handler):
    incident = InvestigatingIncidentFactory(handler=handler, kind=Kind.COMPLAINT)
    stage_1 = incident.deadlines.get(step=Deadline.Step.STAGE_1)
    with pytest.raises(ValidationError) as error:
        services.deadline_extend(deadline=stage_1, by=handler, working_days=21, reason="Busy.")
    assert "working_days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.deadline_extend(deadline=stage_1, by=handler, working_days=15, reason=" ")
    assert "reason" in error.value.message_dict


@freeze_time("2024-03-25 10:00")
def test_a_complaint_moved_to_stage_2_gets_25_working_days_up_to_65_from_the_request(handler):
    incident = ClosedIncidentFactory(handler=handler, kind=Kind.COMPLAINT)
    services.incident_escalate(
        incident=incident, by=handler, requested_on=date(2024, 3, 25), reason="Not satisfied with stage 1."
    )
    incident.refresh_from_db()
    stage_2 = incident.deadlines.get(step=Deadline.Step.STAGE_2)
    assert (incident.stage, incident.status, incident.closed_on) == (2, Status.INVESTIGATING, None)
    # Monday 25 March 2024: Good Friday and Easter Monday fall inside the 25 working days.
    assert stage_2.due_on == date(2024, 5, 1)
    assert stage_2.latest_due_on > stage_2.due_on
    assert incident.checklist.get(step=Step.SATISFACTION).state == ChecklistItem.State.TO_DO


def test_stage_3_cannot_be_extended_and_nothing_follows_it(handler):
    incident = ClosedIncidentFactory(handler=handler, kind=Kind.COMPLAINT, stage=2)
    services.incident_escalate(incident=incident, by=handler, requested_on=timezone.localdate(), reason="Panel.")
    stage_3 = incident.deadlines.get(step=Deadline.Step.STAGE_3)
    assert not stage_3.can_extend
    incident.refresh_from_db()
    assert "escalate" not in [t.name for t in services.available(incident)]


def test_only_complaints_have_stages(handler):
    with pytest.raises(ValidationError):
        services.incident_escalate(
            incident=ClosedIncidentFactory(handler=handler), by=handler, requested_on=timezone.localdate(), reason="x"
        )


def test_reopening_needs_a_reason(handler):
    incident = ClosedIncidentFactory(handler=handler)
    with pytest.raises(ValidationError):
        services.incident_reopen(incident=incident, by=handler, reason="")
    services.incident_reopen(incident=incident, by=handler, reason="New information from the family.")
    incident.refresh_from_db()
    assert (incident.status, incident.closed_on) == (Status.INVESTIGATING, None)


def test_the_restorative_route_can_lead_to_a_formal_investigation(handler):
    incident = AcknowledgedIncidentFactory(handler=handler, restorative_requested=True)
    services.incident_start_restorative(incident=incident, by=handler, reason="Asked for first.")
    services.incident_start_investigation(incident=incident, by=handler, reason="The conversation did not resolve it.")
    incident.refresh_from_db()
    assert incident.status == Status.INVESTIGATING
    assert [c.transition for c in incident.status_changes.all()] == ["start_restorative", "start_investigation"]


def test_a_handlers_message_is_signed_by_them(handler):
    incident = AcknowledgedIncidentFactory(handler=handler)
    message = services.message_from_handler(incident=incident, by=handler, text="Could we talk on Thursday?")
    assert (message.author, message.from_reporter) == (handler, False)
