"""A plan owner adds goals, headline actions and sub-actions in the browser."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.models import Action, Goal
from shared.roles import Role

from .factories import ActionFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.PLAN_OWNER)


def test_an_owner_adds_a_goal_numbered_as_the_plan_writes_it(client, owner):
    plan = PlanFactory(owners=[owner])
    client.force_login(owner)
    response = client.post(
        reverse("plans:goal_create", args=[plan.pk]),
        {"number": "5.1.", "title": "Workforce", "outcome": "Representative at all levels"},
    )
    goal = Goal.objects.get(plan=plan)
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    assert (goal.number, goal.title) == ("5.1", "Workforce")
    assert goal.history.first().history_user == owner


def test_a_goal_number_already_in_the_plan_is_refused_beside_the_field(client, owner):
    plan = PlanFactory(owners=[owner])
    GoalFactory(plan=plan, number="1")
    client.force_login(owner)
    response = client.post(reverse("plans:goal_create", args=[plan.pk]), {"number": "1", "title": "Again"})
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == ["This plan already has a goal 1."]


def test_an_owner_adds_a_headline_action_and_a_sub_action_with_references_that_follow_the_plan(client, owner):
    plan = PlanFactory(owners=[owner])
    goal = GoalFactory(plan=plan, number="1")
    client.force_login(owner)
    client.post(
        reverse("plans:action_create", args=[goal.pk]),
        {"code": "1.6", "title": "Review exit interviews", "timescale_text": "By April 2027"},
    )
    headline = Action.objects.get(plan=plan, reference="1.6")
    assert headline.due_date is not None and headline.depth == 0
    response = client.post(
        reverse("plans:action_create", args=[goal.pk]) + f"?parent={headline.pk}",
        {"code": "A.", "title": "Ask leavers by ethnicity", "parent": headline.pk},
    )
    child = Action.objects.get(plan=plan, reference="1.6.A")
    assert (child.parent, child.depth, child.code) == (headline, 1, "A")
    assert response["Location"] == reverse("plans:action_detail", args=[child.pk])


def test_an_action_reference_already_in_the_plan_is_refused(owner):
    goal = GoalFactory()
    ActionFactory(goal=goal, plan=goal.plan, code="1.1", reference="1.1")
    with pytest.raises(ValidationError) as refused:
        services.action_create(goal=goal, by=owner, code="1.1", title="Duplicate")
    assert "already has an action 1.1" in str(refused.value)


def test_a_sub_action_under_another_goals_action_is_refused(client, owner):
    plan = PlanFactory(owners=[owner])
    one, two = GoalFactory(plan=plan, number="1"), GoalFactory(plan=plan, number="2")
    other = ActionFactory(plan=plan, goal=two, code="2.1")
    client.force_login(owner)
    response = client.get(reverse("plans:action_create", args=[one.pk]) + f"?parent={other.pk}")
    assert response.status_code == 400


@pytest.mark.parametrize("parent", ["abc", "-1", "99999999999999999999999", "1;drop"])
def test_a_malformed_parent_is_a_bad_request_not_a_server_error(client, owner, parent):
    goal = GoalFactory(plan=PlanFactory(owners=[owner]))
    client.force_login(owner)
    assert client.get(reverse("plans:action_create", args=[goal.pk]) + f"?parent={parent}").status_code == 400
    assert client.post(reverse("plans:action_create", args=[goal.pk]) + f"?parent={parent}", {}).status_code == 400


def test_an_owner_renames_a_goal_and_the_change_is_in_the_plans_timeline(client, owner):
    plan = PlanFactory(owners=[owner])
    goal = GoalFactory(plan=plan, number="1", title="Old")
    client.force_login(owner)
    client.post(reverse("plans:goal_edit", args=[goal.pk]), {"number": "1", "title": "New", "outcome": ""})
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "from “Old” to “New”" in page


def test_each_structure_page_confirms_what_it_did_in_plain_words(client, owner):
    plan = PlanFactory(owners=[owner])
    client.force_login(owner)
    response = client.post(reverse("plans:goal_create", args=[plan.pk]), {"number": "1", "title": "Goal"}, follow=True)
    assert "The goal has been added." in response.content.decode()
    goal = Goal.objects.get(plan=plan)
    response = client.post(reverse("plans:action_create", args=[goal.pk]), {"code": "1.1", "title": "Act"}, follow=True)
    assert "The action has been added." in response.content.decode()
