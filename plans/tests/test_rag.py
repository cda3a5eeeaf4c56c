"""The RAG rules (docs/rag.md), in Python and in SQL."""

from datetime import date, timedelta
from itertools import product

import pytest
from django.utils import timezone

from plans.choices import Rag, Status
from plans.rag import RagResult, RagRules, action_rag, compute_rag, roll_up
from plans.selectors import actions_with_rag

from .factories import ActionFactory, PlanFactory, StaleActionFactory

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


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS])
def test_an_open_action_with_no_due_date_is_never_green_but_no_date(status):
    result = rag(due_date=None, status=status)
    assert (result.colour, result.no_date, result.reason) == (Rag.NO_DATE, True, "No due date")


def test_no_date_wins_over_update_needed_so_the_owner_is_asked_for_a_date_first():
    assert rag(due_date=None, update_requested=True).colour == Rag.NO_DATE


@pytest.mark.parametrize(
    "facts,colour",
    [
        (dict(ongoing=True), Rag.GREEN),
        (dict(status=Status.ONGOING), Rag.GREEN),
        (dict(status=Status.COMPLETE), Rag.BLUE),
        (dict(status=Status.ON_HOLD), Rag.AMBER),
        (dict(status=Status.NOT_PURSUED), Rag.CLOSED),
    ],
)
def test_ongoing_complete_on_hold_and_closed_actions_need_no_date(facts, colour):
    assert rag(due_date=None, **facts).colour == colour


def leaf(colour):
    return RagResult(colour, "x")


def test_a_headline_action_shows_the_worst_colour_of_its_open_sub_actions():
    result = roll_up(leaf(Rag.NO_DATE), [leaf(Rag.GREEN), leaf(Rag.AMBER), leaf(Rag.BLUE)])
    assert (result.colour, result.reason, result.counts) == (
        Rag.AMBER,
        "From its sub-actions",
        {Rag.GREEN: 1, Rag.AMBER: 1, Rag.BLUE: 1},
    )
    assert result.counts_text() == "1 amber, 1 green, 1 blue (complete)"


def test_red_beats_amber_beats_no_date_beats_green_in_a_roll_up():
    assert roll_up(leaf(Rag.GREEN), [leaf(Rag.GREEN), leaf(Rag.NO_DATE)]).colour == Rag.NO_DATE
    assert roll_up(leaf(Rag.GREEN), [leaf(Rag.NO_DATE), leaf(Rag.RED), leaf(Rag.AMBER)]).colour == Rag.RED


def test_a_headline_action_whose_sub_actions_are_all_finished_is_blue_or_closed():
    assert roll_up(leaf(Rag.NO_DATE), [leaf(Rag.BLUE), leaf(Rag.CLOSED)]).colour == Rag.BLUE
    assert roll_up(leaf(Rag.NO_DATE), [leaf(Rag.CLOSED)]).colour == Rag.CLOSED


def test_a_leads_override_on_a_headline_action_still_wins_over_its_sub_actions():
    own = RagResult(Rag.GREEN, "Set by a lead", overridden=True)
    assert roll_up(own, [leaf(Rag.RED)]).colour == Rag.GREEN


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


@pytest.mark.django_db
def test_the_sql_roll_up_agrees_with_python_for_headline_actions_at_every_depth():
    from plans.models import Action
    from plans.selectors import action_current_rag, action_detail

    plan = PlanFactory()
    statuses = [Status.COMPLETE, Status.IN_PROGRESS, Status.NOT_PURSUED, Status.NOT_STARTED]
    dues = [None, TODAY - timedelta(days=3), TODAY + timedelta(days=90)]
    n = 0
    for status_a, status_b in product(statuses, repeat=2):
        for due in dues:
            n += 1
            top = ActionFactory(plan=plan, goal__plan=plan, code=f"{n}", due_date=None, status=Status.NOT_STARTED)
            middle = ActionFactory(plan=plan, goal=top.goal, parent=top, code="A", status=status_a, due_date=due)
            ActionFactory(plan=plan, goal=top.goal, parent=middle, code="i", status=status_b, due_date=TODAY)
            ActionFactory(
                plan=plan,
                goal=top.goal,
                parent=top,
                code="B",
                status=status_b,
                due_date=due,
                last_update_on=TODAY - timedelta(days=200),
            )
    from freezegun import freeze_time

    with freeze_time(TODAY):
        sql = {a.pk: (a.rag, a.rag_reason) for a in actions_with_rag(Action.objects.filter(plan=plan), today=TODAY)}
        for action in Action.objects.filter(plan=plan):
            expected = action_current_rag(action_detail(action.pk), today=TODAY)
            assert sql[action.pk] == (expected.colour, expected.reason), action.reference


