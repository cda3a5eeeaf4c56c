"""The leadership dashboard: real figures, filters (and which panels cannot apply them), sortable lists, downloads,
bounded queries."""

import csv
import html
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.tests.factories import LeadFactory, UnitFactory, UserFactory
from plans.choices import Status
from plans.models import Theme
from plans.tests.factories import (
    ActionFactory,
    GoalFactory,
    OverdueActionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ReviewCommentFactory,
    StaleActionFactory,
)
from shared.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client):
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    client.force_login(person)
    return person


def grow(size: int):
    """Plans with overdue, stale, undated, immediate-need actions, comments, leads, areas and updates."""
    area = UnitFactory(name=f"Area {size}")
    for _ in range(2):
        plan = PlanFactory()
        goal = GoalFactory(plan=plan)
        for i in range(size):
            lead = LeadFactory()
            top = ActionFactory(plan=plan, goal=goal, code=f"{i + 1}", service_area=area, leads=[lead])
            OverdueActionFactory(plan=plan, goal=goal, parent=top, code="A", leads=[lead], immediate_need=True)
            StaleActionFactory(plan=plan, goal=goal, parent=top, code="B", service_area=area)
            ActionFactory(plan=plan, goal=goal, parent=top, code="C", due_date=None)
            ProgressUpdateFactory(action=top)
            ReviewCommentFactory(action=top)
    return area


def test_leadership_land_on_the_dashboard_after_signing_in(client, leader):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:index")


def test_the_dashboard_shows_each_list_with_its_actions_and_days(client, leader):
    grow(2)
    page = client.get(reverse("dashboard:index")).content.decode()
    for title in [
        "Where the plans stand",
        "Overdue actions",
        "Actions needing an update",
        "Immediate-need actions still open",
        "Actions with no lead or no date",
        "Review comments waiting for an answer",
        "Recent progress updates",
        "Key measures against target",
        "Colours over time",
    ]:
        assert title in page
    assert "Days overdue" in page and "Days since" in page


def test_the_plan_filter_applies_to_the_plans_panels_and_to_the_downloads(client, leader):
    grow(2)
    plan = PlanFactory()
    OverdueActionFactory(plan=plan, goal=GoalFactory(plan=plan), code="9.9", title="Only in the third plan")
    filtered = client.get(reverse("dashboard:index") + f"?plan={plan.pk}").content.decode()
    assert "Only in the third plan" in filtered
    everything = client.get(reverse("dashboard:index")).content.decode()
    assert everything.count("1.A") > filtered.count("1.A")
    data = client.get(reverse("dashboard:export", args=["plans.overdue", "csv"]) + f"?plan={plan.pk}").content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Action", "Plan", "Leads"] and [r[0] for r in rows[1:]] == ["9.9"]


def test_a_list_sorts_by_a_column_from_the_url(client, leader):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan)
    today = timezone.localdate()
    OverdueActionFactory(plan=plan, goal=goal, code="1", due_date=today - timedelta(days=3))
    OverdueActionFactory(plan=plan, goal=goal, code="2", due_date=today - timedelta(days=30))
    data = client.get(reverse("dashboard:export", args=["plans.overdue", "csv"]) + "?sort_overdue=days").content
    assert [r[0] for r in list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]] == ["1", "2"]
    data = client.get(reverse("dashboard:export", args=["plans.overdue", "csv"])).content
    assert [r[0] for r in list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]] == ["2", "1"]


def test_a_filter_that_is_not_in_the_list_is_a_form_error_not_a_server_error(client, leader):
    response = client.get(reverse("dashboard:index") + "?plan=abc&lead=99999")
    assert response.status_code == 400
    assert "Choose a plan from the list" in response.content.decode()


def test_staff_without_leadership_roles_cannot_open_the_dashboard(client):
    client.force_login(UserFactory(roles=[Role.STAFF, Role.ACTION_LEAD]))
    assert client.get(reverse("dashboard:index")).status_code == 403


def test_the_dashboard_takes_the_same_queries_at_ten_times_the_data(client, leader):
    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("dashboard:index")).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("dashboard:index")).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_plans_own_totals_count_each_action_once_and_undated_ones_apart(client, leader):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan)
    top = ActionFactory(plan=plan, goal=goal, code="1")
    ActionFactory(plan=plan, goal=goal, parent=top, code="A", status=Status.IN_PROGRESS)
    ActionFactory(plan=plan, goal=goal, parent=top, code="B", due_date=None)
    page = client.get(reverse("dashboard:index") + f"?plan={plan.pk}").content.decode()
    assert "2 actions, 2 still open" in page


def panel_section(page: str, key: str) -> str:
    """The HTML of one panel's section on the dashboard, entities decoded."""
    start = page.index(f'<section class="app-panel" id="panel-{key}"')
    return html.unescape(page[start : page.index("</section>", start)])


def test_a_panel_that_cannot_apply_a_chosen_filter_says_so_under_its_heading_and_the_others_say_nothing(client, leader):
    grow(2)
    plan = PlanFactory()
    theme = Theme.objects.create(name="Zero tolerance to racism")
    lead = LeadFactory()
    ActionFactory(plan=plan, goal=GoalFactory(plan=plan), leads=[lead]).themes.set([theme])
    page = client.get(reverse("dashboard:index") + f"?plan={plan.pk}&theme={theme.pk}&lead={lead.pk}")
    assert page.status_code == 200
    page = page.content.decode()
    measures = panel_section(page, "plansmeasures")
    assert "Not filtered by theme or lead: measures belong to a plan's goals, not to its actions." in measures
    assert measures.index("Key measures against target") < measures.index("Not filtered by")
    incidents = panel_section(page, "incidentsoverview")
    assert "Not filtered by plan, theme or lead: incident figures are for the whole council." in incidents
    for key in ["plansrag_summary", "planstrend", "plansoverdue", "plansrecent_updates", "scrutinyquestions"]:
        assert "Not filtered" not in panel_section(page, key), key
    assert "The filters apply to every panel" not in page


def test_without_filters_no_panel_says_it_is_not_filtered(client, leader):
    grow(2)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "Key measures against target" in page and "Not filtered" not in page


def test_the_immediate_need_list_and_its_download_show_the_colour_once(client, leader):
    plan = PlanFactory()
    OverdueActionFactory(plan=plan, goal=GoalFactory(plan=plan), code="1", immediate_need=True)
    section = panel_section(client.get(reverse("dashboard:index")).content.decode(), "plansimmediate_need")
    head, body = section.split("</thead>")
    assert head.count("Colour") == 1
    assert head.count('<th scope="col"') == body.split("</tr>")[0].count("<td") + 1  # the reference is a <th>
    for name in ["immediate_need", "overdue"]:
        data = client.get(reverse("dashboard:export", args=[f"plans.{name}", "csv"])).content
        headers, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert headers.count("Colour") == 1 and len(row) == len(headers), name
        assert row[headers.index("Colour")] == "Red", name
