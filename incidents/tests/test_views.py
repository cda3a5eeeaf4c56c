"""Incident pages: forms that keep what was typed, errors named by field, bad filters as 400s not 500s,
deadline flags on the list, and bounded queries whatever the amount of data (1x and 10x)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident, IncidentAccess, Kind, Mode, Satisfaction, Status
from organisation.tests.factories import UserFactory
from shared.roles import Role

from .factories import (
    ANONYMOUS_KEY,
    AccessGrantFactory,
    AcknowledgedIncidentFactory,
    AnonymousIncidentFactory,
    AssignedIncidentFactory,
    ClosedIncidentFactory,
    IncidentFactory,
    MessageFactory,
    OverdueIncidentFactory,
    PartnerAgencyFactory,
    ReviewFactory,
    ServiceFactory,
    category,
)
from .helpers import report_data

pytestmark = pytest.mark.django_db


def test_a_named_report_goes_to_the_reporters_own_page(client):
    person = UserFactory(roles=[Role.STAFF])
    client.force_login(person)
    response = client.post(reverse("incidents:report"), {**report_data(), "mode": Mode.NAMED})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incidents:my_report", args=[incident.pk])
    assert incident.reporter == person


def test_a_report_with_mistakes_keeps_what_was_typed_and_names_each_problem(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    data = {**report_data(kind=Kind.PARTNER, occurred_on="31/31/2026"), "mode": Mode.CONFIDENTIAL}
    response = client.post(reverse("incidents:report"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the date as day/month/year" in page
    assert data["what_happened"] in page and 'value="Home visit"' in page
    assert not Incident.objects.exists()


def test_the_service_refusal_is_shown_beside_the_field(client):
    response = client.post(reverse("incidents:report_anonymous"), report_data(kind=Kind.PARTNER))
    assert response.status_code == 400
    assert "Choose the partner agency." in response.content.decode()


def test_a_wrong_key_is_refused_with_one_message_that_does_not_say_which_was_wrong(client):
    incident = AnonymousIncidentFactory()
    response = client.post(reverse("incidents:check"), {"reference": incident.reference, "key": "NOPE-NOPE"})
    assert response.status_code == 400
    assert "The reference or the key is not right" in response.content.decode()


def test_the_right_key_shows_the_status_and_the_handlers_messages(client):
    incident = AnonymousIncidentFactory(status=Status.ACKNOWLEDGED)
    MessageFactory(incident=incident, text="We are looking into it. Is there anything else you can tell us?")
    response = client.post(reverse("incidents:check"), {"reference": incident.reference, "key": ANONYMOUS_KEY})
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Acknowledged: it is being looked into" in page and "Is there anything else" in page


@pytest.mark.parametrize(
    "query",
    ["?status=nonsense", "?service=abc", "?deadline=soonish", "?page=999", "?reference=" + "x" * 300, "?mine=maybe"],
)
def test_malformed_list_filters_are_a_form_error_not_a_server_error(client, query):
    client.force_login(UserFactory(roles=[Role.SAFEGUARDING_LEAD]))
    assert client.get(reverse("incidents:list") + query).status_code in (200, 400)


@pytest.mark.parametrize("query", ["?since=99/99/9999", "?what=nothing", "?page=-1"])
def test_malformed_access_log_filters_are_not_a_server_error(client, query):
    client.force_login(UserFactory(roles=[Role.DATA_PROTECTION_OFFICER]))
    assert client.get(reverse("incidents:access_log") + query).status_code in (200, 400)


def test_the_list_flags_overdue_and_due_soon_incidents_and_filters_by_them(client):
    handler = UserFactory(roles=[Role.INCIDENT_HANDLER])
    overdue = OverdueIncidentFactory(handler=handler)
    due_soon = AssignedIncidentFactory(handler=handler)  # acknowledgement due in 3 working days: not yet soon
    due_soon.deadlines.filter(step="acknowledge").update(due_on=timezone.localdate())
    client.force_login(handler)
    page = client.get(reverse("incidents:list")).content.decode()
    assert "Overdue" in page and "Due soon" in page
    filtered = client.get(reverse("incidents:list") + "?deadline=overdue").context["rows"]
    assert [row.pk for row in filtered] == [overdue.pk]


def test_a_transition_that_is_not_a_transition_is_not_found(client):
    incident = AcknowledgedIncidentFactory()
    client.force_login(UserFactory(roles=[Role.SAFEGUARDING_LEAD]))
    assert client.get(reverse("incidents:transition", args=[incident.pk, "delete"])).status_code == 404


def test_the_handler_works_through_the_case_pages_and_each_change_is_logged(client):
    handler = UserFactory(roles=[Role.INCIDENT_HANDLER])
    incident = AssignedIncidentFactory(handler=handler)
    client.force_login(handler)
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        reverse("incidents:transition", args=[incident.pk, "acknowledge"]), {"acknowledged_on": today, "reason": ""}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.ACKNOWLEDGED
    assert IncidentAccess.objects.filter(user=handler, what=IncidentAccess.What.CHANGED).exists()


def test_a_review_action_is_created_in_the_plan_through_plans_services(client):
    from plans.models import Action
    from plans.tests.factories import GoalFactory

    goal = GoalFactory()
    review = ReviewFactory()
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    client.force_login(person)
    response = client.post(
        reverse("incidents:review_action_create", args=[review.pk]),
        {
            "goal": goal.pk,
            "code": "9.1",
            "title": "Raise microaggressions in meetings with health partners.",
            "timescale_text": "Spring 2027",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(plan=goal.plan, reference="9.1")
    link = review.plan_actions.get()
    assert (link.action_id, link.created_here, link.by) == (action.pk, True, person)
    assert action.history.first().history_user == person


def test_a_duplicate_action_code_is_shown_on_the_form(client):
    from plans.tests.factories import ActionFactory

    existing = ActionFactory(code="9.1", reference="9.1")
    review = ReviewFactory()
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    response = client.post(
        reverse("incidents:review_action_create", args=[review.pk]),
        {"goal": existing.goal.pk, "code": "9.1", "title": "Again."},
    )
    assert response.status_code == 400 and "already has an action 9.1" in response.content.decode()


def test_an_existing_plan_action_is_linked_by_its_reference(client):
    from plans.tests.factories import ActionFactory

    action = ActionFactory(code="1.2", reference="1.2")
    review = ReviewFactory()
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    response = client.post(
        reverse("incidents:review_action_link", args=[review.pk]), {"plan": action.plan.pk, "reference": "1.2"}
    )
    assert response.status_code == 302
    assert review.plan_actions.get().action_id == action.pk


def test_the_access_log_export_runs_as_a_job_for_the_data_protection_officer(client):
    dpo = UserFactory(roles=[Role.DATA_PROTECTION_OFFICER])
    services.access_record(incident=IncidentFactory(), by=UserFactory(first_name="=cmd"), what="viewed_case")
    client.force_login(dpo)
    response = client.get(reverse("incidents:access_log_export", args=["csv"]))
    from shared.models import Job

    job = Job.objects.get()
    assert response["Location"] == reverse("shared:job", args=[job.pk])
    content = job.file.read().decode("utf-8-sig")
    assert "Viewed the case" in content and "'=cmd" in content


# Bounded queries: 1x and 10x data give the same number of queries.


def build(size: int) -> dict:
    """`size` incidents of each shape, in one service, with messages, history, partners and satisfaction."""
    service = ServiceFactory()
    handler = UserFactory(roles=[Role.INCIDENT_HANDLER])
    handler.units.add(service)
    partner = PartnerAgencyFactory(name="Police")
    for _ in range(size):
        AssignedIncidentFactory(service=service, handler=handler)
        OverdueIncidentFactory(service=service, handler=handler)
        AcknowledgedIncidentFactory(
            service=service,
            handler=handler,
            kind=Kind.PARTNER,
            partner_agency=partner,
            categories=[category(), category("microaggression")],
        )
        closed = ClosedIncidentFactory(service=service, handler=handler, satisfaction=Satisfaction.NOT_SATISFIED)
        MessageFactory(incident=closed)
        AnonymousIncidentFactory(service=service)
        grant = AccessGrantFactory(incident=closed)
        services.access_record(incident=closed, by=grant.administrator, what="viewed_under_grant", grant=grant)
    return {"service": service, "handler": handler}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    "list (handler)": (Role.INCIDENT_HANDLER, lambda: reverse("incidents:list")),
    "list (leadership)": (Role.SENIOR_LEADERSHIP, lambda: reverse("incidents:list")),
    "list filtered": (Role.SAFEGUARDING_LEAD, lambda: reverse("incidents:list") + "?deadline=overdue&kind=partner"),
    "my reports": (Role.STAFF, lambda: reverse("incidents:my_reports")),
    "access log": (Role.DATA_PROTECTION_OFFICER, lambda: reverse("incidents:access_log")),
    "grants": (Role.DATA_PROTECTION_OFFICER, lambda: reverse("incidents:grants")),
    "reviews": (Role.SENIOR_LEADERSHIP, lambda: reverse("incidents:review_list")),
    "partner themes": (Role.SENIOR_LEADERSHIP, lambda: reverse("incidents:partner_themes")),
    "trends": (Role.SENIOR_LEADERSHIP, lambda: reverse("incidents:trends")),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_run_the_same_number_of_queries_with_ten_times_the_data(client, page):
    role, url = PAGES[page]
    person = UserFactory(roles=[role])
    client.force_login(person)
    build(1)
    small = count_queries(client, url())
    build(10)
    if role == Role.STAFF:
        for incident in Incident.objects.filter(mode=Mode.NAMED)[:12]:
            incident.reporter = person
            incident.save()
    assert count_queries(client, url()) == small


def test_the_review_summary_runs_the_same_number_of_queries_with_ten_times_the_data(client):
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    client.force_login(person)
    review = ReviewFactory(period_start=timezone.localdate() - timedelta(days=30))
    url = reverse("incidents:review_detail", args=[review.pk])
    build(1)
    small = count_queries(client, url)
    build(10)
    assert count_queries(client, url) == small


def test_the_case_page_runs_the_same_number_of_queries_however_long_its_story(client):
    person = UserFactory(roles=[Role.SAFEGUARDING_LEAD])
    client.force_login(person)
    short, long = AcknowledgedIncidentFactory(), AcknowledgedIncidentFactory()
    MessageFactory(incident=short)
    for n in range(10):
        MessageFactory(incident=long)
        services.message_from_handler(incident=long, by=person, text=f"Update {n}")
        long.location = f"Room {n}"
        long._history_user = person
        long.save()
    for item in long.checklist.all():
        services.checklist_record(item=item, by=person, state="not_applicable", note="Elsewhere.")
    assert count_queries(client, reverse("incidents:detail", args=[long.pk])) == count_queries(
        client, reverse("incidents:detail", args=[short.pk])
    )
