"""Leadership reviews: the period's summary with small numbers hidden, completed with who and when and the summary
frozen, partner alerts when several reports name one agency, and the partner-themes table."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from incidents import selectors, services
from incidents.models import Kind, Review
from organisation.tests.factories import UserFactory
from shared.roles import Role

from .factories import ClosedIncidentFactory, IncidentFactory, PartnerAgencyFactory, ReviewFactory, category

pytestmark = pytest.mark.django_db


def rows(summary, key) -> dict:
    section = next(s for s in summary.sections if s.key == key)
    return {row.label: row.figure.display for row in section.rows}


@freeze_time("2026-07-10")
def test_the_summary_counts_the_period_by_kind_and_hides_small_numbers():
    IncidentFactory.create_batch(6, kind=Kind.TOWARDS_STAFF, received_on=date(2026, 5, 1))
    IncidentFactory.create_batch(2, kind=Kind.COLLEAGUES, received_on=date(2026, 5, 2))
    IncidentFactory(kind=Kind.COLLEAGUES, received_on=date(2026, 3, 1))  # before the period
    summary = selectors.review_summary(date(2026, 4, 1), date(2026, 6, 30))
    by_kind = rows(summary, "kind")
    assert by_kind["Between colleagues"] == "[c]"
    assert by_kind["Towards staff"] == "[c]"  # hidden too, or the total would give the 2 away
    assert summary.received.display == "8"


@freeze_time("2026-07-10")
def test_the_summary_shows_counts_of_five_or_more():
    IncidentFactory.create_batch(6, kind=Kind.TOWARDS_STAFF, received_on=date(2026, 5, 1))
    IncidentFactory.create_batch(5, kind=Kind.COLLEAGUES, received_on=date(2026, 5, 2))
    by_kind = rows(selectors.review_summary(date(2026, 4, 1), date(2026, 6, 30)), "kind")
    assert (by_kind["Towards staff"], by_kind["Between colleagues"]) == ("6", "5")


@freeze_time("2026-07-10")
def test_time_to_acknowledge_is_the_middle_value_in_working_days_once_there_are_five():
    for n in range(5):
        IncidentFactory(received_on=date(2026, 5, 1), acknowledged_on=date(2026, 5, 5 + n))  # Bank holiday 4 May
    summary = selectors.review_summary(date(2026, 4, 1), date(2026, 6, 30))
    timings = {row.label: row.figure.display for row in summary.timings}
    # Friday 1 May 2026 to Tuesday 5 (1, as Monday 4 is a bank holiday) ... Saturday 9 (4): middle value 3.
    assert timings["Working days to acknowledge (middle value)"] == "3"


@freeze_time("2026-07-10")
def test_completing_a_review_records_who_and_when_and_freezes_the_summary():
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    colleague = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    IncidentFactory.create_batch(5, received_on=date(2026, 5, 1))
    review = ReviewFactory(period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    services.review_complete(
        review=review,
        by=person,
        themes="Comments in multi-agency meetings.",
        reviewers=[colleague],
        reviewed_on=date(2026, 7, 9),
    )
    review = Review.objects.get(pk=review.pk)
    assert review.completed and review.completed_by == person
    assert set(review.reviewers.all()) == {person, colleague}
    assert review.summary["received"] == "5"
    IncidentFactory.create_batch(5, received_on=date(2026, 5, 2))  # a late entry for the period
    assert Review.objects.get(pk=review.pk).summary["received"] == "5"


def test_a_review_needs_its_themes_and_date_to_be_completed_and_cannot_change_afterwards():
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    review = ReviewFactory()
    with pytest.raises(ValidationError) as error:
        services.review_complete(review=review, by=person, themes="", reviewers=[], reviewed_on=None)
    assert {"themes", "reviewed_on"} <= set(error.value.message_dict)
    services.review_complete(review=review, by=person, themes="None.", reviewers=[], reviewed_on=timezone.localdate())
    with pytest.raises(ValidationError, match="completed"):
        services.review_save(review=review, by=person, themes="Changed.", reviewers=[], reviewed_on=None)


@pytest.mark.parametrize(
    "start, end, fixed",
    [
        (date(2026, 4, 1), date(2026, 6, 30), True),
        (date(2025, 4, 1), date(2026, 3, 31), True),
        (date(2026, 4, 1), date(2026, 6, 29), False),  # one day less: set against the quarter, it reveals a day
        (date(2026, 5, 1), date(2026, 7, 31), False),
        (date(2026, 1, 1), date(2026, 12, 31), False),
    ],
)
def test_a_review_covers_a_financial_quarter_or_year_and_nothing_that_overlaps_them(start, end, fixed):
    assert selectors.is_fixed_period(start, end) is fixed


def test_a_review_of_any_other_period_is_refused():
    with pytest.raises(ValidationError) as error:
        services.review_start(by=UserFactory(), period_start=date(2026, 4, 1), period_end=date(2026, 6, 29))
    assert "period" in error.value.message_dict


@freeze_time("2026-11-15")
def test_the_periods_offered_are_the_last_quarters_then_the_last_years():
    offered = selectors.periods()
    assert offered[0].label == "Q3 2026/27 (October to December 2026)"
    assert offered[8].label == "2026/27 (financial year)"
    assert all(selectors.is_fixed_period(p.start, p.end) for p in offered)


def test_three_reports_naming_one_partner_within_90_days_raise_an_alert_and_two_do_not():
    police, health = PartnerAgencyFactory(name="Police"), PartnerAgencyFactory(name="Health services (NHS)")
    today = timezone.localdate()
    for days in (5, 30, 80):
        IncidentFactory(kind=Kind.PARTNER, partner_agency=police, occurred_on=today - timedelta(days=days))
    for days in (5, 30):
        IncidentFactory(kind=Kind.PARTNER, partner_agency=health, occurred_on=today - timedelta(days=days))
    IncidentFactory(kind=Kind.PARTNER, partner_agency=health, occurred_on=today - timedelta(days=120))
    alerts = selectors.partner_alerts(today=today)
    assert [alert.partner for alert in alerts] == ["Police"]
    assert "Police" in alerts[0].sentence


def test_partner_themes_count_each_agencys_reports_by_kind_of_racism_and_hide_small_numbers():
    police = PartnerAgencyFactory(name="Police")
    today = timezone.localdate()
    for _ in range(6):
        IncidentFactory(
            kind=Kind.PARTNER, partner_agency=police, occurred_on=today, categories=[category("microaggression")]
        )
    IncidentFactory(kind=Kind.PARTNER, partner_agency=police, occurred_on=today, categories=[category()])
    themes = selectors.partner_themes(today - timedelta(days=30), today)
    ((partner, cells, total),) = themes.rows
    by_category = dict(zip(themes.categories, [cell.display for cell in cells], strict=True))
    assert partner == "Police" and total.display == "7"
    assert by_category["Microaggression"] == "6" and by_category["Racist abuse"] == "[c]"


def test_the_frozen_summary_holds_no_names_or_references():
    person = UserFactory(roles=[Role.SENIOR_LEADERSHIP], first_name="Perpetua")
    incident = ClosedIncidentFactory()
    review = ReviewFactory(period_start=timezone.localdate() - timedelta(days=10))
    services.review_complete(review=review, by=person, themes="x", reviewers=[], reviewed_on=timezone.localdate())
    frozen = str(Review.objects.get(pk=review.pk).summary)
    assert incident.reference not in frozen and "Perpetua" not in frozen
