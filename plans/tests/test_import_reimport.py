"""Re-importing a plan never undoes what people did in the app: three values per field, conflicts chosen per field,
every change listed, history one record per action."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation.models import Lead
from plans.choices import Status
from plans.importing.pipeline import parse_file
from plans.models import Action, Plan, PlanImport, ProgressUpdate
from plans.services import ImportRejected, action_add_progress, action_update, plan_import
from plans.tests.factories import PlanFactory
from shared.history import timeline
from shared.roles import Role

pytestmark = pytest.mark.django_db

HEADER = "Ref\tAction\tLead\tTarget date\tProgress"
ROWS = {
    "1.1": "1.1\tPublish the statement\tJo Bloggs\tJuly 2022\tDrafted.",
    "1.2": "1.2\tTrain every manager\tSam Patel\tMarch 2023\t",
    "1.3": "1.3\tReport to the board\tDMT\tOngoing\t",
}


def tsv(**changed: str) -> bytes:
    rows = {**ROWS, **changed}
    return "\n".join([HEADER, *rows.values()]).encode()


def do_import(data: bytes, **options):
    _, parsed = parse_file(data, "plan.tsv", layout="columns")
    return plan_import(parsed=parsed, title="Plan", source_name="plan.tsv", **options)


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.PLAN_OWNER)


@pytest.fixture
def imported(owner):
    do_import(tsv(), by=owner)
    return Plan.objects.get(title="Plan")


def action(reference: str) -> Action:
    return Action.objects.get(plan__title="Plan", reference=reference)


def test_a_leads_status_survives_a_re_import_of_the_same_file(imported, person_with_role):
    action_add_progress(
        action=action("1.2"), by=person_with_role(Role.ACTION_LEAD), text="All trained.", status=Status.COMPLETE
    )
    summary = do_import(tsv())
    assert action("1.2").status == Status.COMPLETE
    assert (summary.updated, summary.kept) == (0, 1)


def test_an_owners_due_date_survives_a_re_import_of_the_same_file(imported, owner):
    action_update(action=action("1.1"), by=owner, changes={"due_date": date(2022, 9, 30)})
    do_import(tsv())
    assert (action("1.1").due_date, action("1.1").timescale_text) == (date(2022, 9, 30), "July 2022")


def test_a_field_changed_only_in_the_file_is_written_and_listed_old_to_new(imported):
    summary = do_import(tsv(**{"1.1": "1.1\tPublish the statement\tJo Bloggs\tSeptember 2022\tDrafted."}), dry_run=True)
    (change,) = summary.changed
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Timescale and dates", "July 2022 (due 31 July 2022)", "September 2022 (due 30 September 2022)")
    ]
    do_import(tsv(**{"1.1": "1.1\tPublish the statement\tJo Bloggs\tSeptember 2022\tDrafted."}))
    assert action("1.1").due_date == date(2022, 9, 30)


def test_a_field_changed_in_the_app_and_in_the_file_is_a_conflict_that_needs_a_choice(imported, owner):
    action_update(action=action("1.2"), by=owner, changes={"title": "Train every manager and chair"})
    changed = tsv(**{"1.2": "1.2\tTrain every recruiting manager\tSam Patel\tMarch 2023\t"})
    with pytest.raises(ImportRejected) as rejected:
        do_import(changed)
    (conflict,) = rejected.value.summary.conflicts
    assert (conflict.reference, conflict.label, conflict.app, conflict.file, conflict.last_import) == (
        "1.2",
        "Title",
        "Train every manager and chair",
        "Train every recruiting manager",
        "Train every manager",
    )
    assert action("1.2").title == "Train every manager and chair", "nothing was written"


@pytest.mark.parametrize(("choice", "title"), [("app", "Train every manager and chair"),
                                               ("file", "Train every recruiting manager")])  # fmt: skip
def test_the_person_chooses_per_field_which_value_a_conflict_keeps(imported, owner, choice, title):
    action_update(action=action("1.2"), by=owner, changes={"title": "Train every manager and chair"})
    changed = tsv(**{"1.2": "1.2\tTrain every recruiting manager\tSam Patel\tMarch 2023\t"})
    do_import(changed, choices={("1.2", "title"): choice})
    assert action("1.2").title == title
    assert do_import(changed, dry_run=True).conflicts == [], "the choice is remembered: the same file is no conflict"


def test_leads_changed_in_the_file_are_written_and_leads_changed_in_the_app_are_kept(imported, owner):
    action_update(action=action("1.3"), by=owner, changes={"leads": [Lead.objects.get(name="Jo Bloggs")]})
    do_import(tsv(**{"1.2": "1.2\tTrain every manager\tSam Patel / Ama Owusu\tMarch 2023\t"}))
    assert sorted(lead.name for lead in action("1.2").leads.all()) == ["Ama Owusu", "Sam Patel"]
    assert [lead.name for lead in action("1.3").leads.all()] == ["Jo Bloggs"]


def test_progress_written_in_the_browser_is_never_touched_and_imported_progress_follows_the_file(
    imported, person_with_role
):
    action_add_progress(
        action=action("1.1"), by=person_with_role(Role.ACTION_LEAD), text="Signed off.", status=Status.IN_PROGRESS
    )
    do_import(tsv(**{"1.1": "1.1\tPublish the statement\tJo Bloggs\tJuly 2022\tDrafted and consulted."}))
    texts = sorted(action("1.1").updates.values_list("text", "source"))
    assert texts == [("Drafted and consulted.", "import"), ("Signed off.", "browser")]


def test_an_import_never_deletes_an_action_missing_from_the_file(imported):
    do_import("\n".join([HEADER, ROWS["1.1"]]).encode())
    assert Action.objects.filter(plan__title="Plan").count() == 3


def test_one_import_change_is_one_history_record_per_changed_action_with_its_leads(imported):
    before = {a.reference: a.history.count() for a in Action.objects.filter(plan__title="Plan")}
    do_import(tsv(**{"1.2": "1.2\tTrain every recruiting manager\tSam Patel / Ama Owusu\tMarch 2023\t"}))
    after = {a.reference: a.history.count() for a in Action.objects.filter(plan__title="Plan")}
    assert {ref: after[ref] - before[ref] for ref in after} == {"1.1": 0, "1.2": 1, "1.3": 0}
    records = list(action("1.2").history.order_by("-history_date", "-history_id")[:2])
    change, created = timeline(records, hidden={"plan", "goal", "imported", "last_update_on", "version"})
    assert created.kind == "+"
    fields = {field.label: (field.before, field.after) for field in change.fields}
    assert fields["Title"] == ("Train every manager", "Train every recruiting manager")
    assert fields["Leads"] == ("Sam Patel", "Ama Owusu, Sam Patel")
    assert change.what == "Imported from plan.tsv"


def test_a_new_imports_history_records_each_actions_leads_from_the_start(imported):
    records = list(action("1.1").history.all())
    assert [r.history_type for r in records] == ["+"]
    assert [str(lead) for lead in Lead.objects.filter(pk__in=records[0].leads.values_list("lead_id", flat=True))] == [
        "Jo Bloggs"
    ]


def test_an_action_imported_before_imports_were_remembered_is_a_conflict_not_overwritten(imported):
    Action.objects.filter(plan__title="Plan", reference="1.2").update(imported={}, title="Renamed in the app")
    summary = do_import(tsv(), dry_run=True)
    assert [(c.reference, c.field) for c in summary.conflicts] == [("1.2", "title")]


def test_the_command_line_keeps_the_apps_value_of_a_conflict_unless_told_otherwise(imported, owner, tmp_path):
    from django.core.management import call_command

    action_update(action=action("1.2"), by=owner, changes={"title": "Train every manager and chair"})
    path = tmp_path / "plan.tsv"
    path.write_bytes(tsv(**{"1.2": "1.2\tTrain every recruiting manager\tSam Patel\tMarch 2023\t"}))
    call_command("import_plan", str(path), plan="Plan")
    assert action("1.2").title == "Train every manager and chair"
    action_update(action=action("1.2"), by=owner, changes={"title": "Another title"})
    path.write_bytes(tsv(**{"1.2": "1.2\tTrain every manager, grade 8 and above\tSam Patel\tMarch 2023\t"}))
    call_command("import_plan", str(path), plan="Plan", conflicts="file")
    assert action("1.2").title == "Train every manager, grade 8 and above"


# --- In the browser ----------------------------------------------------------------------------------------------


def test_the_browser_preview_lists_a_conflict_and_the_choice_made_there_is_applied(client, owner, imported):
    action_update(action=action("1.2"), by=owner, changes={"title": "Train every manager and chair"})
    client.force_login(owner)
    changed = tsv(**{"1.2": "1.2\tTrain every recruiting manager\tSam Patel\tMarch 2023\t"})
    url = client.post(
        reverse("plans:import_upload"),
        {"file": SimpleUploadedFile("plan.tsv", changed), "plan_title": "Plan", "layout": "auto"},
    )["Location"]
    preview = client.get(url)
    assert b"Changed in the app and in the file (1)" in preview.content
    assert b"Keep the app&#x27;s value: Train every manager and chair" in preview.content
    refused = client.post(url, {"confirm": "1"})
    assert refused.status_code == 400 and b"Choose which title to keep for 1.2" in refused.content
    done = client.post(url, {"confirm": "1", "conflict_0": "file"})
    assert done.status_code == 302
    assert action("1.2").title == "Train every recruiting manager"
    assert PlanImport.objects.get().state == PlanImport.State.IMPORTED


def test_the_preview_shows_each_change_old_to_new(client, owner, imported):
    client.force_login(owner)
    changed = tsv(**{"1.3": "1.3\tReport to the board\tDMT\tMarch 2023\t"})
    url = client.post(
        reverse("plans:import_upload"),
        {"file": SimpleUploadedFile("plan.tsv", changed), "plan_title": "Plan", "layout": "auto"},
    )["Location"]
    page = client.get(url).content.decode()
    assert "What the import changes in the plan (1 action)" in page
    assert "Ongoing (ongoing) → March 2023 (due 31 March 2023)" in page
    assert not ProgressUpdate.objects.filter(source="browser").exists()


def test_someone_else_cannot_import_over_a_plan_they_do_not_own(person_with_role):
    PlanFactory(title="Plan", owners=[person_with_role(Role.PLAN_OWNER)])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_import(tsv(), by=person_with_role(Role.PLAN_OWNER))


def test_a_save_in_the_app_between_working_out_and_writing_is_not_undone(imported, owner):
    from plans.services.import_writer import plan_changes

    _, parsed = parse_file(tsv(), "plan.tsv", layout="columns")
    planned = plan_changes(parsed, plan=imported, plan_start=None, plan_end=None)  # as a background import does
    action_update(action=action("1.2"), by=owner, changes={"title": "Renamed meanwhile"})
    plan_import(parsed=parsed, title="Plan", planned=planned)
    assert action("1.2").title == "Renamed meanwhile"
