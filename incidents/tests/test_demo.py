"""The demo incidents: fictional, across kinds, services and statuses, loaded once."""

import pytest

from incidents import demo
from incidents.models import Incident, Kind, Mode, Review, Status
from organisation import demo as organisation_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    organisation_demo.load_organisation(password="demo-password-for-tests-2026")
    return demo.load(volume=False)


def test_the_demo_covers_every_kind_mode_and_status_and_is_marked_fictional(loaded):
    incidents = Incident.objects.all()
    assert {i.kind for i in incidents} == set(Kind.values)
    assert {i.mode for i in incidents} == set(Mode.values)
    assert {i.status for i in incidents} == set(Status.values)
    assert all(i.what_happened.startswith(demo.MARK) for i in incidents)
    assert incidents.values("service").distinct().count() >= 8
    assert Review.objects.count() == 1


def test_demo_staff_has_reports_of_their_own_and_demo_handler_has_work(loaded):
    assert Incident.objects.filter(reporter__username="demo-staff").exists()
    assert Incident.objects.filter(handler__username="demo-handler", status=Status.ASSIGNED).exists()


def test_loading_the_demo_again_changes_nothing(loaded):
    count = Incident.objects.count()
    assert demo.load() == ["Incidents: demo incidents already loaded."]
    assert Incident.objects.count() == count


def test_the_full_demo_has_more_reports_at_first_than_later_and_some_late_deadlines():
    from datetime import timedelta

    from django.utils import timezone

    from incidents.models import Deadline

    organisation_demo.load_organisation(password="demo-password-for-tests-2026")
    demo.load()
    today = timezone.localdate()
    first_half = Incident.objects.filter(received_on__lt=today - timedelta(days=240)).count()
    second_half = Incident.objects.filter(received_on__gte=today - timedelta(days=240)).count()
    assert Incident.objects.count() > 80 and first_half > second_half
    late = [d for d in Deadline.objects.exclude(met_on=None) if d.met_on > d.due_on]
    assert late
