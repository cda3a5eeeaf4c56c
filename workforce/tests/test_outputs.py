"""What leaves the workforce app: plan measures computed from it, the dashboard panel, the summary command.
All of them suppressed."""

import html
import io
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


def test_a_councillor_reads_a_published_pack_whose_workforce_panel_holds_real_figures_with_small_counts_hidden(
    client, cfs, person_with_role
):
    from datetime import timedelta

    from openpyxl import load_workbook

    from plans.tests.factories import PlanFactory
    from scrutiny import exports
    from scrutiny import services as scrutiny_services

    owner = person_with_role(Role.PLAN_OWNER)
    plan = PlanFactory(owners=[owner], title="CFS plan")
    GoalFactory(plan=plan)
    today = timezone.localdate()
    pack = scrutiny_services.pack_create(
        by=owner,
        title="Update to scrutiny",
        plans=[plan],
        meeting_date=today + timedelta(days=7),
        as_at=today,
        panels=["workforce.representation"],
    )
    pack = scrutiny_services.pack_publish(pack=pack, by=owner)

    client.force_login(person_with_role(Role.SCRUTINY_MEMBER))
    response = client.get(reverse("scrutiny:pack_detail", args=[pack.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="panel-workforce-representation"')
    section = page[start : page.index("</figure>", start)]
    # Real figures from the quarter loaded: the unit, the quarter, a share and a likelihood that pass the threshold.
    assert "Children and Families Service, Apr to Jun 2026" in section
    assert "60.4%" in section and "1.67" in section  # Scale 1-5: 61 of 101; appointment from shortlisting
    # Small counts, and shares built on them, are hidden ([c]) by the shared rule: the 3 senior Black and global
    # majority staff (3 of 14: 21.4%), the grade hidden to protect them (28 of 58: 48.3%) and the 2 not stated.
    assert section.count("[c]") >= 4
    for unsuppressed in ["21.4%", "48.3%", "98.9%", ">175<", ">3<", ">2<"]:
        assert unsuppressed not in section, unsuppressed
    assert "Not filtered by plan: workforce figures are not linked to plans." in html.unescape(section)
    assert "filtered to CFS plan" not in page[start - 400 : start + 400]

    workbook = load_workbook(io.BytesIO(exports.pack_to_xlsx(pack)[0]))
    rows = [[c.value for c in row] for row in workbook["Panels"].iter_rows(min_row=2)]
    senior = next(row for row in rows if str(row[3]).startswith("SM1-SM2"))
    assert senior[0] == "Not filtered by plan: workforce figures are not linked to plans."
    assert senior[3] == "SM1-SM2 | [c] | 48.0%"
    assert not any("21.4%" in str(value) for row in rows for value in row)


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
