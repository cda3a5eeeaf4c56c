"""A lead posting a progress update gets a gentle, optional note when the text uses a term a checker flags.

plans knows no checker: shared.textcheck gives it whatever other apps registered (the audits glossary in the
product); these tests register their own, so plans is tested on its own.
"""

import pytest
from django.urls import reverse

from organisation.tests.factories import LeadFactory
from plans.models import ProgressUpdate
from shared import textcheck
from shared.roles import Role
from shared.textcheck import Finding

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checker(monkeypatch):
    def flags_aggressive(text: str) -> list[Finding]:
        start = text.lower().find("aggressive")
        if start < 0:
            return []
        return [
            Finding(
                term="aggressive",
                matched=text[start : start + 10],
                start=start,
                end=start + 10,
                reason="A behavioural label that can carry racial bias.",
                alternatives=("Describe what was said and done",),
            )
        ]

    monkeypatch.setattr(textcheck, "_checkers", {"test": flags_aggressive})


@pytest.fixture
def lead_client(client, person_with_role):
    user = person_with_role(Role.ACTION_LEAD)
    action = ActionFactory(leads=[LeadFactory(user=user)])
    client.force_login(user)
    client.action = action
    return client


def post(client, text, **extra):
    action = client.action
    data = {"progress-version": action.version, "progress-text": text, "progress-status": action.status, **extra}
    return client.post(reverse("plans:action_update", args=[action.pk]), data)


def test_an_update_with_a_flagged_term_is_shown_again_with_the_note_and_not_saved_yet(lead_client):
    response = post(lead_client, "Met Dad, who was aggressive on the phone.")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your update has not been saved yet" in page and "A behavioural label that can carry racial bias." in page
    assert "Met Dad, who was aggressive on the phone." in page
    assert 'name="language_noted" value="1"' in page
    assert "There is a problem" not in page and "<title>Error" not in page
    assert not ProgressUpdate.objects.exists()


def test_saving_again_after_the_note_saves_the_update_as_it_is(lead_client):
    response = post(lead_client, "Met Dad, who was aggressive on the phone.", language_noted="1")
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().text == "Met Dad, who was aggressive on the phone."


def test_an_update_without_flagged_terms_is_saved_at_once(lead_client):
    assert post(lead_client, "Panels now include practitioners.").status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_an_update_with_errors_shows_the_errors_not_the_note(lead_client):
    response = post(lead_client, "")
    assert response.status_code == 400
    assert "Your update has not been saved yet" not in response.content.decode()
