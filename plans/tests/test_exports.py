"""Exporting a plan as .xlsx, .csv and .pdf: contents, safety, the command, the download view and the round trip."""
from __future__ import annotations

import csv
import io
import re
import zlib
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from organisation.tests.factories import GroupLeadFactory, PlaceholderLeadFactory, UnitFactory, UserFactory
from plans import exports
from plans.choices import Status
from plans.models import Action, Plan, Theme
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory, ProgressUpdateFactory
from shared.exports import local_url_fetcher
from shared.roles import Role

TODAY = date(2025, 1, 15)


def add_action(goal, code, *, parent=None, position=0, **fields):
    """An action under a goal (or under `parent`), with its reference built the way imports build it."""
    return ActionFactory(goal=goal, parent=parent, code=code, position=position, **fields)


def inflated_pdf(data: bytes) -> bytes:
    """The PDF's streams, decompressed: its metadata and page tree live in compressed object streams."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def plan(db):
    """A small plan: two goals, actions three levels deep, leads, a service area, a theme and progress."""
    plan = PlanFactory(title="CFS Anti-Racist Action Plan", period_start=date(2024, 4, 1), period_end=date(2026, 3, 31))
    one = GoalFactory(plan=plan, number="1", title="Inclusive Recruitment and Aspirational Support for Staff",
                      outcome="Staff workforce is representative at all levels.", position=0)
    two = GoalFactory(plan=plan, number="2", title="Anti-racist practice", outcome="", position=1)
    la, lv = PlaceholderLeadFactory(name="LA"), PlaceholderLeadFactory(name="LV")
    headline = add_action(one, "1.1", title="Review and update recruitment processes", leads=[la, lv],
                          timescale_text="Spring 2025", due_date=date(2025, 5, 31), start_date=date(2025, 3, 1),
                          last_update_on=date(2025, 1, 10), immediate_need=True,
                          service_area=UnitFactory(name="Safeguarding and Learning"))
    headline.themes.add(Theme.objects.create(name="Recruitment and development"),
                        Theme.objects.create(name="Data and transparency"))
    action = add_action(one, "A", parent=headline, title="Roll out anonymous recruitment", status=Status.COMPLETE,
                        detail="Across all teams.", measurable="Shortlists by ethnicity")
    add_action(one, "i", parent=action, title="Shadowing scheme", due_date=date(2024, 12, 1), timescale_text="Dec 2024")
    add_action(one, "B", parent=headline, position=1, title="Diverse interview panels", status=Status.ON_HOLD,
               rag_override="green", rag_override_reason="Agreed at DMT")
    add_action(two, "2.1", title="Practice standards", leads=[la])
    ProgressUpdateFactory(action=headline, written_on=date(2024, 10, 9), text="First panel held.")
    ProgressUpdateFactory(action=headline, written_on=date(2025, 1, 10), text="Second panel held.")
    ProgressUpdateFactory(action=headline, written_on=None, text="An undated note.")
    return plan


# --- rows -------------------------------------------------------------------------------------------------


def test_rows_come_depth_first_in_plan_order(plan):
    rows = exports.export_rows(plan, today=TODAY)
    assert [r["Reference"] for r in rows] == ["1.1", "1.1.A", "1.1.A.i", "1.1.B", "2.1"]
    assert all(list(r) == list(exports.EXPORT_HEADERS) for r in rows)


def test_a_row_carries_goal_leads_status_rag_dates_latest_update_and_themes(plan):
    row = exports.export_rows(plan, today=TODAY)[0]
    assert row["Goal"] == "1. Inclusive Recruitment and Aspirational Support for Staff"
    assert row["Lead"] == "LA / LV"
    assert row["Status"] == "In progress"
    assert row["Service area"] == "Safeguarding and Learning"
    assert row["Start date"] == date(2025, 3, 1) and row["Due date"] == date(2025, 5, 31)
    assert row["Last update"] == date(2025, 1, 10)
    assert row["Latest update"] == "Second panel held."
    assert row["Immediate need"] == "Yes"
    assert row["Themes"] == "Data and transparency; Recruitment and development"
    # 1.1 groups sub-actions, one of them overdue: it shows their worst colour, with the count.
    assert (row["RAG"], row["RAG reason"]) == ("Red", "From its sub-actions: 1 red, 1 green")


def test_rag_comes_from_the_shared_rules_including_a_leads_override_and_its_reason(plan):
    rows = {r["Reference"]: r for r in exports.export_rows(plan, today=TODAY)}
    # Marked complete, but its own sub-action is still open and overdue: the colour does not hide it.
    assert (rows["1.1.A"]["RAG"], rows["1.1.A"]["Status"]) == ("Red", "Complete")
    assert rows["2.1"]["RAG"] in {"Green", "Amber", "No date", "Red", "Blue (complete)"}
    assert (rows["1.1.A.i"]["RAG"], rows["1.1.A.i"]["RAG reason"]) == ("Red", "Overdue")
    assert (rows["1.1.B"]["RAG"], rows["1.1.B"]["RAG reason"]) == ("Green", "Set by a lead: Agreed at DMT")


def test_rows_are_read_in_a_fixed_number_of_queries(plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        exports.export_rows(plan, today=TODAY)


# --- xlsx -------------------------------------------------------------------------------------------------


def test_xlsx_has_the_headers_in_order_a_frozen_header_and_a_filter(plan):
    sheet = sheet_of(exports.plan_to_xlsx(plan, today=TODAY))
    assert [c.value for c in sheet[1]] == list(exports.EXPORT_HEADERS)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:R{sheet.max_row}"


def test_xlsx_puts_a_bold_goal_row_before_each_goals_actions(plan):
    sheet = sheet_of(exports.plan_to_xlsx(plan, today=TODAY))
    firsts = [(row[0].value, row[1].value, row[0].font.b) for row in sheet.iter_rows(min_row=2)]
    assert firsts[0] == ("1. Inclusive Recruitment and Aspirational Support for Staff\n"
                         "Outcome: Staff workforce is representative at all levels.", None, True)
    assert firsts[1] == ("1. Inclusive Recruitment and Aspirational Support for Staff", "1.1", False)
    assert firsts[5] == ("2. Anti-racist practice", None, True)
    assert firsts[6] == ("2. Anti-racist practice", "2.1", False)


def test_xlsx_wraps_text_and_sets_readable_column_widths(plan):
    sheet = sheet_of(exports.plan_to_xlsx(plan, today=TODAY))
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet.column_dimensions["D"].width == exports.COLUMN_WIDTHS["Title"]
    assert sheet.column_dimensions["P"].width == exports.COLUMN_WIDTHS["Latest update"]


def test_xlsx_dates_are_dates_shown_day_first(plan):
    sheet = sheet_of(exports.plan_to_xlsx(plan, today=TODAY))
    headers = [c.value for c in sheet[1]]
    due = sheet.cell(row=3, column=headers.index("Due date") + 1)
    assert due.is_date and due.value.date() == date(2025, 5, 31)
    assert due.number_format == "DD/MM/YYYY"


def test_xlsx_neutralises_text_that_a_spreadsheet_would_run_as_a_formula(db):
    goal = GoalFactory(plan=PlanFactory(), number="1", title="Goal")
    add_action(goal, "1.1", title='=HYPERLINK("http://evil.example")', detail="+1", measurable="-2",
               timescale_text="@x")
    sheet = sheet_of(exports.plan_to_xlsx(goal.plan, today=TODAY))
    cells = {h: sheet.cell(row=3, column=i + 1) for i, h in enumerate(exports.EXPORT_HEADERS)}
    assert cells["Title"].value == "'=HYPERLINK(\"http://evil.example\")" and cells["Title"].data_type == "s"
    assert [cells[h].value for h in ("Detail", "Measurable", "Timescale")] == ["'+1", "'-2", "'@x"]


# --- csv --------------------------------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_has_the_headers_in_order(plan):
    data = exports.plan_to_csv(plan, today=TODAY)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    assert rows[0] == list(exports.EXPORT_HEADERS)
    assert [r[1] for r in rows[1:]] == ["1.1", "1.1.A", "1.1.A.i", "1.1.B", "2.1"]


def test_csv_writes_dates_day_first(plan):
    row = dict(zip(exports.EXPORT_HEADERS, csv_rows(exports.plan_to_csv(plan, today=TODAY))[1], strict=True))
    assert (row["Start date"], row["Due date"], row["Last update"]) == ("01/03/2025", "31/05/2025", "10/01/2025")


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@x", "\tcmd", "\rcmd"])
def test_csv_neutralises_cells_that_start_like_a_formula(db, text):
    goal = GoalFactory(plan=PlanFactory(), number="1", title="Goal")
    add_action(goal, "1.1", title=text, leads=[PlaceholderLeadFactory(name="LA")])
    row = dict(zip(exports.EXPORT_HEADERS, csv_rows(exports.plan_to_csv(goal.plan, today=TODAY))[1], strict=True))
    assert row["Title"] == "'" + text


def test_csv_leaves_ordinary_text_alone(db):
    goal = GoalFactory(plan=PlanFactory(), number="1", title="Goal")
    add_action(goal, "1.1", title="Review – and 2 = 2", detail="Line one\n- a list item")
    row = dict(zip(exports.EXPORT_HEADERS, csv_rows(exports.plan_to_csv(goal.plan, today=TODAY))[1], strict=True))
    assert (row["Title"], row["Detail"]) == ("Review – and 2 = 2", "Line one\n- a list item")


# --- pdf --------------------------------------------------------------------------------------------------


def test_pdf_is_a_pdf_titled_with_the_plan(plan):
    data = exports.plan_to_pdf(plan, today=TODAY)
    assert data.startswith(b"%PDF")
    assert b"/Title (CFS Anti-Racist Action Plan)" in inflated_pdf(data)


def test_pdf_is_tagged_for_screen_readers_in_british_english(plan):
    pdf = inflated_pdf(exports.plan_to_pdf(plan, today=TODAY))
    assert b"/StructTreeRoot" in pdf
    assert b"/Lang (en-GB)" in pdf


def test_pdf_page_has_a_running_title_page_numbers_and_the_as_at_date(plan):
    html = exports.plan_pdf_html(plan, today=TODAY)
    assert "size: A4 landscape" in html
    assert "@top-center { content: string(plan-title)" in html
    assert '"Page " counter(page) " of " counter(pages)' in html
    assert "As at 15 January 2025" in html
    assert "CFS Anti-Racist Action Plan" in html


def test_pdf_names_each_rag_colour_in_words_with_its_reason(plan):
    html = exports.plan_pdf_html(plan, today=TODAY)
    assert re.search(r'class="rag rag-red">Red: Overdue</span>', html)
    assert re.search(r'class="rag rag-green">Green: Set by a lead: Agreed at DMT</span>', html)


@pytest.mark.parametrize("url", [
    "https://fonts.googleapis.com/css?family=Roboto", "http://169.254.169.254/latest", "ftp://example.org/x",
    "file:///etc/passwd", "file:///work/../etc/passwd",
])
def test_pdf_fetches_nothing_from_the_network_or_outside_the_project(url):
    with pytest.raises(ValueError, match="Refused"):
        local_url_fetcher().fetch(url)


def test_pdf_may_use_inline_data():
    assert local_url_fetcher().fetch("data:text/plain,hello").read() == b"hello"


def test_pdf_of_a_long_plan_runs_to_several_pages(db):
    goal = GoalFactory(plan=PlanFactory(title="Long plan"), number="1", title="Goal")
    for n in range(60):
        add_action(goal, f"1.{n + 1}", position=n, title=f"Action {n}", detail="Several lines of detail.\n" * 4)
    pdf = inflated_pdf(exports.plan_to_pdf(goal.plan, today=TODAY))
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", pdf))
    assert pages >= 3


# --- command ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "magic"), [("xlsx", b"PK\x03\x04"), ("csv", b"\xef\xbb\xbfGoal,Reference"), ("pdf", b"%PDF")]
)
def test_the_command_writes_each_format(plan, tmp_path, fmt, magic):
    output = tmp_path / f"plan.{fmt}"
    out = io.StringIO()
    call_command("export_plan", plan="CFS Anti-Racist Action Plan", format=fmt, output=str(output), stdout=out)
    assert output.read_bytes().startswith(magic)
    assert str(output) in out.getvalue()


def test_the_command_lists_the_plans_when_the_title_is_unknown(plan, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("export_plan", plan="No such plan", format="csv", output=str(tmp_path / "x.csv"))
    assert "No such plan" in str(caught.value) and "CFS Anti-Racist Action Plan" in str(caught.value)


def test_the_command_refuses_an_unknown_format(plan, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_plan", plan="CFS Anti-Racist Action Plan", format="docx", output=str(tmp_path / "x.docx"))


# --- view -------------------------------------------------------------------------------------------------


def export_url(plan, fmt):
    return reverse("plans:plan_export", args=[plan.pk, fmt])


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ACTION_LEAD, Role.STAFF]
)
def test_everyone_who_may_view_plans_can_download_them(client, plan, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(export_url(plan, "xlsx"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.SCRUTINY_MEMBER])
def test_other_roles_are_refused(client, plan, role):
    client.force_login(UserFactory(roles=[role]))
    for fmt in exports.FORMATS:
        assert client.get(export_url(plan, fmt)).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, plan):
    response = client.get(export_url(plan, "csv"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@freeze_time("2025-03-01 23:30:00")  # 23:30 UTC is still 1 March in London (GMT)
@pytest.mark.parametrize(("fmt", "content_type", "magic"), [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbf"),
    ("pdf", "application/pdf", b"%PDF"),
])
def test_the_download_has_its_type_and_a_dated_file_name(client, plan, fmt, content_type, magic):
    client.force_login(UserFactory(roles=[Role.ACTION_LEAD]))
    response = client.get(export_url(plan, fmt))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="cfs-anti-racist-action-plan-2025-03-01.{fmt}"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(magic)


def test_an_unknown_format_or_plan_is_not_found(client, plan):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    assert client.get(f"/plans/{plan.pk}/export.docx").status_code == 404
    assert client.get(export_url(Plan(pk=plan.pk + 1000), "csv")).status_code == 404


def test_the_export_buttons_link_each_format(plan):
    html = render_to_string("plans/_export_buttons.html", {"plan": plan})
    for fmt in exports.FORMATS:
        assert f'href="{export_url(plan, fmt)}"' in html
    assert "Excel (.xlsx)" in html and "CSV" in html and "PDF" in html


def test_a_large_plans_pdf_is_prepared_by_a_job_whose_page_then_offers_the_file(db, client, monkeypatch):
    from plans import jobs as plan_jobs
    from shared.models import Job

    monkeypatch.setitem(plan_jobs.INLINE_LIMITS, "pdf", 3)
    plan = _plan_of_size(4)
    person = UserFactory(roles=[Role.STAFF])
    client.force_login(person)
    response = client.get(export_url(plan, "pdf"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("shared:job", args=[job.pk])
    assert (job.state, job.requested_by, job.content_type) == (Job.State.SUCCEEDED, person, "application/pdf")
    page = client.get(response["Location"]).content.decode()
    assert "Your file is ready" in page and reverse("shared:job_download", args=[job.pk]) in page
    assert b"".join(client.get(reverse("shared:job_download", args=[job.pk])).streaming_content).startswith(b"%PDF")


def test_the_same_file_is_reused_until_the_plan_changes(db, client, monkeypatch):
    from plans import jobs as plan_jobs
    from shared.models import Job

    monkeypatch.setitem(plan_jobs.INLINE_LIMITS, "csv", 3)
    plan = _plan_of_size(4)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    first = client.get(export_url(plan, "csv"))["Location"]
    assert client.get(export_url(plan, "csv"))["Location"] == first and Job.objects.count() == 1
    action = plan.actions.first()
    action.title = "Changed"
    action.save()
    assert client.get(export_url(plan, "csv"))["Location"] != first and Job.objects.count() == 2


def _plan_of_size(n: int) -> Plan:
    plan = PlanFactory()
    goals = [GoalFactory(plan=plan, number=str(g + 1), title=f"Goal {g + 1}", position=g) for g in range(2)]
    theme = Theme.objects.get_or_create(name="Data and transparency")[0]
    for i in range(n):
        headline = add_action(goals[i % 2], f"{i % 2 + 1}.{i + 1}", position=i,
                              leads=[PlaceholderLeadFactory(), GroupLeadFactory()], service_area=UnitFactory())
        headline.themes.add(theme)
        child = add_action(goals[i % 2], "A", parent=headline, leads=[PlaceholderLeadFactory()])
        ProgressUpdateFactory(action=headline)
        ProgressUpdateFactory(action=child)
    return plan


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_the_download_runs_the_same_number_of_queries_for_ten_times_the_actions(client, db, fmt):
    small, large = _plan_of_size(2), _plan_of_size(20)
    client.force_login(UserFactory(roles=[Role.SENIOR_LEADERSHIP]))
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(export_url(plan, fmt)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 14


# --- round trip -------------------------------------------------------------------------------------------


@pytest.fixture
def rich_plan(db):
    """Three levels of actions, a code repeated under another service area, and every status."""
    plan = PlanFactory(title="Source plan", period_start=date(2024, 4, 1), period_end=date(2026, 3, 31))
    one = GoalFactory(plan=plan, number="1", title="Inclusive Recruitment and Aspirational Support for Staff",
                      outcome="Staff workforce is representative at all levels.", position=0)
    two = GoalFactory(plan=plan, number="2", title="Anti-racist Practice", position=1)
    GoalFactory(plan=plan, number="3", title="Working with partners", position=2, outcome="")
    la, lv = PlaceholderLeadFactory(name="LA"), PlaceholderLeadFactory(name="LV")
    anne, fiss = PlaceholderLeadFactory(name="Anne Canning"), GroupLeadFactory(name="FISS MT")
    learning = UnitFactory(name="Safeguarding and Learning")
    family = UnitFactory(name="Family Intervention and Support Services")

    h11 = add_action(one, "1.1", title="Review and update recruitment processes", leads=[la, lv],
                     timescale_text="Spring 2025", status=Status.IN_PROGRESS, detail="Including job descriptions.")
    a = add_action(one, "A", parent=h11, title="Roll out anonymous recruitment", leads=[anne],
                   timescale_text="Dec 24/ January25", status=Status.COMPLETE, measurable="Shortlists by ethnicity")
    add_action(one, "i", parent=a, position=0, title="Children and Education Shadowing Scheme", leads=[la],
               timescale_text="From Summer 2024 onwards", status=Status.ONGOING)
    add_action(one, "ii", parent=a, position=1, title="Mentoring for aspiring managers", timescale_text="TBC",
               status=Status.NOT_STARTED)
    add_action(one, "B", parent=h11, position=1, title="Diverse interview panels", leads=[lv],
               timescale_text="By April 2025", status=Status.ON_HOLD)
    add_action(one, "1.2", position=1, title="Career progression review", timescale_text="",
               status=Status.NOT_PURSUED)
    h24 = add_action(two, "2.4", title="Service plans for anti-racist practice", leads=[anne],
                     timescale_text="Ongoing", status=Status.IN_PROGRESS)
    add_action(two, "A", parent=h24, position=0, title="Audit of assessments", leads=[la],
               service_area=learning, timescale_text="March 2025", status=Status.IN_PROGRESS)
    second_a = ActionFactory(goal=two, parent=h24, code="A", reference="2.4.A (2)", position=1,
                             title="Family group conferences offered to all families", leads=[fiss],
                             service_area=family, timescale_text="Q1 2025/26", status=Status.NOT_STARTED)
    add_action(two, "i", parent=second_a, title="Train conference coordinators", leads=[fiss, lv],
               service_area=family, timescale_text="July 2025", status=Status.IN_PROGRESS)
    ProgressUpdateFactory(action=h11, written_on=date(2024, 10, 9), text="Update 09/10/24 - first panels held.")
    h11.immediate_need = True
    h11.measurable = "-20% gap in shortlisting"  # looks like a formula: guarded on export, restored on import
    h11.save()
    h11.themes.add(
        Theme.objects.create(name="Recruitment and development"), Theme.objects.create(name="Data and transparency")
    )
    return plan


def _shape(plan: Plan):
    goals = [(g.number, g.title, g.outcome) for g in plan.goals.order_by("position")]
    actions = sorted(
        (a.reference, a.code, a.title, a.parent.reference if a.parent else None, a.goal.number, a.timescale_text,
         a.status, tuple(sorted(lead.name for lead in a.leads.all())),
         a.service_area.name if a.service_area else None, a.immediate_need, a.measurable,
         tuple(sorted(t.name for t in a.themes.all())))
        for a in Action.objects.filter(plan=plan)
        .select_related("parent", "goal", "service_area")
        .prefetch_related("leads", "themes")
    )
    return goals, actions


def test_an_exported_workbook_imports_as_the_same_plan(rich_plan):
    from plans.importing.columns import parse_columns
    from plans.services import plan_import
    from shared.tabular import read_tables

    data = exports.plan_to_xlsx(rich_plan, today=TODAY)
    parsed = parse_columns(read_tables(data, "plan.xlsx"))
    assert parsed.errors == []
    summary = plan_import(parsed=parsed, title="Copy")

    copy = Plan.objects.get(pk=summary.plan_id)
    assert _shape(copy) == _shape(rich_plan)
    assert Action.objects.get(plan=copy, reference="2.4.A (2)").depth == 1
    assert Action.objects.get(plan=copy, reference="2.4.A (2).i").depth == 2
    assert Action.objects.get(plan=copy, reference="1.1.A.i").depth == 2
    assert summary.leads_created == []  # every lead in the file was found, not created again
