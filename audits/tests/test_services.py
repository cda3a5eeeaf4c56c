"""Audits through their services: start, save a draft, submit, moderate; actions arising; the programme; samples."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits import services
from audits.models import ActionArising, Audit, Grade, LanguageSample, Rating
from organisation.tests.factories import LeadFactory, UnitFactory, UserFactory
from plans.tests.factories import ActionFactory, GoalFactory
from shared.roles import Role
from shared.stale import StaleEdit, sign_base, unsign_base

from .factories import (
    AuditFactory,
    AuditorFactory,
    GlossaryTermFactory,
    LanguageTemplateFactory,
    ModeratedAuditFactory,
    ProgrammeEntryFactory,
    SubmittedAuditFactory,
    TemplateFactory,
    rate,
)

pytestmark = pytest.mark.django_db


def as_shown(values: dict) -> dict:
    """What a VersionedForm's signed base holds for these values."""
    return unsign_base(sign_base(values))


def agree_all(audit):
    return {r.pk: services.Decision(agrees=True) for r in audit.ratings.all()}


# Starting an audit


def test_starting_an_audit_makes_a_draft_with_a_line_per_template_item():
    template = TemplateFactory(items=None)
    audit = AuditFactory(template=template)
    assert audit.state == Audit.State.DRAFT
    assert audit.ratings.count() == 3
    assert audit.framework == template.framework


def test_a_template_can_rate_questions_of_its_own():
    template = TemplateFactory(items=["Did the family feel listened to?"])
    audit = AuditFactory(template=template)
    assert audit.ratings.get().item.label == "Did the family feel listened to?"


def test_an_audit_of_a_name_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as error:
        AuditFactory(subject_reference="Jane Smith")
    assert "names stay in the case record" in str(error.value)


def test_only_someone_with_the_auditor_role_can_start_an_audit():
    with pytest.raises(ValidationError, match="Auditor role"):
        AuditFactory(auditor=UserFactory(roles=[Role.ADMINISTRATOR, Role.STAFF]))
    assert not Audit.objects.exists()


def test_an_audit_cannot_be_dated_in_the_future():
    with pytest.raises(ValidationError, match="cannot be in the future"):
        AuditFactory(audit_date=timezone.localdate() + timedelta(days=1))


def test_an_audit_counts_only_towards_a_programme_line_for_its_unit_and_type():
    entry = ProgrammeEntryFactory()
    with pytest.raises(ValidationError, match="another unit or type"):
        AuditFactory(programme_entry=entry, template=entry.template)


# Drafts: nothing typed is lost


def test_a_draft_saves_whatever_is_typed_even_when_incomplete():
    audit = AuditFactory()
    line = audit.ratings.first()
    services.audit_save(
        audit=audit,
        by=audit.auditor,
        changes={f"rating_{line.pk}": Rating.PARTLY_MET, f"evidence_{line.pk}": "Half the story.", "strengths": "Warm"},
    )
    line.refresh_from_db()
    audit.refresh_from_db()
    assert (line.rating, line.evidence, audit.strengths, audit.state) == (
        Rating.PARTLY_MET,
        "Half the story.",
        "Warm",
        Audit.State.DRAFT,
    )


def test_each_save_raises_the_version_and_is_recorded_with_who_saved_it():
    audit = AuditFactory()
    saved = services.audit_save(audit=audit, by=audit.auditor, changes={"strengths": "Clear plan"})
    assert saved.version == 2
    record = saved.history.first()
    assert (record.history_user, record.history_change_reason) == (audit.auditor, "Draft saved")


def test_two_people_changing_different_lines_of_a_draft_both_keep_their_changes():
    audit = AuditFactory()
    first, second = audit.ratings.all()[:2]
    base = as_shown(services.audit_values(audit))
    services.audit_save(
        audit=audit, by=audit.auditor, changes={f"evidence_{first.pk}": "Mine"}, expected_version=1, base=base
    )
    services.audit_save(
        audit=audit, by=audit.auditor, changes={f"evidence_{second.pk}": "Theirs"}, expected_version=1, base=base
    )
    assert list(audit.ratings.order_by("position").values_list("evidence", flat=True))[:2] == ["Mine", "Theirs"]


def test_a_stale_save_of_the_same_line_is_refused_naming_the_other_persons_value():
    audit = AuditFactory()
    line = audit.ratings.first()
    base = as_shown(services.audit_values(audit))
    services.audit_save(
        audit=audit, by=audit.auditor, changes={f"evidence_{line.pk}": "First"}, expected_version=1, base=base
    )
    with pytest.raises(StaleEdit) as stale:
        services.audit_save(
            audit=audit, by=audit.auditor, changes={f"evidence_{line.pk}": "Second"}, expected_version=1, base=base
        )
    assert stale.value.conflicts[0].theirs == "First"
    line.refresh_from_db()
    assert line.evidence == "First"


def test_only_the_auditor_who_started_a_draft_can_save_it_not_an_administrator():
    audit = AuditFactory()
    with pytest.raises(ValidationError, match="Only the auditor"):
        services.audit_save(audit=audit, by=UserFactory(roles=[Role.ADMINISTRATOR]), changes={"strengths": "Mine"})
    audit.refresh_from_db()
    assert (audit.strengths, audit.version) == ("", 1)


