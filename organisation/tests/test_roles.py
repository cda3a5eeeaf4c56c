"""The roles exist as groups, and people can hold several of them."""
import importlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from shared.roles import Role, has_role, roles_of

from .factories import UserFactory, give_roles

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_the_migrations_create_exactly_the_role_groups():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    assert len(Role.values) == 11


def test_the_migrations_and_the_role_list_name_the_same_roles():
    names = []
    for migration in ("0002_roles", "0003_incident_roles"):
        names += importlib.import_module(f"organisation.migrations.{migration}").ROLES
    assert sorted(names) == sorted(Role.values)


def test_a_person_can_hold_several_roles():
    person = UserFactory(roles=[Role.PLAN_OWNER, Role.ACTION_LEAD, Role.STAFF])

    assert roles_of(person) == {Role.PLAN_OWNER, Role.ACTION_LEAD, Role.STAFF}
    assert has_role(person, Role.PLAN_OWNER)
    assert has_role(person, Role.AUDITOR, Role.ACTION_LEAD)
    assert not has_role(person, Role.AUDITOR)


def test_a_person_with_no_groups_holds_no_roles():
    assert roles_of(UserFactory()) == frozenset()


def test_a_superuser_counts_as_an_administrator():
    person = UserFactory(is_superuser=True)

    assert has_role(person, Role.ADMINISTRATOR)


def test_an_inactive_person_holds_no_roles():
    person = UserFactory(is_active=False, roles=[Role.ADMINISTRATOR])

    assert roles_of(person) == frozenset()


def test_an_anonymous_visitor_holds_no_roles():
    assert roles_of(AnonymousUser()) == frozenset()


def test_roles_are_read_from_the_database_once_per_user_object(django_assert_num_queries):
    person = UserFactory(roles=[Role.STAFF])

    with django_assert_num_queries(1):
        roles_of(person)
        roles_of(person)
        has_role(person, Role.STAFF)


def test_giving_a_role_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="Not a role"):
        give_roles(UserFactory(), "Chief wizard")
