"""The navigation: what each role is offered, from the entries apps register."""

import pytest

from organisation.tests.factories import UserFactory
from shared import navigation
from shared.roles import Role

pytestmark = pytest.mark.django_db

# What each role sees in the whole site's navigation. An app that registers a new entry adds it here.
REPORT = ["Report racism"]  # every role: the header carries the same link on every page
READ_PLANS = ["Plans", "Find actions"]
STANDARDS = ["Practice standards", "Check language"]
SCRUTINY = ["Scrutiny packs", "Committee questions"]
OWN_PLANS = ["My actions", "Plans", "Find actions", "Import a plan", "Leads to link"]
EXPECTED_LABELS = {
    Role.ADMINISTRATOR: [
        "Dashboard",
        *REPORT,
        *OWN_PLANS,
        "Workforce",
        "Audits",
        "Audit compliance",
        *STANDARDS,
        *SCRUTINY,
    ],
    Role.SENIOR_LEADERSHIP: [
        "Dashboard",
        *REPORT,
        *READ_PLANS,
        "Workforce",
        "Incidents",
        "Incident reviews",
        "Audit compliance",
        *STANDARDS,
        *SCRUTINY,
    ],
    Role.PLAN_OWNER: ["Dashboard", *REPORT, *OWN_PLANS, "Workforce", "Audit compliance", *STANDARDS, *SCRUTINY],
    Role.ACTION_LEAD: REPORT + ["My actions", "Plans", "Find actions"] + STANDARDS + ["Committee questions"],
    Role.STAFF: REPORT + READ_PLANS + STANDARDS,
    Role.INCIDENT_HANDLER: REPORT + READ_PLANS + ["Incidents"] + STANDARDS,
    Role.AUDITOR: REPORT + READ_PLANS + ["Audits", "Audit compliance"] + STANDARDS,
    Role.WORKFORCE_ANALYST: REPORT + READ_PLANS + ["Workforce", "Load workforce data"] + STANDARDS,
    Role.SCRUTINY_MEMBER: REPORT + SCRUTINY,
    Role.SAFEGUARDING_LEAD: REPORT + READ_PLANS + ["Incidents", "Incident reviews"] + STANDARDS,
    Role.DATA_PROTECTION_OFFICER: REPORT + READ_PLANS + ["Incident access log"] + STANDARDS,
}


def _labels(user) -> list[str]:
    return [item["label"] for item in navigation.items_for(user)]


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_is_offered_the_right_navigation(role):
    assert _labels(UserFactory(roles=[role])) == EXPECTED_LABELS[role]


def test_a_person_with_several_roles_is_offered_each_entry_once():
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP, Role.ACTION_LEAD, Role.STAFF])

    assert _labels(person) == [
        "Dashboard",
        "Report racism",
        "My actions",
        "Plans",
        "Find actions",
        "Workforce",
        "Incidents",
        "Incident reviews",
        "Audit compliance",
        *STANDARDS,
        *SCRUTINY,
    ]


def test_a_person_with_no_roles_is_offered_nothing():
    assert navigation.items_for(UserFactory()) == []


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_every_entry_a_person_is_offered_opens_for_them(client, role):
    person = UserFactory(roles=[role])
    client.force_login(person)

    for item in navigation.items_for(person):
        assert client.get(item["url"]).status_code == 200, item["label"]


# The registry itself, with entries of our own (pointing at pages that always exist).


@pytest.fixture
def own_registry(monkeypatch):
    registry: list[navigation.NavItem] = []
    monkeypatch.setattr(navigation, "_registry", registry)
    return registry


def test_entries_are_ordered_by_their_order_then_label(own_registry):
    navigation.register("Zebra", "healthz", [Role.STAFF], order=20)
    navigation.register("Alpha", "healthz", [Role.STAFF], order=20)
    navigation.register("First", "home", [Role.STAFF], order=10)

    assert _labels(UserFactory(roles=[Role.STAFF])) == ["First", "Alpha", "Zebra"]


def test_an_entry_is_offered_only_to_the_roles_it_names(own_registry):
    navigation.register("Audits", "home", [Role.AUDITOR])

    assert _labels(UserFactory(roles=[Role.AUDITOR])) == ["Audits"]
    assert _labels(UserFactory(roles=[Role.STAFF])) == []


def test_registering_the_same_entry_twice_adds_it_once(own_registry):
    navigation.register("Start", "home", [Role.STAFF], description="The start page.")
    navigation.register("Start", "home", [Role.STAFF], description="The start page.")

    assert len(own_registry) == 1


def test_an_entry_carries_its_link_and_description(own_registry):
    navigation.register("Start", "home", [Role.STAFF], description="The start page.")

    assert navigation.items_for(UserFactory(roles=[Role.STAFF])) == [
        {"label": "Start", "url": "/", "url_name": "home", "description": "The start page."}
    ]


def test_an_anonymous_visitor_is_offered_nothing(own_registry):
    from django.contrib.auth.models import AnonymousUser

    navigation.register("Start", "home", [Role.STAFF])

    assert navigation.items_for(AnonymousUser()) == []


def test_the_page_shows_the_navigation_and_marks_the_current_entry(own_registry, client):
    navigation.register("Health", "healthz", [Role.STAFF], order=1)
    navigation.register("Start", "home", [Role.STAFF], order=2)
    client.force_login(UserFactory(roles=[Role.STAFF]))

    response = client.get("/")

    html = response.content.decode()
    assert '<nav aria-label="Menu"' in html
    assert [(item["label"], item["current"]) for item in response.context["nav_items"]] == [
        ("Health", False),
        ("Start", True),
    ]
    assert 'href="/" aria-current="page">Start</a>' in html


def test_a_person_offered_nothing_sees_no_navigation_menu(own_registry, client):
    client.force_login(UserFactory(roles=[Role.STAFF]))

    html = client.get("/").content.decode()

    assert '<nav aria-label="Menu"' not in html


def test_a_staff_member_is_told_what_their_roles_give_them_not_that_they_have_none(client, db):
    from organisation.tests.factories import UserFactory
    from shared.roles import Role

    client.force_login(UserFactory(roles=[Role.STAFF]))
    page = client.get("/").content.decode()
    assert "Your roles: Staff." in page
    assert "You do not have a role" not in page


def test_only_the_most_specific_menu_item_is_marked_as_the_current_page(client, db):
    from organisation.tests.factories import UserFactory
    from shared.roles import Role

    client.force_login(UserFactory(roles=[Role.ACTION_LEAD]))
    items = client.get("/plans/my-actions/").context["nav_items"]
    assert [item["label"] for item in items if item["current"]] == ["My actions"]


@pytest.mark.parametrize("role", [Role.ACTION_LEAD, Role.SCRUTINY_MEMBER, Role.STAFF])
def test_everyone_with_a_role_finds_their_reminder_emails_in_the_header(client, role):
    from django.urls import reverse

    client.force_login(UserFactory(roles=[role]))
    page = client.get(reverse("shared:reminders")).content.decode()
    header = page.split("</header>")[0]
    assert f'href="{reverse("shared:reminders")}">Reminder emails</a>' in header


def test_a_person_with_no_roles_is_not_offered_a_page_they_cannot_open(client):
    from django.urls import reverse

    client.force_login(UserFactory())
    assert "Reminder emails" not in client.get("/").content.decode()
    assert client.get(reverse("shared:reminders")).status_code == 403