def test_a_submitted_audit_can_no_longer_be_edited():
    audit = SubmittedAuditFactory()
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.audit_save(audit=audit, by=audit.auditor, changes={"strengths": "Late"})


# Submitting


def test_submitting_needs_every_line_rated_with_evidence_and_an_overall_grade():
    audit = AuditFactory()
    first = audit.ratings.first()
    services.audit_save(audit=audit, by=audit.auditor, changes={f"rating_{first.pk}": Rating.MET})
    with pytest.raises(ValidationError) as error:
        services.audit_submit(audit=audit, by=audit.auditor)
    fields = error.value.message_dict
    assert f"evidence_{first.pk}" in fields and "overall_grade" in fields
    assert sum(1 for name in fields if name.startswith("rating_")) == 2
    audit.refresh_from_db()
    assert audit.state == Audit.State.DRAFT


def test_not_applicable_needs_no_evidence():
    audit = AuditFactory()
    rate(audit, [Rating.NOT_APPLICABLE, Rating.MET, Rating.MET])
    assert services.audit_submit(audit=audit, by=audit.auditor).state == Audit.State.SUBMITTED


def test_an_audit_where_nothing_applies_cannot_be_submitted():
    audit = AuditFactory()
    rate(audit, [Rating.NOT_APPLICABLE] * 3)
    with pytest.raises(ValidationError, match="at least one line"):
        services.audit_submit(audit=audit, by=audit.auditor)


def test_only_the_auditor_submits_their_audit():
    audit = AuditFactory()
    rate(audit, [])
    with pytest.raises(ValidationError, match="Only the auditor"):
        services.audit_submit(audit=audit, by=AuditorFactory())


def test_submitting_twice_is_refused_by_the_state_machine():
    audit = SubmittedAuditFactory()
    with pytest.raises(ValidationError, match="cannot be submitted now"):
        services.audit_submit(audit=audit, by=audit.auditor)


# Moderation


def test_the_auditor_cannot_moderate_their_own_audit():
    audit = SubmittedAuditFactory()
    with pytest.raises(ValidationError, match="second auditor"):
        services.audit_moderate(audit=audit, by=audit.auditor, decisions=agree_all(audit), overall_agrees=True)


@pytest.mark.parametrize("roles", [[Role.ADMINISTRATOR], [Role.SENIOR_LEADERSHIP, Role.STAFF]])
def test_only_a_second_auditor_can_moderate_not_an_administrator_or_anyone_else(roles):
    audit = SubmittedAuditFactory()
    with pytest.raises(ValidationError, match="second auditor"):
        services.audit_moderate(
            audit=audit, by=UserFactory(roles=roles), decisions=agree_all(audit), overall_agrees=True
        )
    audit.refresh_from_db()
    assert (audit.state, audit.moderator) == (Audit.State.SUBMITTED, None)


def test_a_draft_cannot_be_moderated():
    audit = AuditFactory()
    with pytest.raises(ValidationError, match="cannot be moderated now"):
        services.audit_moderate(audit=audit, by=AuditorFactory(), decisions={}, overall_agrees=True)


def test_agreeing_reports_the_auditors_ratings_and_grade():
    audit = SubmittedAuditFactory(ratings=[Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET], grade=Grade.GOOD)
    moderator = AuditorFactory()
    audit = services.audit_moderate(audit=audit, by=moderator, decisions=agree_all(audit), overall_agrees=True)
    assert (audit.state, audit.reported_grade, audit.moderator) == (Audit.State.MODERATED, Grade.GOOD, moderator)
    assert list(audit.ratings.order_by("position").values_list("reported_rating", flat=True)) == [
        Rating.MET,
        Rating.PARTLY_MET,
        Rating.NOT_MET,
    ]


def test_the_moderated_grade_and_ratings_are_the_ones_reported():
    audit = SubmittedAuditFactory(grade=Grade.GOOD)
    first = audit.ratings.order_by("position").first()
    decisions = agree_all(audit)
    decisions[first.pk] = services.Decision(agrees=False, rating=Rating.PARTLY_MET, reason="Evidence is thin.")
    audit = services.audit_moderate(
        audit=audit,
        by=AuditorFactory(),
        decisions=decisions,
        overall_agrees=False,
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
        overall_reason="Identity not recorded in the family's words.",
    )
    first.refresh_from_db()
    assert (audit.overall_grade, audit.reported_grade) == (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT)
    assert (first.rating, first.reported_rating, first.moderation_reason) == (
        Rating.MET,
        Rating.PARTLY_MET,
        "Evidence is thin.",
    )


def test_disagreeing_needs_a_different_rating_and_a_reason_for_each_line_and_overall():
    audit = SubmittedAuditFactory()
    first = audit.ratings.order_by("position").first()
    decisions = agree_all(audit)
    decisions[first.pk] = services.Decision(agrees=False, rating=Rating.MET, reason="")
    with pytest.raises(ValidationError) as error:
        services.audit_moderate(audit=audit, by=AuditorFactory(), decisions=decisions, overall_agrees=False)
    fields = error.value.message_dict
    assert {f"moderated_{first.pk}", f"reason_{first.pk}", "overall_grade", "overall_reason"} <= set(fields)
    audit.refresh_from_db()
    assert audit.state == Audit.State.SUBMITTED


