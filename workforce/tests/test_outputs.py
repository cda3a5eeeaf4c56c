"""What leaves the workforce app: plan measures computed from it, the dashboard panel, the summary command.
All of them suppressed."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from plans.models import Measure, MeasureValue
from plans.services import measure_refresh
from plans.tests.factories import GoalFactory
from shared import measures, panels
from shared.panels import PanelRequest
from shared.roles import Role
from workforce.choices import Kind

from .factories import load, service, standard_grades
from .test_views import BENCHMARK, CFS_Q2, RECRUITMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfs():
    standard_grades()
    unit = service()
    load(Kind.BENCHMARK, BENCHMARK)
    load(Kind.SNAPSHOT, CFS_Q2)
    load(Kind.SNAPSHOT, CFS_Q2.replace("2026-Q2", "2026-Q1").replace("MWBC,3", "MWBC,1"))
    load(Kind.RECRUITMENT, RECRUITMENT)
    return unit


# --- measures ---------------------------------------------------------------------------------------------------


def test_workforce_registers_its_measure_sources():
    keys = {key for key, _ in measures.choices()}
    assert {"workforce.senior_gap", "workforce.gap", "workforce.rl_appointment", "workforce.disclosure"} <= keys


def test_the_overall_gap_reading_is_the_groups_share_minus_the_benchmark_share(cfs):
    readings = measures.get("workforce.gap").readings({"unit": "CFS"})
    latest = readings[-1]
    # Black and global majority: 61 + 28 + 3 = 92 of 173 placed = 53.2%, against 48% (11 + 22 + 15): +5.2 points.
    assert (latest.period_start, latest.value) == (date(2026, 4, 1), Decimal("5.2"))


def test_a_reading_based_on_a_hidden_figure_has_no_value_and_says_why(cfs):
    readings = measures.get("workforce.senior_gap").readings({"unit": "CFS"})
    assert [r.value for r in readings] == [None, None]
    assert readings[0].note == "Not published: based on small numbers of people."


def test_the_relative_likelihood_reading_is_computed_per_quarter(cfs):
    (reading,) = measures.get("workforce.rl_appointment").readings({"unit": "Children and Families Service"})
    assert reading.value == Decimal("1.67")


def test_a_plan_measure_takes_its_values_from_workforce_data_without_re_keying(cfs):
    measure = Measure.objects.create(
        goal=GoalFactory(), title="Gap to the borough", computed_from="workforce.gap", computed_params={"unit": "CFS"}
    )
    measure_refresh(measure)
    assert list(MeasureValue.objects.filter(measure=measure).values_list("period_label", "value", "computed")) == [
        ("Jan to Mar 2026", Decimal("4.6"), True),
        ("Apr to Jun 2026", Decimal("5.2"), True),
    ]


def test_loading_a_quarter_refreshes_computed_measures(cfs, django_capture_on_commit_callbacks):
    measure = Measure.objects.create(goal=GoalFactory(), title="Gap", computed_from="workforce.gap")
    with django_capture_on_commit_callbacks(execute=True):
        load(Kind.SNAPSHOT, CFS_Q2.replace("2026-Q2", "2026-Q3"))
    assert MeasureValue.objects.filter(measure=measure, period_start=date(2026, 7, 1), computed=True).exists()


# --- the dashboard panel ----------------------------------------------------------------------------------------


def test_the_panel_is_registered_for_leadership_and_can_go_in_a_scrutiny_pack():
    panel = panels.get("workforce.representation")
    assert panel.packable and Role.SENIOR_LEADERSHIP in panel.roles and Role.SCRUTINY_MEMBER not in panel.roles


def test_the_panel_is_suppressed_even_for_an_analyst(cfs, person_with_role):
    panel = panels.get("workforce.representation")
    data = panel.build(PanelRequest(user=person_with_role(Role.WORKFORCE_ANALYST), today=timezone.localdate()))
    rep = data["profile"].representation
    assert data["profile"].publication.suppressed
    assert rep.rows[-1].counts[1].hidden  # 3 Black and global majority senior staff
    assert data["likelihoods"].appointment.value.value == 1.67


def test_the_panel_built_for_a_pack_links_nowhere_and_names_its_charts_apart(cfs, person_with_role):
    panel = panels.get("workforce.representation")
    data = panel.build(PanelRequest(user=None, today=timezone.localdate(), for_pack=True))
    assert not data["link"]
    assert data["profile"].charts["grades"].id.endswith("-pack")


def test_leadership_sees_the_panel_on_the_dashboard(client, cfs, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    html = client.get(reverse("dashboard:index")).content.decode()
    section = html.split('id="panel-workforcerepresentation"')[1].split("</section>")[0]
    assert "Children and Families Service" in section and "[c]" in section and "Seniority gradient" in section


def test_the_panel_says_under_its_heading_that_plan_theme_and_lead_filters_do_not_narrow_workforce_figures(
    client, cfs, person_with_role
):
    from plans.tests.factories import ActionFactory, PlanFactory

    plan = PlanFactory()
    ActionFactory(plan=plan, goal=GoalFactory(plan=plan), service_area=cfs)
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    page = client.get(reverse("dashboard:index") + f"?plan={plan.pk}&service_area={cfs.pk}").content.decode()
    section = page.split('id="panel-workforcerepresentation"')[1].split("</section>")[0]
    heading, rest = section.split("</h2>", 1)
    assert "Workforce representation" in heading
    assert rest.lstrip().startswith('<p class="govuk-inset-text"')
    assert "Not filtered by plan: workforce figures are not linked to plans." in rest
    assert "service area" not in rest.split("</p>")[0]
    page = client.get(reverse("dashboard:index") + f"?service_area={cfs.pk}").content.decode()
    assert "Not filtered" not in page.split('id="panel-workforcerepresentation"')[1].split("</section>")[0]


def test_the_panel_shows_the_unit_the_dashboard_filter_names_or_says_it_has_no_data(cfs, person_with_role):
    other = service("Adult Social Care", "ASC")
    panel = panels.get("workforce.representation")
    data = panel.build(PanelRequest(user=None, today=timezone.localdate(), filters={"service_area": str(other.pk)}))
    assert data["profile"].unit == cfs and "There is no workforce data for Adult Social Care" in data["note"]


def test_with_no_workforce_data_the_panel_is_left_out():
    assert panels.get("workforce.representation").build(PanelRequest(user=None, today=timezone.localdate())) is None


# --- the summary command -----------------------------------------------------------------------------------------


def summary(*args) -> dict:
    out = StringIO()
    call_command("workforce_summary", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_the_summary_prints_representation_funnel_and_likelihoods_as_numbers_suppressed(cfs):
    data = summary("--period", "2026-Q2", "--unit", "CFS", "--json")
    assert data["suppressed"] is True and data["threshold"] == 5
    senior = data["representation"]["grades"][-1]
    assert senior["grade"] == "SM1-SM2" and senior["counts"]["Black and global majority"] == "[c]"
    assert data["representation"]["overall"]["shares_percent"]["Black and global majority"] == 53.2
    assert data["relative_likelihoods"]["appointment_from_shortlisting"]["value"] == 1.67
    assert data["relative_likelihoods"]["appointment_from_shortlisting"]["flag"] == "above"
    funnel = data["funnel"]
    assert funnel["stages"] == ["applied", "shortlisted", "appointed"]
    assert funnel["campaigns"][0]["name"] == "Social worker"
    assert funnel["total"]["groups"]["White"] == {"applied": 120, "shortlisted": 40, "appointed": 12}


def test_unsuppressed_figures_are_for_an_operator_at_the_command_line_and_say_so(cfs):
    out, err = StringIO(), StringIO()
    call_command(
        "workforce_summary", "--period", "2026-Q2", "--unit", "CFS", "--json", "--unsuppressed", stdout=out, stderr=err
    )
    data = json.loads(out.getvalue())
    assert data["suppressed"] is False
    assert data["representation"]["grades"][-1]["counts"]["Black and global majority"] == 3
    assert "UNSUPPRESSED" in err.getvalue()


def test_without_a_unit_the_summary_covers_every_unit_with_data(cfs):
    assert [u["unit"] for u in summary("--period", "2026-Q2", "--json")] == ["Children and Families Service"]


def test_the_summary_refuses_what_it_cannot_read(cfs):
    with pytest.raises(CommandError, match="not a quarter"):
        call_command("workforce_summary", "--period", "spring")
    with pytest.raises(CommandError, match="no aggregation"):
        call_command("workforce_summary", "--period", "2026-Q2", "--aggregation", "nope")
    with pytest.raises(CommandError, match="names no units"):
        call_command("workforce_summary", "--period", "2026-Q2", "--unit", "Nowhere")


def test_the_demo_data_loads_through_import_workforce_and_again_changes_nothing(django_capture_on_commit_callbacks):
    from organisation import demo as organisation_demo
    from workforce import demo
    from workforce.models import DataLoad

    organisation_demo.load_organisation(password="a-long-demo-password-2026")
    lines = demo.load()
    assert any(line.startswith("Loaded: snapshots.csv") for line in lines)
    assert any(line.startswith("Loaded: hackney_education_snapshots.xlsx") for line in lines)
    loads = DataLoad.objects.count()
    demo.load()
    assert DataLoad.objects.count() == loads
    assert DataLoad.objects.filter(kind=Kind.SNAPSHOT).values("unit").distinct().count() == 4


def test_the_demo_borough_benchmark_is_seed_001s_hackney_population():
    from organisation import demo as organisation_demo
    from workforce import demo
    from workforce.models import Benchmark

    organisation_demo.load_organisation(password="a-long-demo-password-2026")
    demo.load()
    borough = Benchmark.objects.get(is_default=True)
    shares = {str(v.group): v.value for v in borough.values.select_related("group")}
    assert borough.population == "Hackney population" and shares == {
        "White": 51,
        "Asian, Asian British or Asian Welsh": 11,
        "Black, Black British, Black Welsh, Caribbean or African": 22,
        "Mixed or Multiple ethnic groups": 15,
    }
