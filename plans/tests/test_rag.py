"""The RAG rules (docs/rag.md), in Python and in SQL."""

from datetime import date, timedelta
from itertools import product

import pytest

from plans.choices import Rag, Status
from plans.rag import RagRules, action_rag, compute_rag
from plans.selectors import actions_with_rag

from .factories import ActionFactory, PlanFactory

TODAY = date(2026, 11, 22)
RULES = RagRules(update_window_days=90, due_soon_days=30)


def rag(**overrides):
    facts = dict(
        status=Status.IN_PROGRESS,
        due_date=TODAY + timedelta(days=100),
        ongoing=False,
        last_update_on=TODAY - timedelta(days=5),
        created_on=TODAY - timedelta(days=200),
        update_requested=False,
        rules=RULES,
        today=TODAY,
    )
    facts.update(overrides)
    return compute_rag(**facts)


def test_a_complete_action_is_blue_even_when_its_due_date_has_passed():
    assert rag(status=Status.COMPLETE, due_date=TODAY - timedelta(days=300)).colour == Rag.BLUE


def test_an_action_not_pursued_is_closed():
    assert rag(status=Status.NOT_PURSUED).colour == Rag.CLOSED


def test_an_action_past_its_due_date_and_not_complete_is_red():
    result = rag(due_date=TODAY - timedelta(days=1))
    assert (result.colour, result.reason) == (Rag.RED, "Overdue")


def test_an_action_due_today_is_not_yet_overdue():
    assert rag(due_date=TODAY).colour != Rag.RED


def test_an_action_on_hold_is_amber():
    assert (rag(status=Status.ON_HOLD).colour, rag(status=Status.ON_HOLD).reason) == (Rag.AMBER, "On hold")


def test_an_action_with_no_update_within_the_window_is_amber_update_needed():
    result = rag(last_update_on=TODAY - timedelta(days=91))
    assert (result.colour, result.reason) == (Rag.AMBER, "Update needed")


def test_an_update_exactly_at_the_window_edge_still_counts_as_fresh():
    assert rag(last_update_on=TODAY - timedelta(days=90)).colour == Rag.GREEN


def test_an_action_never_updated_is_judged_from_the_day_it_was_created():
    assert rag(last_update_on=None, created_on=TODAY - timedelta(days=10)).colour == Rag.GREEN
    assert rag(last_update_on=None, created_on=TODAY - timedelta(days=100)).reason == "Update needed"


def test_a_request_for_an_update_makes_an_action_amber():
    assert rag(update_requested=True).reason == "Update needed"


def test_a_plan_can_tune_its_update_window():
    assert rag(last_update_on=TODAY - timedelta(days=40), rules=RagRules(update_window_days=30)).colour == Rag.AMBER


def test_an_action_not_started_and_due_within_30_days_is_amber():
    result = rag(status=Status.NOT_STARTED, due_date=TODAY + timedelta(days=30))
    assert (result.colour, result.reason) == (Rag.AMBER, "Due soon, not started")


def test_an_action_in_progress_and_due_soon_is_green():
    assert rag(due_date=TODAY + timedelta(days=10)).colour == Rag.GREEN


def test_an_action_with_no_date_is_green_but_flagged():
    result = rag(due_date=None)
    assert (result.colour, result.no_date, result.reason) == (Rag.GREEN, True, "No date")


def test_an_ongoing_action_without_a_due_date_is_not_flagged_for_its_date():
    assert rag(due_date=None, ongoing=True).no_date is False


def test_a_leads_override_wins_until_it_expires():
    assert (
        rag(due_date=TODAY - timedelta(days=5), rag_override=Rag.GREEN, rag_override_expires=TODAY).colour == Rag.GREEN
    )
    assert (
        rag(
            due_date=TODAY - timedelta(days=5), rag_override=Rag.GREEN, rag_override_expires=TODAY - timedelta(days=1)
        ).colour
        == Rag.RED
    )


def test_an_override_is_marked_as_overridden():
    assert rag(rag_override=Rag.AMBER).overridden is True


@pytest.mark.django_db
def test_the_sql_rules_agree_with_the_python_rules_for_every_combination(settings):
    plan = PlanFactory(update_window_days=60, due_soon_days=14)
    dues = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=14), TODAY + timedelta(days=15)]
    updates = [None, TODAY - timedelta(days=60), TODAY - timedelta(days=61)]
    overrides = [("", None), (Rag.GREEN, None), (Rag.RED, TODAY - timedelta(days=1))]
    combos = list(product(Status.values, dues, updates, [False, True], [False, True], overrides))
    made = []
    for i, (status, due, last, requested, ongoing, (colour, expires)) in enumerate(combos):
        made.append(
            ActionFactory.build(
                goal=None,
                plan=plan,
                code=str(i),
                reference=f"R{i}",
                status=status,
                due_date=due,
                last_update_on=last,
                update_requested=requested,
                ongoing=ongoing,
                rag_override=colour,
                rag_override_reason="Set by a lead" if colour else "",
                rag_override_expires=expires,
                created_on=TODAY - timedelta(days=30),
            )
        )
    from plans.models import Goal

    goal = Goal.objects.create(plan=plan, number="1", title="Goal")
    for action in made:
        action.goal = goal
    from plans.models import Action

    Action.objects.bulk_create(made)
    rules = RagRules.for_plan(plan)
    for action in actions_with_rag(Action.objects.filter(plan=plan), today=TODAY):
        expected = action_rag(action, today=TODAY, rules=rules)
        assert (action.rag, action.rag_reason) == (expected.colour, expected.reason), action.reference
