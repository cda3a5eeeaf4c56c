"""The plan as it was: state on a past day, changes between days, the daily record and the trend."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from organisation.tests.factories import LeadFactory, UserFactory
from plans import past, selectors, services
from plans.choices import Rag, Status
from plans.models import Action, ActionDay

from .factories import ActionFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 3, 2)


def grow_plan():
    """On DAY_ONE a plan with a headline action and two sub-actions, one led by LV."""
    with freeze_time(DAY_ONE):
        plan = PlanFactory(period_start=date(2026, 1, 1), period_end=date(2027, 3, 31))
        goal = GoalFactory(plan=plan, number="1")
        top = ActionFactory(plan=plan, goal=goal, code="1.1", due_date=None, status=Status.NOT_STARTED)
        a = ActionFactory(plan=plan, goal=goal, parent=top, code="A", due_date=date(2026, 6, 30),
                          leads=[LeadFactory(name="LV")])
        b = ActionFactory(plan=plan, goal=goal, parent=top, code="B", due_date=date(2026, 9, 30))
    return plan, top, a, b


def state(plan, day):
    return {a.reference: a for g in past.plan_as_at(plan, day) for a in g.actions}


def test_the_plan_as_at_today_agrees_with_the_pages():
    plan, *_ = grow_plan()
    today = timezone.localdate()
    now = {a.reference: (a.rag, a.status) for a in selectors.actions_with_rag(Action.objects.filter(plan=plan),
                                                                             today=today)}
    assert {ref: (a.rag.colour, a.status) for ref, a in state(plan, today).items()} == now


def test_a_past_day_shows_the_status_colour_and_leads_it_had_then_not_now():
    plan, top, a, b = grow_plan()
    owner = UserFactory()
    with freeze_time(date(2026, 4, 10)):
        services.action_add_progress(action=a, by=owner, text="Finished.", status=Status.COMPLETE)
        services.action_update(action=b, by=owner, changes={"leads": [LeadFactory(name="HO")]})
    before = state(plan, date(2026, 4, 1))
    after = state(plan, date(2026, 4, 11))
    assert (before["1.1.A"].status, before["1.1.A"].leads) == (Status.IN_PROGRESS, ["LV"])
    assert after["1.1.A"].status == Status.COMPLETE and after["1.1.A"].rag.colour == Rag.BLUE
    assert (before["1.1.B"].leads, after["1.1.B"].leads) == ([], ["HO"])
    assert after["1.1.A"].latest_update.text == "Finished." and before["1.1.A"].latest_update is None


def test_an_action_that_did_not_exist_yet_is_not_in_the_plan_as_at_that_day():
    plan, *_ = grow_plan()
    assert state(plan, DAY_ONE - timedelta(days=1)) == {}


def test_a_headline_action_as_at_a_day_takes_its_sub_actions_worst_colour_and_is_not_counted():
    plan, *_ = grow_plan()
    then = state(plan, date(2026, 8, 1))  # 1.1.A overdue by then
    assert then["1.1"].rag.colour == Rag.RED and then["1.1"].rag.reason == "From its sub-actions"
    assert past.rag_counts(list(then.values()))[Rag.RED] == 1  # 1.1.A once; 1.1 is not counted again


def test_changes_between_two_days_lists_additions_completions_moved_dates_with_reasons_and_updates():
    plan, top, a, b = grow_plan()
    owner = UserFactory()
    with freeze_time(date(2026, 4, 10)):
        services.action_add_progress(action=a, by=owner, text="Finished.", status=Status.COMPLETE)
        services.action_update(action=b, by=owner, changes={"due_date": date(2026, 12, 31)},
                               reason="New date agreed at DMT")
        ActionFactory(plan=plan, goal=top.goal, code="1.2", title="New action")
    goals = past.changes_between(plan, date(2026, 4, 1), date(2026, 4, 30))
    by_ref = {c.reference: c for c in goals[0].changes}
    assert "completed" in by_ref["1.1.A"].kinds and "updates" in by_ref["1.1.A"].kinds
    assert by_ref["1.1.B"].lines == [
        "Due date moved from 30 September 2026 to 31 December 2026 (New date agreed at DMT)"
    ]
    assert by_ref["1.2"].kinds == ["added"]


def test_changes_between_two_days_list_moved_start_dates_with_their_reasons_beside_moved_due_dates():
    plan, top, a, b = grow_plan()
    owner = UserFactory()
    with freeze_time(DAY_ONE):
        services.action_update(action=a, by=owner, changes={"timescale_text": "April to June 2026"})
    with freeze_time(date(2026, 4, 10)):
        services.action_update(action=a, by=owner, changes={"timescale_text": "May to June 2026"},
                               reason="Waiting for the new HR system")
        services.action_update(action=b, by=owner, changes={"timescale_text": "June to December 2026"})
    goals = past.changes_between(plan, date(2026, 4, 1), date(2026, 4, 30))
    by_ref = {c.reference: c for c in goals[0].changes}
    assert by_ref["1.1.A"].kinds == ["dates"]
    assert by_ref["1.1.A"].lines == ["Start date moved from 1 April 2026 to 1 May 2026 (Waiting for the new HR system)"]
    assert by_ref["1.1.B"].lines == [
        "Start date moved from (empty) to 1 June 2026 (Edited)",
        "Due date moved from 30 September 2026 to 31 December 2026 (Edited)",
    ]


def test_as_at_a_recorded_day_shows_the_colours_the_record_holds_so_it_agrees_with_the_trend():
    plan, top, a, b = grow_plan()
    day = date(2026, 4, 1)
    assert state(plan, day)["1.1.B"].rag.colour != Rag.RED
    # The pages showed 1.1.B red that day (say its plan's windows were shorter then than the history tells):
    # what was recorded, and counted in the trend, is what "as at" shows.
    ActionDay.objects.create(action=b, plan=plan, day=day, status=b.status, rag=Rag.RED, reason="Recorded red")
    then = state(plan, day)
    assert (then["1.1.B"].rag.colour, then["1.1.B"].rag.reason) == (Rag.RED, "Recorded red")
    assert then["1.1.A"].rag.colour == state(plan, date(2026, 4, 2))["1.1.A"].rag.colour  # the rest as before


def test_the_daily_record_writes_each_action_once_per_day_and_a_rerun_replaces_it():
    plan, *_ = grow_plan()
    day = timezone.localdate()
    assert past.record_day(day) == 3
    assert past.record_day(day) == 3
    assert ActionDay.objects.filter(day=day).count() == 3
    assert ActionDay.objects.get(action__reference="1.1").counted is False


def test_backfilled_days_agree_with_the_plan_as_at_those_days_and_the_trend_reads_them():
    plan, top, a, b = grow_plan()
    with freeze_time(date(2026, 4, 10)):
        services.action_add_progress(action=a, by=UserFactory(), text="Done.", status=Status.COMPLETE)
    days = [date(2026, 3, 31), date(2026, 4, 30)]
    past.backfill_days(plan, days)
    trend = past.rag_trend(Action.objects.filter(plan=plan), today=date(2026, 4, 30), months=2)
    assert [p.day for p in trend] == days
    assert trend[1].counts[Rag.BLUE] == 1 and sum(trend[1].counts.values()) == 2
    assert trend[0].counts[Rag.BLUE] == 0


def test_reading_the_plan_as_at_a_day_takes_the_same_queries_at_ten_times_the_size(django_assert_max_num_queries):
    plan, *_ = grow_plan()
    with django_assert_max_num_queries(10):
        past.plan_as_at(plan, timezone.localdate())
    for n in range(30):
        ActionFactory(plan=plan, goal=plan.goals.first(), code=f"9.{n}")
    with django_assert_max_num_queries(10):
        past.plan_as_at(plan, timezone.localdate())
