"""Error pages (403, 404, 500) in the service's own layout; the 500 page must not need the database.

This module is also the tests' URLconf: the real one plus views that raise, with the real handlers,
so these tests also check config.urls wires the handlers up.
"""
import importlib

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import path

from shared.roles import Role

from .factories import UserFactory


def _forbidden(request):
    raise PermissionDenied("Your roles do not include this page.")


@login_not_required
def _broken(request):
    raise RuntimeError("Something went wrong in a view")


def _refuse_queries(execute, sql, params, many, context):
    raise OperationalError("the database has gone away")


@login_not_required
def _database_down(request):
    """From here on every query fails, as when the database stops answering mid-request."""
    connection.execute_wrappers.append(_refuse_queries)
    raise OperationalError("the database has gone away")


def __getattr__(name: str):
    # Read when Django first resolves a URL, not at collection, so a broken app's URLs fail these
    # tests rather than stopping the whole run.
    if name == "urlpatterns":
        return [
            *importlib.import_module("config.urls").urlpatterns,
            path("test-errors/forbidden/", _forbidden),
            path("test-errors/broken/", _broken),
            path("test-errors/database-down/", _database_down),
        ]
    if name in {"handler403", "handler404", "handler500"}:
        return getattr(importlib.import_module("config.urls"), name)
    raise AttributeError(name)


SERVICE_NAME = "Anti-racist action plans"
with_error_views = override_settings(ROOT_URLCONF=__name__, DEBUG=False)


@pytest.fixture
def signed_in_client(client, db):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    return client


@with_error_views
def test_a_page_that_does_not_exist_shows_the_services_not_found_page(signed_in_client):
    response = signed_in_client.get("/no-such-page/")

    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    html = response.content.decode()
    assert "Page not found" in html
    assert SERVICE_NAME in html
    assert 'id="main-content"' in html
    assert "Sign out" in html


@with_error_views
def test_a_page_someone_may_not_use_shows_the_services_access_denied_page(signed_in_client):
    response = signed_in_client.get("/test-errors/forbidden/")

    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    html = response.content.decode()
    assert "You do not have access to this page" in html
    assert SERVICE_NAME in html
    assert "ask an administrator" in html


@with_error_views
def test_an_unexpected_error_shows_the_services_problem_page(client):
    client.raise_request_exception = False

    response = client.get("/test-errors/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert SERVICE_NAME in html
    assert "/static/css/app.css" in html
    assert "Something went wrong in a view" not in html


@with_error_views
def test_the_problem_page_renders_when_the_database_has_gone_away(signed_in_client):
    # The person is signed in, so a layout with navigation would query their roles: the 500 page must not.
    signed_in_client.raise_request_exception = False
    try:
        response = signed_in_client.get("/test-errors/database-down/")
    finally:
        if _refuse_queries in connection.execute_wrappers:
            connection.execute_wrappers.remove(_refuse_queries)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "the database has gone away" not in html
