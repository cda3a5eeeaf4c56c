"""The dashboard's panel of the committee's questions and recommendations waiting for a response."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.tests.factories import UserFactory
from plans.tests.factories import ActionFactory, PlanFactory
from scrutiny import panels as scrutiny_panels
from shared.panels import PanelRequest
from shared.roles import Role

from .factories import AnsweredQuestionFactory, OverdueQuestionFactory, QuestionFactory, WithdrawnQuestionFactory

pytestmark = pytest.mark.django_db


def build(**filters):
    return scrutiny_panels.build(PanelRequest(user=None, today=timezone.localdate(), filters=filters))


def test_open_questions_wait_overdue_first_and_answered_or_withdrawn_ones_do_not():
    due = QuestionFactory(text="Due later")
    late = OverdueQuestionFactory(text="Overdue one")
    AnsweredQuestionFactory(text="Answered")
    WithdrawnQuestionFactory(text="Withdrawn")
    data = build()
    assert [row["text"] for row in data["rows"]] == ["Overdue one", "Due later"]
    assert (data["total"], data["overdue"]) == (2, 1)
    assert data["rows"][0]["overdue_days"] == (timezone.localdate() - late.respond_by).days
    assert data["rows"][1]["url"] == reverse("scrutiny:question_detail", args=[due.pk])


def test_the_panel_names_who_must_respond():
    person = UserFactory(first_name="Lee", last_name="Lead")
    QuestionFactory(respondent=person, respondent_label="LV")
    QuestionFactory(plan=PlanFactory(title="HE plan"))
    assert sorted(row["waiting_for"] for row in build()["rows"]) == ["Lee Lead", "Owners of HE plan"]


def test_the_dashboards_plan_filter_applies():
    mine = QuestionFactory(text="Mine")
    QuestionFactory(text="Other plan")
    assert [row["text"] for row in build(plan=str(mine.plan_id))["rows"]] == ["Mine"]


def test_an_action_filter_keeps_only_questions_about_matching_actions():
    from organisation.tests.factories import LeadFactory

    lead = LeadFactory()
    action = ActionFactory(leads=[lead])
    QuestionFactory(plan=action.plan, goal=action.goal, action=action, text="About the action")
    QuestionFactory(plan=action.plan, text="About the plan")
    assert [row["text"] for row in build(lead=str(lead.pk))["rows"]] == ["About the action"]


def test_leadership_sees_the_panel_on_the_dashboard(client):
    OverdueQuestionFactory(text="Overdue one")
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Committee questions waiting for a response" in html and "Overdue one" in html


def test_the_whole_list_downloads_as_a_spreadsheet(client):
    QuestionFactory(text="=cmd")
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    response = client.get(reverse("dashboard:export", args=["scrutiny.questions", "csv"]))
    assert response.status_code == 200 and "'=cmd" in response.content.decode("utf-8-sig")


def test_the_panel_runs_the_same_number_of_queries_with_ten_times_the_questions():
    counts = []
    for size in (1, 10):
        for _ in range(size):
            action = ActionFactory()
            QuestionFactory(plan=action.plan, goal=action.goal, action=action, respondent=UserFactory())
            OverdueQuestionFactory(respond_by=timezone.localdate() - timedelta(days=size))
        with CaptureQueriesContext(connection) as queries:
            build()
        counts.append(len(queries))
    assert counts[1] <= counts[0], counts
