"""Fixtures every test can use: people with roles (the demo users' roles, without the demo data)."""

import pytest

from organisation.tests.factories import UserFactory


@pytest.fixture
def person_with_role(db):
    """Make a person holding the given roles: person_with_role(Role.PLAN_OWNER)."""

    def make(*roles: str, **fields):
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a user and return the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
