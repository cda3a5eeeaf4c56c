"""Who sees what: handlers their own and their service's incidents, leadership and safeguarding all, administrators
only under a grant (logged), confidential reporters named only to the handler and safeguarding leads, and every
view of a case's details in the access log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import access
from incidents.models import IncidentAccess
from organisation.tests.factories import UnitFactory, UserFactory
from shared.roles import Role

from .factories import (
    ANONYMOUS_KEY,
    AccessGrantFactory,
    AnonymousIncidentFactory,
    AssignedIncidentFactory,
    ConfidentialIncidentFactory,
    IncidentFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory()


@pytest.fixture
def handler(service):
    person = UserFactory(roles=[Role.INCIDENT_HANDLER])
    person.units.add(service)
    return person


def test_a_handler_sees_incidents_in_their_service_and_the_teams_below_it_and_those_assigned_to_them(service, handler):
    team = UnitFactory(parent=service)
    in_service, in_team = IncidentFactory(service=service), IncidentFactory(service=team)
    assigned_elsewhere = AssignedIncidentFactory(handler=handler)
    elsewhere = IncidentFactory()
    visible = set(access.visible_incidents(handler))
    assert visible == {in_service, in_team, assigned_elsewhere}
    assert not access.can_view_case(handler, elsewhere)


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.SENIOR_LEADERSHIP])
def test_safeguarding_leads_and_leadership_see_every_incident(role):
    incidents = {IncidentFactory(), IncidentFactory()}
    assert set(access.visible_incidents(UserFactory(roles=[role]))) == incidents


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.STAFF, Role.SCRUTINY_MEMBER, Role.DATA_PROTECTION_OFFICER])
def test_other_roles_see_no_incident_on_lists(role):
    IncidentFactory()
    assert not access.visible_incidents(UserFactory(roles=[role])).exists()


def test_an_administrator_reads_a_case_only_under_a_current_grant():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    incident = IncidentFactory()
    assert not access.can_view_case(admin, incident)
    grant = AccessGrantFactory(administrator=admin, incident=incident)
    assert access.can_view_case(admin, incident)
    grant.expires_on = timezone.localdate() - timedelta(days=1)
    grant.save()
    assert not access.can_view_case(admin, incident)


def test_a_withdrawn_grant_no_longer_opens_the_case(client):
    grant = AccessGrantFactory()
    client.force_login(grant.granted_by)
    client.post(reverse("incidents:grant_revoke", args=[grant.pk]))
    assert not access.can_view_case(grant.administrator, grant.incident)


def test_withdrawing_a_grant_already_withdrawn_says_so_in_the_grants_pages_error_summary(client):
    grant = AccessGrantFactory()
    client.force_login(grant.granted_by)
    client.post(reverse("incidents:grant_revoke", args=[grant.pk]), follow=True)
    response = client.post(reverse("incidents:grant_revoke", args=[grant.pk]))  # e.g. from a second tab
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert "This grant has already been withdrawn." in summary
    assert not list(response.wsgi_request._messages), "the error is on the page, not in a flash message"
    assert 'name="reason"' in html  # the grants page itself, its form ready to use


def test_a_data_protection_officer_cannot_grant_themselves_or_a_non_administrator(client):
    dpo = UserFactory(roles=[Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR])
    incident = IncidentFactory()
    client.force_login(dpo)
    for person in (dpo, UserFactory(roles=[Role.STAFF])):
        response = client.post(
            reverse("incidents:grants"),
            {
                "administrator": person.pk,
                "reference": incident.reference,
                "reason": "Fault.",
                "expires_on": timezone.localdate().strftime("%d/%m/%Y"),
            },
        )
        assert response.status_code == 400
    assert not incident.grants.exists()


def test_every_view_of_a_case_is_logged_and_an_administrators_names_the_grant(client):
    grant = AccessGrantFactory()
    client.force_login(grant.administrator)
    assert client.get(reverse("incidents:detail", args=[grant.incident.pk])).status_code == 200
    entry = IncidentAccess.objects.get()
    assert (entry.user, entry.what, entry.grant, entry.reference) == (
        grant.administrator,
        IncidentAccess.What.VIEWED_UNDER_GRANT,
        grant,
        grant.incident.reference,
    )


def test_leadership_viewing_a_case_is_logged(client):
    incident = IncidentFactory()
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    client.force_login(person)
    client.get(reverse("incidents:detail", args=[incident.pk]))
    assert IncidentAccess.objects.filter(user=person, what=IncidentAccess.What.VIEWED_CASE).count() == 1


def test_a_confidential_reporter_is_named_to_the_handler_and_safeguarding_leads_only(client, service, handler):
    reporter = UserFactory(first_name="Morwenna", last_name="Tregarthen")
    incident = ConfidentialIncidentFactory(service=service, reporter=reporter, handler=handler, status="assigned")
    other_handler_in_service = UserFactory(roles=[Role.INCIDENT_HANDLER])
    other_handler_in_service.units.add(service)
    expected = {
        handler: True,
        UserFactory(roles=[Role.SAFEGUARDING_LEAD]): True,
        UserFactory(roles=[Role.SENIOR_LEADERSHIP]): False,
        other_handler_in_service: False,
    }
    for person, named in expected.items():
        client.force_login(person)
        page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
        assert ("Morwenna Tregarthen" in page) is named, person


def test_a_named_reporter_is_named_to_everyone_who_reads_the_case(client):
    reporter = UserFactory(first_name="Morwenna", last_name="Tregarthen")
    incident = IncidentFactory(reporter=reporter)
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    assert "Morwenna Tregarthen" in client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()


def test_a_reporter_reading_their_own_report_is_logged_without_their_name(client):
    reporter = UserFactory(roles=[Role.STAFF], first_name="Morwenna")
    incident = ConfidentialIncidentFactory(reporter=reporter)
    client.force_login(reporter)
    assert client.get(reverse("incidents:my_report", args=[incident.pk])).status_code == 200
    entry = IncidentAccess.objects.get()
    assert entry.user is None and "Morwenna" not in entry.who


def test_a_reporter_cannot_open_someone_elses_report(client):
    incident = IncidentFactory()
    client.force_login(UserFactory(roles=[Role.STAFF]))
    assert client.get(reverse("incidents:my_report", args=[incident.pk])).status_code == 403


def test_the_reporters_page_shows_no_handler_name_or_internal_notes(client):
    handler = UserFactory(roles=[Role.INCIDENT_HANDLER], first_name="Hedda", last_name="Lindqvist")
    incident = AssignedIncidentFactory(handler=handler, outcome_summary="Internal finding about Mr X.")
    client.force_login(incident.reporter)
    incident.reporter.groups.add(*UserFactory(roles=[Role.STAFF]).groups.all())
    page = client.get(reverse("incidents:my_report", args=[incident.pk])).content.decode()
    assert "Hedda" not in page and "Internal finding" not in page


def test_plans_never_imports_incidents():
    import re
    from pathlib import Path

    plans = Path(__file__).resolve().parents[2] / "plans"
    importing = re.compile(r"^\s*(from|import)\s+incidents\b|apps\.get_model\(\s*[\"']incidents", re.MULTILINE)
    assert not [p for p in plans.rglob("*.py") if importing.search(p.read_text(encoding="utf-8"))]


def test_the_admin_site_offers_no_incident_details_to_administrators():
    from django.contrib import admin

    from incidents.models import AccessGrant, ChecklistItem, Incident, IncidentAccess, Message, Review

    registered = set(admin.site._registry)
    assert not registered & {Incident, Message, ChecklistItem, AccessGrant, IncidentAccess, Review}


def test_every_page_that_shows_a_case_again_is_logged_including_forms_sent_back_with_errors(client, handler):
    incident = AssignedIncidentFactory(handler=handler)
    client.force_login(handler)
    # A message with nothing in it: the case page comes back with its details, and that is a view.
    response = client.post(reverse("incidents:message", args=[incident.pk]), {"text": ""})
    assert response.status_code == 400
    entry = IncidentAccess.objects.get()
    assert (entry.user, entry.what, entry.detail) == (
        handler,
        IncidentAccess.What.VIEWED_CASE,
        "Case page (message not sent)",
    )


def test_an_anonymous_reporters_reply_shows_their_report_again_and_is_logged_unnamed(client):
    incident = AnonymousIncidentFactory(status="assigned")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    data = {"reference": incident.reference, "key": ANONYMOUS_KEY}
    assert client.post(reverse("incidents:check_reply"), {**data, "text": "Thank you."}).status_code == 200
    assert client.post(reverse("incidents:check_reply"), {**data, "text": ""}).status_code == 400
    entries = list(IncidentAccess.objects.values_list("user", "what"))
    assert entries == [(None, IncidentAccess.What.REPORTER_KEY)] * 2


def test_a_reporters_reply_sent_back_with_errors_is_logged_without_their_name(client):
    reporter = UserFactory(roles=[Role.STAFF], first_name="Morwenna")
    incident = ConfidentialIncidentFactory(reporter=reporter)
    client.force_login(reporter)
    assert client.post(reverse("incidents:my_report_reply", args=[incident.pk]), {"text": ""}).status_code == 400
    entry = IncidentAccess.objects.get()
    assert (entry.user, entry.what) == (None, IncidentAccess.What.REPORTER_VIEWED)