def test_every_line_needs_the_moderators_view():
    audit = SubmittedAuditFactory()
    with pytest.raises(ValidationError) as error:
        services.audit_moderate(audit=audit, by=AuditorFactory(), decisions={}, overall_agrees=True)
    assert len(error.value.message_dict) == 3


# Actions arising, through plans' services


def test_an_action_arising_is_created_in_the_plan_with_its_lead_and_timescale():
    audit = ModeratedAuditFactory()
    goal = GoalFactory()
    lead = LeadFactory()
    standard = audit.ratings.first().standard
    arising = services.action_arising_create(
        audit=audit,
        by=audit.auditor,
        goal=goal,
        title="Refresh identity guidance",
        leads=[lead],
        timescale_text="By March 2027",
        standard=standard,
    )
    action = arising.action
    assert (action.plan, action.goal, action.title, action.reference) == (
        goal.plan,
        goal,
        "Refresh identity guidance",
        f"AUD{audit.pk}-1",
    )
    assert list(action.leads.all()) == [lead]
    assert action.timescale_text == "By March 2027" and action.due_date is not None
    assert (arising.how, arising.standard, arising.plan_title) == (ActionArising.How.CREATED, standard, goal.plan.title)


def test_an_action_arising_needs_a_lead_and_a_timescale():
    audit = ModeratedAuditFactory()
    with pytest.raises(ValidationError) as error:
        services.action_arising_create(
            audit=audit, by=audit.auditor, goal=GoalFactory(), title="Do it", leads=[], timescale_text=""
        )
    assert "leads" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.action_arising_create(
            audit=audit, by=audit.auditor, goal=GoalFactory(), title="Do it", leads=[LeadFactory()], timescale_text=" "
        )
    assert "timescale_text" in error.value.message_dict


def test_an_existing_action_can_be_linked_once():
    audit = ModeratedAuditFactory()
    action = ActionFactory()
    arising = services.action_arising_link(audit=audit, by=audit.auditor, action=action)
    assert (arising.action, arising.how, arising.action_reference) == (
        action,
        ActionArising.How.LINKED,
        action.reference,
    )
    with pytest.raises(ValidationError, match="already linked"):
        services.action_arising_link(audit=audit, by=audit.auditor, action=action)


def test_an_action_arising_names_only_a_standard_the_audit_rated():
    audit = ModeratedAuditFactory()
    other = TemplateFactory().framework.standards.first()
    with pytest.raises(ValidationError, match="this audit rated"):
        services.action_arising_link(audit=audit, by=audit.auditor, action=ActionFactory(), standard=other)


# The programme


def test_a_programme_line_names_an_auditor():
    with pytest.raises(ValidationError, match="is not an auditor"):
        services.programme_entry_create(
            by=AuditorFactory(),
            unit=UnitFactory(),
            template=TemplateFactory(),
            audits_due=2,
            starts_on=timezone.localdate(),
            due_by=timezone.localdate(),
            auditor=UserFactory(),
        )


def test_a_programme_line_is_due_on_or_after_it_starts():
    with pytest.raises(ValidationError, match="on or after the start date"):
        services.programme_entry_create(
            by=AuditorFactory(),
            unit=UnitFactory(),
            template=TemplateFactory(),
            audits_due=2,
            starts_on=timezone.localdate(),
            due_by=timezone.localdate() - timedelta(days=1),
            auditor=AuditorFactory(),
        )


def test_two_people_editing_a_programme_line_keep_each_others_changes():
    entry = ProgrammeEntryFactory(audits_due=2)
    base = as_shown(services.programme_values(entry))
    services.programme_entry_update(
        entry=entry, by=entry.auditor, changes={"audits_due": 3}, expected_version=1, base=base
    )
    services.programme_entry_update(
        entry=entry, by=entry.auditor, changes={"notes": "Focus on identity"}, expected_version=1, base=base
    )
    entry.refresh_from_db()
    assert (entry.audits_due, entry.notes, entry.version) == (3, "Focus on identity", 3)


# Language samples


def test_a_language_sample_keeps_the_counts_not_the_text():
    term = GlossaryTermFactory()
    audit = AuditFactory(template=LanguageTemplateFactory())
    text = "Dad was aggressive. " + "Words " * 98
    sample = services.language_sample_record(audit=audit, by=audit.auditor, label="CP conference minutes", text=text)
    assert (sample.words, sample.flagged, sample.by_term) == (101, 1, {term.key: 1})
    assert str(sample.per_thousand) == "9.9"
    assert "aggressive" not in str(LanguageSample.objects.values_list().get())


def test_only_language_audits_take_samples():
    audit = AuditFactory()
    with pytest.raises(ValidationError, match="meeting-minutes language audits"):
        services.language_sample_record(audit=audit, by=audit.auditor, label="Minutes", text="Some words")
