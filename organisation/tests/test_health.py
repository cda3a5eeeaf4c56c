"""The load balancer's health check: /healthz."""
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_the_health_check_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_needs_no_sign_in(client):
    response = client.get("/healthz", follow=False)

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_health_check_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_the_health_check_returns_503_when_the_database_cannot_be_reached(client, caplog):
    with mock.patch("organisation.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "connection refused" not in response.content.decode()
    assert "Health check could not reach the database" in caplog.text


def test_the_health_check_returns_503_when_a_query_fails(client):
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = OperationalError("server closed the connection")
    with mock.patch("organisation.views.connection.cursor", return_value=cursor):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_the_health_check_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
