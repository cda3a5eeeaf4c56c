"""What leaves the log as figures: the dashboard panel, measure sources and trends, all suppressed."""

from datetime import date

import pytest
from freezegun import freeze_time

from incidents import figures, selectors
from incidents.models import Kind, Satisfaction
from organisation.tests.factories import UserFactory
from shared import measures, panels
from shared.panels import PanelRequest

from .factories import ClosedIncidentFactory, IncidentFactory, PartnerAgencyFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_panel_and_the_measure_sources_are_registered():
    panel = panels.get("incidents.overview")
    assert panel is not None and panel.packable
    assert measures.get("incidents.reports_per_quarter") and measures.get("incidents.share_satisfied")


@pytest.mark.parametrize(
    "day, start, label",
    [
        (date(2026, 4, 1), date(2026, 4, 1), "Q1 2026/27"),
        (date(2026, 12, 31), date(2026, 10, 1), "Q3 2026/27"),
        (date(2027, 3, 31), date(2027, 1, 1), "Q4 2026/27"),
    ],
)
def test_financial_quarters_run_from_april(day, start, label):
    assert selectors.quarter_of(day) == (start, label)


@freeze_time("2026-11-15")
def test_reports_per_quarter_hide_fewer_than_five():
    IncidentFactory.create_batch(7, received_on=date(2026, 8, 1))
    IncidentFactory.create_batch(3, received_on=date(2026, 10, 5))
    readings = {r.period_label: r for r in figures.reports_per_quarter({"quarters": 3})}
    assert readings["Q2 2026/27"].value == 7
    assert readings["Q3 2026/27"].value is None and "privacy" in readings["Q3 2026/27"].note


@freeze_time("2026-11-15")
def test_share_satisfied_is_shown_only_when_neither_part_is_small():
    ClosedIncidentFactory.create_batch(6, closed_on=date(2026, 8, 1), satisfaction=Satisfaction.SATISFIED)
    ClosedIncidentFactory.create_batch(5, closed_on=date(2026, 8, 2), satisfaction=Satisfaction.NOT_SATISFIED)
    ClosedIncidentFactory.create_batch(2, closed_on=date(2026, 8, 3), satisfaction=Satisfaction.NOT_REACHED)
    ClosedIncidentFactory.create_batch(6, closed_on=date(2026, 10, 3), satisfaction=Satisfaction.SATISFIED)
    ClosedIncidentFactory(closed_on=date(2026, 10, 3), satisfaction=Satisfaction.PARTLY)
    readings = {r.period_label: r for r in figures.share_satisfied({"quarters": 2})}
    assert float(readings["Q2 2026/27"].value) == 54.5  # 6 of the 11 asked
    assert readings["Q3 2026/27"].value is None  # 6 of 7: the one not satisfied could be worked out


@freeze_time("2026-11-15")
def test_a_panel_for_a_scrutiny_pack_holds_only_suppressed_counts_no_names_and_no_alerts():
    police = PartnerAgencyFactory(name="Police")
    service = ServiceFactory(name="Clinical Services")
    for _ in range(3):
        IncidentFactory(
            kind=Kind.PARTNER,
            partner_agency=police,
            service=service,
            received_on=date(2026, 11, 1),
            occurred_on=date(2026, 11, 1),
        )
    context = figures.panel(PanelRequest(user=UserFactory(), today=date(2026, 11, 15), for_pack=True))
    text = str(context)
    assert context["for_pack"] and not context["status"] and not context["alerts"]
    assert "Police" not in text and "Clinical Services" not in text and "INC-" not in text
    assert [row.figure.display for row in context["quarters"]][-1] == "[c]"


def test_the_panel_on_the_dashboard_flags_overdue_incidents_suppressed():
    from .factories import OverdueIncidentFactory

    OverdueIncidentFactory.create_batch(5)
    context = figures.panel(PanelRequest(user=UserFactory(), today=date.today()))
    status = {row.label: row.figure.display for row in context["status"]}
    assert status["Overdue"] == "5" and status["Waiting to be assigned"] == "0"


@freeze_time("2026-11-15")
def test_trends_count_months_by_kind_hiding_small_numbers_with_the_chart_and_its_table():
    IncidentFactory.create_batch(6, received_on=date(2026, 9, 10), kind=Kind.COMPLAINT)
    IncidentFactory.create_batch(7, received_on=date(2026, 9, 11), kind=Kind.TOWARDS_STAFF)
    IncidentFactory.create_batch(2, received_on=date(2026, 10, 10), kind=Kind.COMPLAINT)
    IncidentFactory.create_batch(8, received_on=date(2026, 10, 11), kind=Kind.TOWARDS_STAFF)
    trends = selectors.trends(months=3)
    kind_table = trends.tables[0]
    months = {month: (cells, total) for month, cells, total in kind_table.rows}
    complaints = kind_table.columns.index("Complaint about our service")
    assert months["October 2026"][0][complaints].display == "[c]"
    assert months["September 2026"][1].display == "13" and months["November 2026"][1].display == "0"
    assert trends.chart.svg and trends.chart.table.rows


def test_the_panel_template_renders_its_figures():
    from django.template.loader import render_to_string

    from .factories import OverdueIncidentFactory

    OverdueIncidentFactory.create_batch(5)
    data = figures.panel(PanelRequest(user=UserFactory(), today=date.today()))
    html = render_to_string("incidents/panel.html", {"data": data})
    assert "Overdue" in html and "Reports of racism received per quarter" in html and "[c]" in html
