"""Writes to plans: progress, concurrent edits, overrides, structure edits, comments, history, RAG as at a day."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from organisation.tests.factories import LeadFactory
from plans import selectors, services
from plans.choices import Rag, Status
from plans.models import ProgressUpdate, ReviewComment
from shared.roles import Role
from shared.stale import Conflict, StaleEdit, normalise

from .factories import ActionFactory, PlanFactory, ProgressUpdateFactory, StaleActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(person_with_role):
    return person_with_role(Role.ACTION_LEAD)


def test_a_progress_update_records_author_text_status_and_the_colour_it_left(lead):
    action = StaleActionFactory()
    update = services.action_add_progress(
        action=action,
        by=lead,
        text="Panels agreed at WFDB.",
        status=Status.IN_PROGRESS,
        expected_version=action.version,
    )
    action.refresh_from_db()
    assert (update.author, update.text, update.status, update.rag) == (
        lead,
        "Panels agreed at WFDB.",
        Status.IN_PROGRESS,
        Rag.GREEN,
    )
    assert action.last_update_on == timezone.localdate()


def test_a_progress_update_turns_an_amber_update_needed_action_green(lead):
    action = StaleActionFactory()
    assert selectors.action_current_rag(action).reason == "Update needed"
    services.action_add_progress(action=action, by=lead, text="Done the review.", status=Status.IN_PROGRESS)
    action.refresh_from_db()
    assert selectors.action_current_rag(action).colour == Rag.GREEN


def test_a_progress_update_clears_a_request_for_an_update(lead):
    action = ActionFactory(update_requested=True)
    services.action_add_progress(action=action, by=lead, text="Here it is.", status=Status.IN_PROGRESS)
    action.refresh_from_db()
    assert action.update_requested is False


def test_a_backdated_update_does_not_move_the_last_update_date_backwards(lead):
    action = ActionFactory(last_update_on=timezone.localdate())
    services.action_add_progress(
        action=action,
        by=lead,
        text="Earlier note.",
        status=Status.IN_PROGRESS,
        written_on=timezone.localdate() - timedelta(days=30),
    )
    action.refresh_from_db()
    assert action.last_update_on == timezone.localdate()


def test_an_update_dated_in_the_future_is_refused(lead):
    action = ActionFactory()
    with pytest.raises(ValidationError):
        services.action_add_progress(
            action=action,
            by=lead,
            text="x",
            status=Status.IN_PROGRESS,
            written_on=timezone.localdate() + timedelta(days=1),
        )


def test_two_people_changing_the_status_differently_at_once_is_refused_showing_both(lead, person_with_role):
    action = ActionFactory(status=Status.IN_PROGRESS)
    seen, base = action.version, {"status": Status.IN_PROGRESS}
    other = person_with_role(Role.PLAN_OWNER)
    services.action_add_progress(
        action=action, by=other, text="First save.", status=Status.ON_HOLD, expected_version=seen, base=base
    )
    with pytest.raises(StaleEdit) as refused:
        services.action_add_progress(
            action=action, by=lead, text="Second save.", status=Status.COMPLETE, expected_version=seen, base=base
        )
    assert refused.value.conflicts == [Conflict("status", Status.ON_HOLD, Status.COMPLETE)]
    assert refused.value.editors == [str(other)]
    assert list(ProgressUpdate.objects.values_list("text", flat=True)) == ["First save."]
    action.refresh_from_db()
    assert action.status == Status.ON_HOLD


def test_a_second_update_that_leaves_the_status_alone_is_added_and_keeps_the_others_status(lead, person_with_role):
    action = ActionFactory(status=Status.IN_PROGRESS)
    seen, base = action.version, {"status": Status.IN_PROGRESS}
    services.action_add_progress(
        action=action,
        by=person_with_role(Role.PLAN_OWNER),
        text="First.",
        status=Status.ON_HOLD,
        expected_version=seen,
        base=base,
    )
    services.action_add_progress(
        action=action, by=lead, text="Second.", status=Status.IN_PROGRESS, expected_version=seen, base=base
    )
    action.refresh_from_db()
    assert action.status == Status.ON_HOLD
    assert sorted(ProgressUpdate.objects.values_list("text", flat=True)) == ["First.", "Second."]


def test_an_edit_after_someone_elses_writes_only_the_fields_this_person_changed(person_with_role):
    owner, other = person_with_role(Role.PLAN_OWNER), person_with_role(Role.PLAN_OWNER)
    action = ActionFactory(title="Old title", detail="Old detail")
    seen = action.version
    base = {name: normalise(value) for name, value in selectors.action_edit_values(action).items()}
    services.action_update(action=action, by=other, changes={"title": "Their title"}, expected_version=seen, base=base)
    services.action_update(action=action, by=owner, changes={"detail": "My detail"}, expected_version=seen, base=base)
    action.refresh_from_db()
    assert (action.title, action.detail) == ("Their title", "My detail")


def test_an_edit_of_a_field_someone_else_changed_meanwhile_is_refused(person_with_role):
    owner, other = person_with_role(Role.PLAN_OWNER), person_with_role(Role.PLAN_OWNER)
    action = ActionFactory(title="Old title")
    seen = action.version
    base = {name: normalise(value) for name, value in selectors.action_edit_values(action).items()}
    services.action_update(action=action, by=other, changes={"title": "Their title"}, expected_version=seen, base=base)
    with pytest.raises(StaleEdit) as refused:
        services.action_update(action=action, by=owner, changes={"title": "My title"}, expected_version=seen, base=base)
    assert refused.value.conflicts == [Conflict("title", "Their title", "My title")]
    action.refresh_from_db()
    assert action.title == "Their title"


def test_a_lead_can_override_the_colour_with_a_reason_until_it_expires(lead):
    action = ActionFactory(due_date=timezone.localdate() - timedelta(days=3))
    expires = timezone.localdate() + timedelta(days=7)
    services.action_set_rag_override(
        action=action, by=lead, colour=Rag.AMBER, reason="New date agreed with DMT", expires=expires
    )
    action.refresh_from_db()
    result = selectors.action_current_rag(action)
    assert (result.colour, result.overridden, action.rag_override_reason) == (
        Rag.AMBER,
        True,
        "New date agreed with DMT",
    )
    assert selectors.action_current_rag(action, today=expires + timedelta(days=1)).colour == Rag.RED


def test_an_override_without_a_reason_is_refused(lead):
    with pytest.raises(ValidationError):
        services.action_set_rag_override(action=ActionFactory(), by=lead, colour=Rag.GREEN, reason=" ", expires=None)


def test_removing_an_override_brings_back_the_computed_colour(lead):
    action = ActionFactory(rag_override=Rag.RED, rag_override_reason="Blocked")
    services.action_clear_rag_override(action=action, by=lead)
    action.refresh_from_db()
    assert selectors.action_current_rag(action).colour == Rag.GREEN


def test_editing_the_timescale_derives_the_dates_from_the_text(person_with_role):
    action = ActionFactory(plan=PlanFactory(period_start=date(2020, 4, 1), period_end=date(2021, 3, 31)), due_date=None)
    services.action_update(
        action=action, by=person_with_role(Role.PLAN_OWNER), changes={"timescale_text": "Spring 2021"}
    )
    action.refresh_from_db()
    assert (action.start_date, action.due_date, action.timescale_needs_review) == (
        date(2021, 3, 1),
        date(2021, 5, 31),
        False,
    )


def test_an_unreadable_timescale_is_kept_and_flagged_never_guessed(person_with_role):
    action = ActionFactory()
    services.action_update(action=action, by=person_with_role(Role.PLAN_OWNER), changes={"timescale_text": "TBC"})
    action.refresh_from_db()
    assert (action.timescale_text, action.due_date, action.timescale_needs_review) == ("TBC", None, True)


def test_setting_a_due_date_by_hand_clears_the_review_flag(person_with_role):
    action = ActionFactory(timescale_text="TBC", due_date=None, timescale_needs_review=True)
    services.action_update(action=action, by=person_with_role(Role.PLAN_OWNER), changes={"due_date": date(2027, 1, 31)})
    action.refresh_from_db()
    assert (action.due_date, action.timescale_needs_review) == (date(2027, 1, 31), False)


def test_the_history_timeline_says_who_changed_which_field_from_what_to_what(lead):
    action = ActionFactory(status=Status.NOT_STARTED)
    services.action_add_progress(action=action, by=lead, text="Started.", status=Status.IN_PROGRESS)
    latest = selectors.action_history(action)[0]
    assert latest.who == str(lead)
    assert ("Status", "Not started", "In progress") in latest.fields
    assert latest.what.startswith("Progress update")


def test_the_colour_an_action_had_on_a_past_day_can_be_recovered(lead):
    with freeze_time("2026-01-10"):
        action = ActionFactory(due_date=date(2026, 3, 31), status=Status.IN_PROGRESS)
    with freeze_time("2026-06-01"):
        services.action_add_progress(action=action, by=lead, text="Finished.", status=Status.COMPLETE)
    assert selectors.action_rag_as_at(action, date(2026, 2, 1)).colour == Rag.GREEN
    assert selectors.action_rag_as_at(action, date(2026, 5, 1)).colour == Rag.RED
    assert selectors.action_rag_as_at(action, date(2026, 6, 2)).colour == Rag.BLUE
    assert selectors.action_rag_as_at(action, date(2025, 12, 31)) is None


def test_a_comment_is_answered_by_its_assignee_then_resolved(person_with_role, lead):
    reviewer = person_with_role(Role.SENIOR_LEADERSHIP)
    comment = services.comment_create(action=ActionFactory(), by=reviewer, text="One off or ongoing?", assigned_to=lead)
    services.comment_answer(comment=comment, by=lead, response="Ongoing: quarterly.")
    services.comment_resolve(comment=comment, by=reviewer)
    comment.refresh_from_db()
    assert (comment.state, comment.response, comment.responded_by, comment.resolved_by) == (
        ReviewComment.State.RESOLVED,
        "Ongoing: quarterly.",
        lead,
        reviewer,
    )


def test_a_resolved_comment_cannot_be_answered_again(lead):
    comment = services.comment_create(action=ActionFactory(), by=lead, text="Q?")
    services.comment_resolve(comment=comment, by=lead)
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, by=lead, response="late")


def test_my_actions_lists_what_i_lead_most_urgent_first(lead):
    mine = LeadFactory(user=lead)
    green = ActionFactory(leads=[mine], reference="Z")
    red = ActionFactory(leads=[mine], due_date=timezone.localdate() - timedelta(days=1), reference="Y")
    stale = StaleActionFactory(leads=[mine], reference="X")
    ActionFactory()  # someone else's
    assert [a.pk for a in selectors.my_actions(lead)] == [red.pk, stale.pk, green.pk]


def test_actions_led_by_a_group_i_act_for_are_mine_too(lead):
    from organisation.tests.factories import GroupLeadFactory

    board = GroupLeadFactory()
    board.members.add(lead)
    action = ActionFactory(leads=[board])
    assert [a.pk for a in selectors.my_actions(lead)] == [action.pk]


def test_linking_a_placeholder_lead_puts_its_actions_in_that_persons_list(lead, person_with_role):
    placeholder = LeadFactory(name="LV", user=None)
    action = ActionFactory(leads=[placeholder])
    services.lead_link_account(lead=placeholder, user=lead, by=person_with_role(Role.PLAN_OWNER))
    assert [a.pk for a in selectors.my_actions(lead)] == [action.pk]
    assert placeholder not in selectors.placeholder_leads()


def test_plan_owners_tune_the_rag_windows_per_plan(person_with_role):
    plan = PlanFactory()
    action = ActionFactory(plan=plan, goal__plan=plan, last_update_on=timezone.localdate() - timedelta(days=40))
    assert selectors.action_current_rag(action).colour == Rag.GREEN
    services.plan_update_settings(plan=plan, by=person_with_role(Role.PLAN_OWNER), update_window_days=30)
    action.refresh_from_db()
    assert selectors.action_current_rag(action).reason == "Update needed"


def test_progress_updates_are_listed_newest_first():
    action = ActionFactory()
    ProgressUpdateFactory(action=action, written_on=date(2026, 1, 1), text="old")
    ProgressUpdateFactory(action=action, written_on=date(2026, 2, 1), text="new")
    assert [u.text for u in selectors.action_detail(action.pk).updates.all()] == ["new", "old"]


def test_a_new_timescale_sets_the_dates_even_when_the_form_sends_the_old_empty_due_date(person_with_role):
    action = ActionFactory(plan=PlanFactory(period_start=date(2020, 4, 1), period_end=date(2021, 3, 31)), due_date=None)
    services.action_update(
        action=action, by=person_with_role(Role.PLAN_OWNER), changes={"timescale_text": "By April 2021"}
    )
    action.refresh_from_db()
    assert action.due_date == date(2021, 4, 30)


def test_changes_to_a_plan_and_its_goals_show_in_the_plans_timeline(person_with_role):
    from .factories import GoalFactory

    owner = person_with_role(Role.PLAN_OWNER)
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, title="Old title")
    services.plan_update_settings(plan=plan, by=owner, update_window_days=45)
    goal.title = "New title"
    goal._history_user = owner
    goal.save()
    changes = selectors.plan_history(plan)
    assert ("Goal 1" if goal.number == "1" else f"Goal {goal.number}") in [c.subject for c in changes]
    fields = [f for c in changes for f in c.fields]
    assert ("Title", "Old title", "New title") in fields
    assert any(label.startswith("Update window") and new == "45" for label, old, new in fields)


def test_undated_imported_updates_come_after_dated_ones_on_every_database():
    action = ActionFactory()
    ProgressUpdateFactory(action=action, written_on=None, text="undated", source=ProgressUpdate.Source.IMPORT)
    ProgressUpdateFactory(action=action, written_on=date(2026, 2, 1), text="dated")
    assert [u.text for u in selectors.action_detail(action.pk).updates.all()] == ["dated", "undated"]


def test_a_timeline_with_no_recorded_history_is_empty_not_an_error():
    plan = PlanFactory()
    plan.history.all().delete()
    assert selectors.plan_history(plan) == []


def test_the_timeline_shows_leads_themes_and_see_also_changes_with_before_and_after(person_with_role):
    from plans.models import Theme

    owner = person_with_role(Role.PLAN_OWNER)
    from organisation.tests.factories import PlaceholderLeadFactory

    action = ActionFactory(leads=[PlaceholderLeadFactory(name="LA")])
    other = ActionFactory(plan=action.plan, goal=action.goal, code="9")
    services.action_update(
        action=action,
        by=owner,
        changes={
            "leads": [PlaceholderLeadFactory(name="LV")],
            "themes": [Theme.objects.create(name="Data and transparency")],
            "cross_references": [other],
            "evidence_links": [("Protocol", "https://example.org/p")],
        },
    )
    changes = selectors.action_history(action)
    edited = next(c for c in changes if c.what == "Edited")
    assert edited.who == str(owner)
    assert ("Leads", "LA", "LV") in edited.fields
    assert ("Themes", "(none)", "Data and transparency") in edited.fields
    assert any(f.label == "Cross references" and f.after.startswith(other.reference) for f in edited.fields)
    assert any(c.what == "Evidence link added" and "Protocol" in c.subject for c in changes)


def test_history_writes_dates_as_people_write_them(person_with_role):
    action = ActionFactory(due_date=date(2026, 10, 9))
    services.action_update(
        action=action, by=person_with_role(Role.PLAN_OWNER), changes={"due_date": date(2026, 11, 29)}
    )
    edited = selectors.action_history(action)[0]
    assert ("Due date", "9 October 2026", "29 November 2026") in edited.fields


def test_linking_a_lead_records_who_linked_which_lead_to_which_account(person_with_role):
    from organisation.tests.factories import PlaceholderLeadFactory

    owner, account = person_with_role(Role.PLAN_OWNER), person_with_role(Role.ACTION_LEAD)
    lead = PlaceholderLeadFactory(name="HO")
    services.lead_link_account(lead=lead, user=account, by=owner)
    record = selectors.recent_lead_links()[0]
    assert (record.name, record.history_user, record.history_change_reason) == ("HO", owner, f"Linked to {account}")
