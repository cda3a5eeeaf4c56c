"""Importing whole plans: the seed in every format, another council's table, re-import, atomicity, the browser."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from plans import demo
from plans.choices import Status
from plans.importing.pipeline import parse_file
from plans.importing.structure import ParsedAction, ParsedGoal, ParsedPlan, Problem, UnreadableFile
from plans.models import Action, Plan, PlanImport, ProgressUpdate, ReviewComment
from plans.services import ImportRejected, plan_import
from shared.roles import Role

pytestmark = pytest.mark.django_db

SEED = demo.PLAN_FILE
PERIOD = dict(plan_start=date(2020, 4, 1), plan_end=date(2021, 3, 31))


def seed_rows() -> list[list[str]]:
    return [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]


def seed_as_docx() -> bytes:
    rows = seed_rows()
    width = max(len(r) for r in rows)
    document = Document()
    document.add_heading("CFS Anti-Racist Action Plan", level=1)
    table = document.add_table(rows=0, cols=width)
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_as_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    for row in seed_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tree_of(plan: Plan) -> list[tuple]:
    return sorted(
        (
            a.goal.number,
            a.reference,
            a.code,
            a.parent.reference if a.parent else "",
            a.timescale_text,
            a.status,
            tuple(sorted(lead.name for lead in a.leads.all())),
        )
        for a in plan.actions.select_related("goal", "parent").prefetch_related("leads")
    )


def test_the_seed_plan_imports_with_all_goals_actions_and_sub_actions():
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    summary = plan_import(parsed=parsed, title="CFS", **PERIOD)
    assert (summary.goals, summary.headline_actions, summary.actions, summary.sub_actions) == (3, 11, 85, 9)
    assert (summary.progress_updates, summary.comments) == (83, 5)
    plan = Plan.objects.get(title="CFS")
    assert [g.number for g in plan.goals.all()] == ["1", "2", "3"]
    assert plan.goals.get(number="1").outcome.startswith("Staff workforce is representative")
    iii = Action.objects.get(plan=plan, reference="1.2.A.iii")
    assert iii.parent.reference == "1.2.A" and iii.parent.parent.reference == "1.2"
    assert Action.objects.get(plan=plan, reference="1.1.A").status == Status.COMPLETE
    assert Action.objects.get(plan=plan, reference="1.1.F").due_date == date(2021, 5, 31)
    business_support = Action.objects.get(plan=plan, title__startswith="Empower staff to feel valued")
    assert business_support.update_requested is True
    assert business_support.service_area.name == "Business Support"
    assert business_support.comments.count() == 2
    assert sorted(lead.name for lead in Action.objects.get(plan=plan, reference="1.1.F").leads.all()) == [
        "HO",
        "JM",
        "LV",
    ]
    comment = ReviewComment.objects.get(text__contains="Temitope")
    assert comment.assigned_to_name == "Julie McColgan"


def test_dated_progress_fragments_become_separate_dated_updates():
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    plan_import(parsed=parsed, title="CFS", **PERIOD)
    action = Action.objects.get(plan__title="CFS", reference="1.2.A.ii")
    dated = [u.written_on for u in action.updates.all() if u.written_on]
    assert date(2020, 10, 9) in dated
    assert action.last_update_on == date(2020, 10, 9)


@pytest.mark.parametrize("make,filename", [(seed_as_docx, "plan.docx"), (seed_as_xlsx, "plan.xlsx")])
def test_the_same_plan_saved_as_word_or_excel_imports_to_the_same_tree(make, filename):
    _, from_text = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    plan_import(parsed=from_text, title="From TSV", **PERIOD)
    _, from_office = parse_file(make(), filename, **PERIOD)
    plan_import(parsed=from_office, title="From Office", **PERIOD)
    assert tree_of(Plan.objects.get(title="From Office")) == tree_of(Plan.objects.get(title="From TSV"))


def other_councils_plan() -> bytes:
    """A directorate plan organised by theme: a heading per theme, columns Activity / Lead / Target Date / achieved."""
    document = Document()
    header = ["Activity", "Lead", "Target Date", "What has been achieved so far?"]
    themes = {
        "Zero tolerance to racism": [
            ["Adult Social Care"],
            [
                "Publish a zero tolerance statement",
                "Head of Service",
                "31/03/2023",
                "Drafted; consulted staff networks.",
            ],
            header,  # Word repeats the header row on a new page
            ["Record racist abuse towards staff", "Integrated Commissioning SMT", "Q1 2023/24", ""],
        ],
        "Data and transparency": [
            ["Publish workforce ethnicity by grade", "HR Business Partner", "Autumn 2023", "Completed September 2023"],
        ],
    }
    for theme, rows in themes.items():
        document.add_heading(theme, level=2)
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):  # a section row fills one cell
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_another_councils_themed_table_imports_through_the_columns_layout_with_a_mapping(tmp_path):
    path = tmp_path / "directorate-plan.docx"
    path.write_bytes(other_councils_plan())
    out = io.StringIO()
    call_command(
        "import_plan",
        str(path),
        plan="Directorate ARP",
        layout="columns",
        map=["title=Activity", "lead=Lead", "timescale=Target Date", "progress=What has been achieved so far?"],
        stdout=out,
    )
    plan = Plan.objects.get(title="Directorate ARP")
    assert [g.title for g in plan.goals.all()] == ["Zero tolerance to racism", "Data and transparency"]
    assert plan.actions.count() == 3
    statement = plan.actions.get(title="Publish a zero tolerance statement")
    assert statement.service_area.name == "Adult Social Care"
    assert statement.due_date == date(2023, 3, 31)
    assert [t.name for t in statement.themes.all()] == ["Zero tolerance to racism"]
    assert plan.actions.get(title__startswith="Publish workforce").status == Status.COMPLETE
    assert "goals: 2" in out.getvalue()


def test_re_importing_the_same_file_updates_instead_of_duplicating_and_keeps_browser_updates(person_with_role):
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    plan_import(parsed=parsed, title="CFS", **PERIOD)
    action = Action.objects.get(plan__title="CFS", reference="1.3.D")
    from plans.services import action_add_progress

    action_add_progress(
        action=action, by=person_with_role(Role.ACTION_LEAD), text="Written in the browser.", status=Status.IN_PROGRESS
    )
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    summary = plan_import(parsed=parsed, title="CFS", **PERIOD)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 105)
    assert Action.objects.filter(plan__title="CFS").count() == 105
    assert ProgressUpdate.objects.filter(text="Written in the browser.").count() == 1
    assert ReviewComment.objects.count() == 5


def test_a_dry_run_writes_nothing():
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    summary = plan_import(parsed=parsed, title="CFS", dry_run=True, **PERIOD)
    assert summary.headline_actions == 11
    assert not Plan.objects.exists() and not Action.objects.exists()


def test_an_error_anywhere_means_nothing_is_written():
    parsed = ParsedPlan(
        goals=[ParsedGoal("1", "Goal", actions=[ParsedAction(code="1.1", title="Fine")])],
        problems=[Problem("A bad row")],
    )
    with pytest.raises(ImportRejected) as rejected:
        plan_import(parsed=parsed, title="Half")
    assert "A bad row" in str(rejected.value.summary.problems[0])
    assert not Plan.objects.exists()


def test_a_failure_while_writing_rolls_back_the_whole_import(monkeypatch):
    from plans.services import import_writer

    def fail_late(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_writer, "_write_comments", fail_late)  # after actions, leads and updates are written
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    with pytest.raises(RuntimeError):
        plan_import(parsed=parsed, title="CFS", **PERIOD)
    assert not Plan.objects.exists() and not Action.objects.exists()


def test_the_command_reports_problems_with_their_row_and_fails_on_an_unreadable_file(tmp_path):
    png = tmp_path / "plan.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(CommandError) as failed:
        call_command("import_plan", str(png), plan="X")
    assert "plan.csv" in str(failed.value)
    assert not Plan.objects.exists()


def test_the_command_refuses_a_mapping_to_an_unknown_field(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Activity,Lead\nDo it,LA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a field"):
        call_command("import_plan", str(path), plan="X", layout="columns", map=["colour=Lead"])


def test_headers_that_match_no_mapping_are_reported_and_nothing_is_written(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), plan="X", layout="columns", map=["title=Activity"], stderr=io.StringIO())
    assert not Plan.objects.exists()


# The browser import


@pytest.fixture
def owner_client(client, person_with_role):
    client.force_login(person_with_role(Role.PLAN_OWNER))
    return client


def upload(client, content: bytes, name: str, **extra):
    data = {"file": SimpleUploadedFile(name, content), "plan_title": "Uploaded", "layout": "numbered"} | extra
    return client.post(reverse("plans:import_upload"), data)


def test_upload_preview_and_confirm_writes_the_plan_only_on_confirm(owner_client):
    response = upload(owner_client, SEED.read_bytes(), SEED.name, plan_start="1/4/2020", plan_end="31/3/2021")
    pending = PlanImport.objects.get()
    assert response["Location"] == reverse("plans:import_preview", args=[pending.pk])
    preview = owner_client.get(response["Location"])
    assert preview.status_code == 200 and preview.context["summary"].headline_actions == 11
    assert not Plan.objects.filter(title="Uploaded").exists()
    done = owner_client.post(response["Location"], {"confirm": "1"})
    plan = Plan.objects.get(title="Uploaded")
    assert done["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.actions.count() == 105
    assert PlanImport.objects.get().data in (b"", memoryview(b""))


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"", "empty.csv", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200, "plan.xlsx", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "plan.xlsx", "password"),
        (b"PK\x03\x04garbage-not-a-zip" * 10, "plan.xlsx", ""),
    ],
)
def test_a_bad_file_is_refused_on_the_upload_page_with_a_message_and_nothing_kept(owner_client, content, name, message):
    response = upload(owner_client, content, name)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors and message.lower() in " ".join(errors).lower()
    assert not PlanImport.objects.exists() and not Plan.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(owner_client, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(owner_client, b"a,b\n" * 400_000, "big.csv")
    assert response.status_code == 400
    assert "largest file you can import is 1 MB" in " ".join(response.context["form"].errors["file"])


def test_the_columns_preview_offers_the_files_own_headers_and_applies_a_mapping(owner_client):
    csv = "Activity,Lead,Target Date,What has been achieved so far?\nPublish statement,LA,31/03/2023,Drafted\n"
    response = upload(owner_client, csv.encode(), "plan.csv", layout="columns")
    url = response["Location"]
    preview = owner_client.get(url)
    assert "Target Date" in [choice for choice, _ in preview.context["mapping_form"].fields["timescale"].choices]
    owner_client.post(
        url,
        {
            "apply_mapping": "1",
            "map-title": "Activity",
            "map-lead": "Lead",
            "map-timescale": "Target Date",
            "map-progress": "What has been achieved so far?",
        },
    )
    assert PlanImport.objects.get().mapping["timescale"] == "Target Date"
    owner_client.post(url, {"confirm": "1"})
    action = Plan.objects.get(title="Uploaded").actions.get()
    assert (action.title, action.due_date) == ("Publish statement", date(2023, 3, 31))


def test_someone_elses_upload_cannot_be_previewed_or_confirmed(client, person_with_role):
    first = person_with_role(Role.PLAN_OWNER)
    client.force_login(first)
    url = upload(client, SEED.read_bytes(), SEED.name)["Location"]
    client.force_login(person_with_role(Role.PLAN_OWNER))
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "1"}).status_code == 403
    assert not Plan.objects.exists()


def test_import_failed_messages_never_show_python_internals():
    with pytest.raises(UnreadableFile) as failed:
        parse_file(b"\x00\x01\x02" * 50, "x.csv")
    assert "Traceback" not in str(failed.value) and "Error" not in str(failed.value).split(":")[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("See point 1.1d", ["1.1.D"]),
        ("Link to 2.2. B", ["2.2.B"]),
        ("(Linked to action 2.1F)", ["2.1.F"]),
        ("Linked to 2.1. B and Anti-Racist Practice Statement.", ["2.1.B"]),
        ("See point 2.3 A", ["2.3.A"]),
        ("Update 09/10/20- nothing here", []),
    ],
)
def test_cross_references_are_read_from_the_text(text, expected):
    from plans.services.imports import cross_references_in

    assert cross_references_in(text) == expected


def test_the_seed_plans_see_and_link_notes_become_cross_references():
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    plan_import(parsed=parsed, title="CFS", **PERIOD)
    c = Action.objects.get(plan__title="CFS", reference="2.3.C")
    assert [a.reference for a in c.cross_references.all()] == ["1.1.D"]


def test_re_importing_a_file_without_some_actions_keeps_them_and_says_so():
    _, parsed = parse_file(SEED.read_bytes(), SEED.name, **PERIOD)
    plan_import(parsed=parsed, title="CFS", **PERIOD)
    shorter = "\n".join(
        [
            "Goal\tHeadline Actions\tMeasurable\tTimescales\tLead\tProgress Report",
            "1. Inclusive Recruitment\t\t\t\t\t",
            "\t1.1 Review\t\t\t\t",
        ]
    )
    _, parsed = parse_file(shorter.encode(), "short.tsv", **PERIOD)
    summary = plan_import(parsed=parsed, title="CFS", **PERIOD)
    assert Action.objects.filter(plan__title="CFS").count() == 105
    assert any("104 action(s) already in the plan are not in this file" in p.message for p in summary.problems)


def test_the_nightly_housekeeping_deletes_uploads_older_than_a_day_but_not_one_being_imported(person_with_role):
    from datetime import timedelta

    from django.utils import timezone

    from plans.services.imports import import_upload
    from shared import jobs
    from shared.models import Job

    owner = person_with_role(Role.PLAN_OWNER)
    csv = b"Goal,Action\n1. People,Review job descriptions\n"

    old, fresh, being_imported = (
        import_upload(by=owner, data=csv, filename="plan.csv", plan_title="A plan") for _ in range(3)
    )
    running = Job.objects.create(kind="plans.import", title="Importing", state=Job.State.RUNNING)
    for pending, hours_ago in ((old, 25), (fresh, 23), (being_imported, 30)):
        PlanImport.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    PlanImport.objects.filter(pk=being_imported.pk).update(state=PlanImport.State.IMPORTING, job=running)
    tidy = jobs.start("shared.housekeeping")
    tidy.refresh_from_db()
    assert tidy.state == Job.State.SUCCEEDED and "Removed 1 plan upload" in tidy.result["message"]
    assert set(PlanImport.objects.values_list("pk", flat=True)) == {fresh.pk, being_imported.pk}
