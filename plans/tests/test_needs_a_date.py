"""The "Needs a date" filter on the action list, and dating those actions from one page."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.choices import Status
from plans.models import Action
from plans.services import DatesRefused, DueDate, action_update, actions_set_due_dates
from shared.roles import Role

from .factories import ActionFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.PLAN_OWNER)


@pytest.fixture
def plan(owner):
    return PlanFactory(owners=[owner])


def undated(plan, **kwargs) -> Action:
    kwargs.setdefault("timescale_text", "TBC")
    return ActionFactory(goal__plan=plan, due_date=None, timescale_needs_review=True, **kwargs)


def listed(client, **query) -> list[str]:
    response = client.get(reverse("plans:action_list"), {"needs_date": "true", **query})
    assert response.status_code == 200
    return [a.reference for a in response.context["page"].object_list]


def test_needs_a_date_lists_open_actions_with_no_due_date_or_a_flagged_timescale(client, owner, plan):
    flagged = undated(plan)
    no_date = ActionFactory(goal__plan=plan, due_date=None, timescale_text="")
    ActionFactory(goal__plan=plan)  # dated
    ActionFactory(goal__plan=plan, due_date=None, status=Status.COMPLETE)
    ActionFactory(goal__plan=plan, due_date=None, ongoing=True)
    ActionFactory(goal__plan=plan, due_date=None, status=Status.ON_HOLD)
    client.force_login(owner)
    assert sorted(listed(client)) == sorted([flagged.reference, no_date.reference])


def test_the_list_shows_the_timescale_as_written_and_offers_an_owner_the_dates_page(client, owner, plan):
    undated(plan, timescale_text="When the restructure is agreed")
    client.force_login(owner)
    page = client.get(reverse("plans:action_list"), {"needs_date": "true"}).content.decode()
    assert "When the restructure is agreed" in page
    assert "Set the due dates of these actions" in page


def test_a_reader_sees_the_list_but_not_the_dates_page(client, person_with_role, plan):
    undated(plan)
    client.force_login(person_with_role(Role.STAFF))
    page = client.get(reverse("plans:action_list"), {"needs_date": "true"}).content.decode()
    assert "Set the due dates" not in page
    assert client.get(reverse("plans:action_dates")).status_code == 403


def test_an_owner_dates_several_actions_from_one_page(client, owner, plan):
    first, second, third = undated(plan), undated(plan), undated(plan)
    client.force_login(owner)
    page = client.get(reverse("plans:action_dates"))
    assert sorted(a.pk for a in page.context["actions"]) == [first.pk, second.pk, third.pk]
    form = page.context["form"]
    data = {name: field.value() if field.value() is not None else "" for name, field in
            ((n, form[n]) for n in form.fields)}  # fmt: skip
    data |= {f"due-{first.pk}": "31/3/2027", f"due-{third.pk}": "30/9/2026"}
    response = client.post(reverse("plans:action_dates"), data)
    assert response.status_code == 302
    first.refresh_from_db()
    third.refresh_from_db()
    second.refresh_from_db()
    assert (first.due_date, first.timescale_needs_review) == (date(2027, 3, 31), False)
    assert third.due_date == date(2026, 9, 30)
    assert second.due_date is None
    assert first.history.first().history_change_reason == "Due date set from the actions that need a date"


def test_the_dates_page_lists_only_actions_of_plans_the_owner_owns(client, owner, plan, person_with_role):
    mine = undated(plan)
    undated(PlanFactory(owners=[person_with_role(Role.PLAN_OWNER)]))
    client.force_login(owner)
    assert [a.pk for a in client.get(reverse("plans:action_dates")).context["actions"]] == [mine.pk]


def test_the_service_refuses_an_action_of_someone_elses_plan(owner, person_with_role):
    other = undated(PlanFactory(owners=[person_with_role(Role.PLAN_OWNER)]))
    with pytest.raises(PermissionDenied):
        actions_set_due_dates(by=owner, dates=[DueDate(other, date(2027, 1, 31), other.version)])
    other.refresh_from_db()
    assert other.due_date is None


def test_a_due_date_someone_else_set_meanwhile_is_not_overwritten_and_nothing_is_saved(owner, plan):
    first, second = undated(plan), undated(plan)
    seen = {a.pk: a.version for a in (first, second)}
    action_update(action=second, by=owner, changes={"due_date": date(2026, 12, 31)})
    with pytest.raises(DatesRefused) as refused:
        actions_set_due_dates(
            by=owner,
            dates=[
                DueDate(first, date(2027, 3, 31), seen[first.pk]),
                DueDate(second, date(2027, 1, 31), seen[second.pk]),
            ],
        )
    assert list(refused.value.stale) == [second.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.due_date, second.due_date) == (None, date(2026, 12, 31))


def test_the_page_says_which_date_someone_else_set_and_keeps_what_was_typed(client, owner, plan):
    action = undated(plan)
    client.force_login(owner)
    form = client.get(reverse("plans:action_dates")).context["form"]
    action_update(action=action, by=owner, changes={"due_date": date(2026, 12, 31)})
    response = client.post(
        reverse("plans:action_dates"),
        {"actions_shown": str(action.pk), f"version-{action.pk}": form[f"version-{action.pk}"].value(),
         f"shown-{action.pk}": "", f"due-{action.pk}": "31/1/2027"},
    )  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else set this action&#x27;s due date to 31 December 2026" in page
    assert 'value="31/01/2027"' in page or 'value="31/1/2027"' in page


def test_the_needs_a_date_list_query_count_does_not_grow_with_the_actions(client, owner, plan):
    for _ in range(2):
        undated(plan)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as few:
        listed(client)
    for _ in range(20):
        undated(plan)
    with CaptureQueriesContext(connection) as many:
        listed(client)
    assert len(many.captured_queries) == len(few.captured_queries)
