"""Reporting: the three ways, what a report must say, the deadlines and checklist it starts with, and the
anonymous reporter's reference and key (stored only as a hash, checked in constant time, guesses throttled)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from incidents import keys
from incidents.models import (
    ChecklistItem,
    Deadline,
    Incident,
    KeyCheckFailure,
    Kind,
    KindSetting,
    Mode,
    Status,
    Step,
)
from incidents.services import (
    LookupRefused,
    incident_report,
    incident_report_anonymously,
    message_from_reporter,
    reporter_lookup,
)
from organisation.tests.factories import UserFactory
from shared.models import ClosureDay

from .factories import ANONYMOUS_KEY, AnonymousIncidentFactory, PartnerAgencyFactory, ServiceFactory, category

pytestmark = pytest.mark.django_db


def details(**overrides) -> dict:
    data = {
        "kind": Kind.TOWARDS_STAFF,
        "occurred_on": timezone.localdate(),
        "location": "Home visit",
        "service": ServiceFactory(),
        "categories": [category()],
        "affected": ["reporter"],
        "what_happened": "A parent used a racist slur towards me on a home visit.",
    }
    data.update(overrides)
    return data


def test_a_named_report_is_linked_to_its_reporter_and_waits_to_be_assigned():
    person = UserFactory()
    incident = incident_report(by=person, mode=Mode.NAMED, **details()).incident
    assert (incident.reporter, incident.mode, incident.status) == (person, Mode.NAMED, Status.NEW)
    assert incident.received_on == timezone.localdate()


def test_the_reporter_is_never_the_history_user_even_of_a_confidential_report():
    person = UserFactory()
    incident = incident_report(by=person, mode=Mode.CONFIDENTIAL, **details()).incident
    assert incident.history.get().history_user_id is None
    assert incident.history.get().history_change_reason == "Reported (confidential)"


def test_anonymous_is_refused_by_the_named_reporting_service():
    with pytest.raises(ValidationError) as error:
        incident_report(by=UserFactory(), mode=Mode.ANONYMOUS, **details())
    assert "mode" in error.value.message_dict


def test_an_anonymous_report_gets_a_key_kept_only_as_a_hash():
    receipt = incident_report_anonymously(**details())
    incident = Incident.objects.get(pk=receipt.incident.pk)
    assert incident.reporter_id is None and receipt.key
    assert receipt.key not in incident.reporter_key_hash
    assert keys.key_matches(receipt.key, incident.reporter_key_hash)


def test_the_categories_are_in_the_first_history_record():
    incident = incident_report(by=UserFactory(), mode=Mode.NAMED, **details()).incident
    first = incident.history.get()
    assert first.history_type == "+"
    assert [c.category_id for c in first.categories.all()] == [category().pk]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"what_happened": "  "}, "what_happened"),
        ({"categories": []}, "categories"),
        ({"occurred_on": timezone.localdate() + timedelta(days=1)}, "occurred_on"),
        ({"kind": Kind.PARTNER}, "partner_agency"),
        ({"kind": Kind.DISCLOSURE}, "statement"),
        ({"kind": Kind.DISCLOSURE, "statement": "They said it.", "statement_copy_given": None}, "statement_copy_given"),
        ({"affected": ["someone odd"]}, "affected"),
    ],
)
def test_a_report_missing_what_it_needs_is_refused_naming_the_field(overrides, field):
    with pytest.raises(ValidationError) as error:
        incident_report_anonymously(**details(**overrides))
    assert field in error.value.message_dict
    assert not Incident.objects.exists()


def test_a_disclosure_with_a_statement_given_to_the_person_ticks_that_step():
    incident = incident_report(
        by=UserFactory(),
        mode=Mode.NAMED,
        **details(kind=Kind.DISCLOSURE, statement="They said I do not belong.", statement_copy_given=True),
    ).incident
    assert incident.checklist.get(step=Step.STATEMENT).state == ChecklistItem.State.DONE


# What the standards ask for each kind (incidents/checklists.py, docs/incidents.md "Handling"), written out here.
CHECKLISTS = {
    Kind.DISCLOSURE: [
        "acknowledge",
        "statement",
        "safety_plan",
        "lado",
        "investigation",
        "case_audit",
        "review_points",
        "outcome_shared",
        "satisfaction",
    ],
    Kind.TOWARDS_STAFF: [
        "acknowledge",
        "staff_support",
        "investigation",
        "service_user_contact",
        "outcome_shared",
        "satisfaction",
    ],
    Kind.PARTNER: ["acknowledge", "staff_support", "partner_escalation", "lado", "outcome_shared", "satisfaction"],
    Kind.COLLEAGUES: ["acknowledge", "staff_support", "investigation", "lado", "outcome_shared", "satisfaction"],
    Kind.COMPLAINT: [
        "acknowledge",
        "investigation",
        "lado",
        "case_audit",
        "service_user_contact",
        "review_points",
        "outcome_shared",
        "satisfaction",
    ],
}


def test_the_checklist_test_covers_every_kind():
    assert set(CHECKLISTS) == set(Kind)


@pytest.mark.parametrize("kind, steps", CHECKLISTS.items(), ids=[str(k) for k in CHECKLISTS])
def test_each_kind_gets_the_checklist_the_standards_set(kind, steps):
    extra = {"partner_agency": PartnerAgencyFactory()} if kind == Kind.PARTNER else {}
    if kind == Kind.DISCLOSURE:
        extra = {"statement": "In their words.", "statement_copy_given": False}
    incident = incident_report_anonymously(**details(kind=kind, **extra)).incident
    assert [item.step for item in incident.checklist.all()] == steps


@freeze_time("2024-06-03 09:00")
def test_changing_a_kinds_deadline_settings_changes_the_next_incidents_due_dates_and_not_earlier_ones():
    # Monday 3 June 2024, with no bank holiday for weeks: 3 working days is Thursday 6 June, 20 is Monday 1 July.
    earlier = incident_report_anonymously(**details(kind=Kind.TOWARDS_STAFF)).incident
    setting = KindSetting.objects.get(kind=Kind.TOWARDS_STAFF)
    setting.acknowledge_days, setting.response_days = 5, 10
    setting.full_clean()
    setting.save()
    later = incident_report_anonymously(**details(kind=Kind.TOWARDS_STAFF)).incident
    due = {i: dict(i.deadlines.values_list("step", "due_on")) for i in (earlier, later)}
    assert due[earlier] == {Deadline.Step.ACKNOWLEDGE: date(2024, 6, 6), Deadline.Step.RESPONSE: date(2024, 7, 1)}
    assert due[later] == {Deadline.Step.ACKNOWLEDGE: date(2024, 6, 10), Deadline.Step.RESPONSE: date(2024, 6, 17)}


@freeze_time("2024-06-03 09:00")
def test_changing_the_complaint_stage_1_setting_changes_the_next_complaints_stage_1_and_its_extension():
    setting = KindSetting.objects.get(kind=Kind.COMPLAINT)
    setting.stage1_days, setting.stage1_max_days = 15, 25
    setting.full_clean()
    setting.save()
    stage_1 = incident_report_anonymously(**details(kind=Kind.COMPLAINT)).incident.deadlines.get(
        step=Deadline.Step.STAGE_1
    )
    # 15 working days from Monday 3 June is Monday 24 June; 25 is Monday 8 July.
    assert (stage_1.working_days, stage_1.due_on, stage_1.latest_due_on) == (15, date(2024, 6, 24), date(2024, 7, 8))


@freeze_time("2024-03-28 09:00")
def test_acknowledgement_is_due_three_working_days_later_skipping_easter():
    incident = incident_report_anonymously(**details()).incident
    # Thursday 28 March 2024: Good Friday and Easter Monday do not count; Tue 2, Wed 3, Thu 4 April.
    assert incident.deadlines.get(step=Deadline.Step.ACKNOWLEDGE).due_on == date(2024, 4, 4)


@freeze_time("2021-12-20 09:00")
def test_a_complaint_starts_at_stage_1_due_in_10_working_days_extendable_to_20_across_christmas():
    incident = incident_report_anonymously(**details(kind=Kind.COMPLAINT)).incident
    stage_1 = incident.deadlines.get(step=Deadline.Step.STAGE_1)
    assert incident.stage == 1
    assert (stage_1.due_on, stage_1.latest_due_on) == (date(2022, 1, 6), date(2022, 1, 20))
    assert not incident.deadlines.filter(step=Deadline.Step.RESPONSE).exists()


@freeze_time("2021-12-23 09:00")
def test_a_closure_day_an_administrator_added_moves_the_deadline():
    ClosureDay.objects.create(day=date(2021, 12, 29), reason="Closed between Christmas and New Year")
    ClosureDay.objects.create(day=date(2021, 12, 30), reason="Closed between Christmas and New Year")
    incident = incident_report_anonymously(**details()).incident
    # 24 Dec (1), [27, 28 substitute bank holidays], [29, 30 closed], 31 Dec (2), [3 Jan substitute], 4 Jan (3).
    assert incident.deadlines.get(step=Deadline.Step.ACKNOWLEDGE).due_on == date(2022, 1, 4)


# The status check: reference and key, throttled.


def test_the_right_reference_and_key_open_the_report_whatever_the_case_and_dashes():
    incident = AnonymousIncidentFactory()
    typed = incident.reference.lower().replace("-", " ")
    assert reporter_lookup(reference=typed, key=ANONYMOUS_KEY.lower().replace("-", "")) == incident


def test_a_wrong_key_is_refused_and_counted_against_the_reference_only():
    incident = AnonymousIncidentFactory()
    with pytest.raises(LookupRefused):
        reporter_lookup(reference=incident.reference, key="WRONG-WRONG-WRONG")
    failure = KeyCheckFailure.objects.get()
    assert {f.name for f in KeyCheckFailure._meta.fields} == {"id", "reference_digest", "created_at"}
    assert incident.reference not in failure.reference_digest


def test_after_five_wrong_keys_even_the_right_one_is_refused_for_an_hour():
    incident = AnonymousIncidentFactory()
    for _ in range(5):
        with pytest.raises(LookupRefused):
            reporter_lookup(reference=incident.reference, key="WRONG")
    with pytest.raises(LookupRefused, match="Too many"):
        reporter_lookup(reference=incident.reference, key=ANONYMOUS_KEY)
    later = timezone.now() + timedelta(hours=1, minutes=1)
    assert reporter_lookup(reference=incident.reference, key=ANONYMOUS_KEY, now=later) == incident


def test_wrong_keys_for_one_reference_do_not_lock_another():
    locked, other = AnonymousIncidentFactory(), AnonymousIncidentFactory()
    for _ in range(5):
        with pytest.raises(LookupRefused):
            reporter_lookup(reference=locked.reference, key="WRONG")
    assert reporter_lookup(reference=other.reference, key=ANONYMOUS_KEY) == other


def test_guessing_across_many_references_is_slowed_site_wide(settings):
    settings.INCIDENT_KEY_FAILURES_SITE_WIDE = 10
    incident = AnonymousIncidentFactory()
    for n in range(10):
        with pytest.raises(LookupRefused):
            reporter_lookup(reference=f"INC-2345-{n + 2:04d}"[:13], key="WRONG")
    with pytest.raises(LookupRefused, match="recently"):
        reporter_lookup(reference=incident.reference, key=ANONYMOUS_KEY)


def test_a_named_report_cannot_be_opened_with_a_key():
    incident = incident_report(by=UserFactory(), mode=Mode.NAMED, **details()).incident
    with pytest.raises(LookupRefused):
        reporter_lookup(reference=incident.reference, key=ANONYMOUS_KEY)


def test_a_reporters_message_has_no_author_and_an_empty_one_is_refused():
    incident = AnonymousIncidentFactory()
    message = message_from_reporter(incident=incident, text="  Is there any news?  ")
    assert (message.author_id, message.from_reporter, message.text) == (None, True, "Is there any news?")
    with pytest.raises(ValidationError):
        message_from_reporter(incident=incident, text=" ")


# Keys and references.


def test_a_reference_says_nothing_about_order_or_time():
    references = {keys.new_reference() for _ in range(50)}
    assert len(references) == 50
    assert all(len(r) == 13 and r.startswith("INC-") for r in references)


def test_the_same_key_hashes_differently_for_each_report():
    assert keys.hash_key(ANONYMOUS_KEY) != keys.hash_key(ANONYMOUS_KEY)


def test_nothing_stored_matches_no_key():
    assert not keys.key_matches(ANONYMOUS_KEY, "")
    assert not keys.key_matches("", keys.hash_key(ANONYMOUS_KEY))
