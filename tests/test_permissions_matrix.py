"""Role x URL: every URL the project serves, for every role and for anonymous visitors, by GET and by POST.

The URLs come from the resolver and the expectations from each app's `tests/matrix.py` (see
shared.testing.matrix), so a new URL without a row fails `test_every_url_has_a_row`. Each principal's
requests run in a savepoint that is rolled back, so one role's POST cannot change what the next one sees.
"""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import path

from organisation.tests.factories import UserFactory
from shared.roles import Role
from shared.testing.matrix import ANONYMOUS, all_rows, build_objects, expected, judge, url_patterns

ROWS = all_rows()


@pytest.fixture
def users(db):
    return {role: UserFactory(roles=[role], username=f"matrix-{role.lower().replace(' ', '-')}") for role in Role}


def _check(client, users, objects, row, principal, method) -> str | None:
    with transaction.atomic():
        client.logout()
        if principal != ANONYMOUS:
            client.force_login(users[principal])
        url = row.url(objects)
        response = client.get(url) if method == "GET" else client.post(url, row.post_data(objects))
        transaction.set_rollback(True)
    why = judge(row, method, expected(row, method, principal), response)
    return None if why is None else f"{principal} {method} {url}: {why}"


@pytest.mark.smoke
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_url_answers_each_role_as_the_rules_say(client, users, row):
    objects = build_objects(users)
    failures = [
        failure
        for principal in [ANONYMOUS, *Role.values]
        for method in ("GET", "POST")
        if (failure := _check(client, users, objects, row, principal, method))
    ]
    assert not failures, "\n".join(failures)


def test_every_url_has_a_row():
    missing = sorted(set(url_patterns()) - {row.name for row in ROWS})
    assert not missing, f"URLs with no row in any app's tests/matrix.py: {', '.join(missing)}"


def test_every_row_names_a_real_url():
    unknown = sorted({row.name for row in ROWS} - set(url_patterns()))
    assert not unknown, f"Rows for URLs that do not exist: {', '.join(unknown)}"


urlpatterns_with_a_new_page = [path("new-page/", lambda request: None, name="new_page")]


def test_a_url_added_without_a_row_is_caught():
    from config import urls

    class WithNewPage:
        urlpatterns = [*urls.urlpatterns, *urlpatterns_with_a_new_page]

    with override_settings(ROOT_URLCONF=WithNewPage):
        assert "new_page" in set(url_patterns()) - {row.name for row in ROWS}


def test_a_signed_in_person_without_roles_sees_only_the_start_page(client, db):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200
    assert client.get("/plans/").status_code == 403
