"""Sign-in throttling (django-axes), password-reset limits and the demo loader's guards."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisation.models import User
from shared.roles import Role

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(username="sky", email="sky@example.org", roles=[Role.STAFF])


def sign_in(client, password, username="sky", address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, person):
    for _ in range(30):
        sign_in(client, "wrong-password-123")
    response = sign_in(client, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_wrong_passwords_for_one_account_from_any_address(client, person):
    for n in range(10):
        sign_in(client, "wrong-password-123", address=f"10.0.0.{n + 2}")
    assert sign_in(client, DEFAULT_PASSWORD, address="10.9.9.9").status_code == 429


def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(client, person):
    for _ in range(3):
        sign_in(client, "wrong-password-123")
    assert sign_in(client, DEFAULT_PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(10):
        client.post("/admin/login/", {"username": "root", "password": "wrong-password-123"}, REMOTE_ADDR="10.0.0.1")
    response = client.post("/admin/login/", {"username": "root", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429


def test_an_administrator_can_unlock_an_account(client, person):
    for _ in range(10):
        sign_in(client, "wrong-password-123")
    call_command("axes_reset_username", "sky", stdout=open("/dev/null", "w"))
    assert sign_in(client, DEFAULT_PASSWORD).status_code == 302


def test_password_reset_emails_to_one_address_are_limited_per_hour_and_the_page_says_the_same(client, person):
    pages = [client.post(reverse("password_reset"), {"email": "Sky@example.org"}) for _ in range(6)]
    assert len(mail.outbox) == 3
    assert {page.status_code for page in pages} == {302}
    assert {page["Location"] for page in pages} == {reverse("password_reset_done")}


def test_the_demo_loader_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", password="a-long-enough-password-2026")
    assert not User.objects.exists()


def test_the_demo_loader_fills_an_empty_database_once_and_then_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    from plans.models import Action

    action = Action.objects.filter(status="in_progress").first()
    action.status = "complete"
    action.save()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    action.refresh_from_db()
    assert action.status == "complete"


def test_the_demo_loader_never_loads_into_a_database_with_real_accounts(settings, person):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="empty database"):
        call_command("load_demo")


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is anyone's to write
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry is what the client claimed
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (1, "not an address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_browsers_address_is_read_through_the_trusted_proxies_only(settings, count, forwarded, expected):
    from django.test import RequestFactory

    from shared.network import client_address

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_a_proxy_failures_are_counted_per_browser_address(client, person, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": "sky", "password": "wrong-password-123"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