@pytest.mark.django_db
def test_stored_colours_agree_with_the_rules_for_every_combination_and_headline_actions():
    from plans import colours
    from plans.models import Action

    plan = PlanFactory(update_window_days=60, due_soon_days=14)
    statuses = [Status.COMPLETE, Status.IN_PROGRESS, Status.NOT_PURSUED, Status.NOT_STARTED, Status.ON_HOLD]
    for n, (status, due) in enumerate(product(statuses, [None, TODAY - timedelta(days=1), TODAY + timedelta(days=9)])):
        top = ActionFactory(plan=plan, goal__plan=plan, code=f"{n}", status=Status.NOT_STARTED, due_date=None)
        ActionFactory(plan=plan, goal=top.goal, parent=top, code="A", status=status, due_date=due)
        ActionFactory(
            plan=plan,
            goal=top.goal,
            code=f"{n}.{n}",
            status=status,
            due_date=due,
            last_update_on=TODAY - timedelta(days=61),
        )
    assert colours.refresh(today=TODAY) == Action.objects.count()
    assert colours.refresh(today=TODAY) == 0  # nothing stale any more
    computed = {a.pk: (a.rag, a.rag_reason, a.rag_counted) for a in actions_with_rag(Action.objects.all(), today=TODAY)}
    stored = {a.pk: (a.colour, a.colour_reason, a.colour_counted) for a in Action.objects.all()}
    assert stored == computed


@pytest.mark.django_db
def test_saving_an_action_marks_it_and_the_actions_above_it_for_working_out_again():
    from plans import colours

    top = ActionFactory(code="1")
    child = ActionFactory(plan=top.plan, goal=top.goal, parent=top, code="A")
    other = ActionFactory(plan=top.plan, goal=top.goal, code="2")
    colours.refresh()
    child.title = "Renamed"
    child.save()
    top.refresh_from_db(), other.refresh_from_db(), child.refresh_from_db()
    assert (child.colour_on, top.colour_on) == (None, None) and other.colour_on is not None


@pytest.mark.django_db
def test_a_progress_update_works_out_the_new_colours_when_it_is_saved(django_capture_on_commit_callbacks):
    from organisation.tests.factories import UserFactory
    from plans import colours, services
    from plans.models import Action

    top = ActionFactory(code="1")
    child = StaleActionFactory(plan=top.plan, goal=top.goal, parent=top, code="A")
    colours.refresh()
    assert Action.objects.get(pk=top.pk).colour == Rag.AMBER
    with django_capture_on_commit_callbacks(execute=True):
        services.action_add_progress(action=child, by=UserFactory(), text="Done.", status=Status.COMPLETE)
    top.refresh_from_db()
    assert (top.colour, top.colour_on) == (Rag.BLUE, timezone.localdate())


@pytest.mark.django_db
def test_a_save_is_kept_and_no_error_shown_when_working_out_colours_after_it_fails(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.db import OperationalError

    from plans import colours

    def deadlocked(**kwargs):
        raise OperationalError("deadlock detected")

    action = ActionFactory(code="1")
    monkeypatch.setattr(colours, "refresh", deadlocked)
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Renamed"
        action.save()
    action.refresh_from_db()
    assert action.title == "Renamed" and action.colour_on is None  # saved, and left for the schedule
    assert "Could not work out the stored colours" in caplog.text
