"""Measures computed, not typed: a measure names a registered source; a refresh upserts its values, marked computed."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import AdminSite

from plans.admin import MeasureAdmin, MeasureAdminForm
from plans.models import Measure, MeasureValue
from plans.services import measure_refresh, refresh_computed_measures
from plans.services.measures import UnknownSource
from shared import jobs, measures, scheduling
from shared.measures import MeasureSource, Reading

from .factories import GoalFactory

pytestmark = pytest.mark.django_db

READINGS: list[Reading] = []


@pytest.fixture(autouse=True)
def source(monkeypatch):
    registry = dict(measures._sources)
    monkeypatch.setattr(measures, "_sources", registry)
    READINGS[:] = [
        Reading(date(2026, 4, 1), "Apr to Jun 2026", Decimal("-12.5"), "from 600 staff"),
        Reading(date(2026, 7, 1), "Jul to Sep 2026", None, "Not published: based on small numbers of people."),
    ]
    measures.register(MeasureSource("test.gap", "A test gap", "points", lambda params: list(READINGS)))


def measure(**fields) -> Measure:
    return Measure.objects.create(goal=GoalFactory(), title="Senior gap", computed_from="test.gap", **fields)


def test_a_refresh_writes_each_published_value_marked_computed():
    m = measure()
    result = measure_refresh(m)
    value = MeasureValue.objects.get(measure=m)
    assert (value.period_start, value.value, value.computed, value.note) == (
        date(2026, 4, 1),
        Decimal("-12.5"),
        True,
        "from 600 staff",
    )
    assert result.created == 1 and result.not_published == [
        "Jul to Sep 2026: Not published: based on small numbers of people."
    ]


def test_a_refresh_again_changes_nothing_and_a_new_value_updates_it():
    m = measure()
    measure_refresh(m)
    assert measure_refresh(m).updated == 0
    READINGS[0] = Reading(date(2026, 4, 1), "Apr to Jun 2026", Decimal("-10"), "")
    assert measure_refresh(m).updated == 1
    assert MeasureValue.objects.get(measure=m).value == Decimal("-10")


def test_a_value_typed_by_hand_for_the_same_period_is_replaced_and_counted():
    m = measure()
    MeasureValue.objects.create(measure=m, period_start=date(2026, 4, 1), period_label="Q1", value=Decimal(3))
    assert measure_refresh(m).replaced_typed == 1
    assert MeasureValue.objects.get(measure=m).computed


def test_a_computed_value_the_source_now_hides_or_no_longer_gives_is_removed():
    m = measure()
    MeasureValue.objects.create(
        measure=m, period_start=date(2026, 7, 1), period_label="Jul", value=Decimal(1), computed=True
    )
    MeasureValue.objects.create(measure=m, period_start=date(2020, 1, 1), period_label="typed", value=Decimal(2))
    assert measure_refresh(m).removed == 1
    assert sorted(MeasureValue.objects.filter(measure=m).values_list("period_label", flat=True)) == [
        "Apr to Jun 2026",
        "typed",
    ]


def test_a_measure_naming_a_source_nobody_registered_is_refused_and_skipped_by_the_daily_refresh():
    m = measure()
    m.computed_from = "nobody.registered"
    m.save()
    with pytest.raises(UnknownSource):
        measure_refresh(m)
    assert refresh_computed_measures() == []


def test_the_refresh_runs_daily_as_a_job():
    assert "plans.refresh_computed_measures" in [t.name for t in scheduling.tasks_for("daily")]
    measure()
    job = jobs.start("plans.refresh_computed_measures")
    job.refresh_from_db()
    assert job.state == "succeeded" and "1 computed measures refreshed" in job.result["message"]
    assert MeasureValue.objects.filter(computed=True).count() == 1


def test_the_admin_offers_the_registered_sources_as_choices_and_refreshes_on_save(rf, person_with_role):
    form = MeasureAdminForm()
    assert ("test.gap", "A test gap") in form.fields["computed_from"].choices
    assert form.fields["computed_from"].choices[0] == ("", "Typed by hand (not computed)")
    goal = GoalFactory()
    form = MeasureAdminForm(
        data={
            "goal": goal.pk,
            "title": "Gap",
            "direction": "none",
            "position": 0,
            "computed_from": "nowhere",
            "computed_params": "{}",
            "obtainable": "unknown",
        }
    )
    assert "computed_from" in form.errors
    admin = MeasureAdmin(Measure, AdminSite())
    m = measure()
    request = rf.post("/")
    request.user = person_with_role("Administrator")
    admin.save_related(request, type("F", (), {"instance": m, "save_m2m": lambda self: None})(), [], True)
    assert MeasureValue.objects.filter(measure=m, computed=True).exists()
