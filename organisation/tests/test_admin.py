"""The admin site's people page: an administrator cannot give themselves a role that reads other people's
personal data, and every change of roles is written to the admin log with the roles named."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from shared.roles import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def change_form(person, roles) -> dict:
    return {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=r.value).pk for r in roles],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }


def test_an_administrator_cannot_make_themselves_a_safeguarding_lead(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:organisation_user_change", args=[admin.pk])
    response = client.post(url, change_form(admin, [Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD]))
    assert response.status_code == 200
    assert "You cannot give yourself the Safeguarding lead role" in response.content.decode()
    assert not admin.groups.filter(name=Role.SAFEGUARDING_LEAD.value).exists()


def test_another_administrator_can_and_the_log_names_the_roles(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    person = UserFactory(roles=[Role.STAFF])
    client.force_login(admin)
    url = reverse("admin:organisation_user_change", args=[person.pk])
    response = client.post(url, change_form(person, [Role.SAFEGUARDING_LEAD]))
    assert response.status_code == 302
    assert set(person.groups.values_list("name", flat=True)) == {Role.SAFEGUARDING_LEAD.value}
    messages = [e.get_change_message() for e in LogEntry.objects.filter(object_id=str(person.pk))]
    assert any("Roles given: Safeguarding lead. Taken away: Staff." in m for m in messages), messages


def test_an_administrator_can_change_their_own_other_roles(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:organisation_user_change", args=[admin.pk])
    assert client.post(url, change_form(admin, [Role.ADMINISTRATOR, Role.AUDITOR])).status_code == 302
