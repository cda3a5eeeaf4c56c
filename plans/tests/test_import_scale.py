"""Big imports: queries grow with the plan's depth, not its length; 4,800 rows in under 10 seconds; a big confirm
runs as a background job with progress, all or nothing."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.importing.pipeline import parse_file
from plans.models import Action, Plan, PlanImport
from plans.services import imports, plan_import
from shared.models import Job
from shared.roles import Role

pytestmark = pytest.mark.django_db

HEADER = "Ref\tAction\tLead\tTarget date\tProgress\tTheme\tService area"


def tracker(actions_per_goal: int, *, goals: int = 4, title: str = "Do thing") -> bytes:
    """A tracker with headline actions and one sub-action under each: two levels, as many rows as asked."""
    rows = [HEADER]
    for g in range(1, goals + 1):
        for h in range(1, actions_per_goal + 1):
            lead = ("JB/LA", "Sam Patel", "Workforce Board")[h % 3]
            rows.append(f"{g}.{h}\t{title} {g}.{h}\t{lead}\tMarch 2022\tUpdate 01/10/21: underway\tTheme {g}\tTeam {g}")
            rows.append(f"{g}.{h}.a\tPart of {g}.{h}\tLA\tJan 2022\t\t\t")
    return "\n".join(rows).encode()


def count_queries(data: bytes, title: str) -> int:
    _, parsed = parse_file(data, "tracker.tsv", layout="columns")
    with CaptureQueriesContext(connection) as captured:
        plan_import(parsed=parsed, title=title)
    return len(captured.captured_queries)


@pytest.fixture
def one_statement_per_batch(monkeypatch):
    """SQLite is given at most 999 values a statement, so Django splits a bulk insert every few dozen rows; PostgreSQL
    takes a whole level in one. Counting as PostgreSQL would shows what the writer does, not SQLite's limit."""
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: max(len(objs), 1))


def test_a_new_plans_queries_grow_with_its_depth_not_its_length(one_statement_per_batch):
    count_queries(tracker(3), "Warm")  # the teams, themes and leads exist for both: the sizes are compared alike
    small = count_queries(tracker(5), "Small")
    large = count_queries(tracker(50), "Large")
    assert Action.objects.filter(plan__title="Large").count() == 400
    assert large == small


def test_a_re_imports_queries_grow_with_its_depth_not_its_length(one_statement_per_batch):
    count_queries(tracker(5), "Small")
    count_queries(tracker(50), "Large")
    small = count_queries(tracker(5, title="Do the thing"), "Small")
    large = count_queries(tracker(50, title="Do the thing"), "Large")
    assert Action.objects.get(plan__title="Large", reference="3.7").title == "Do the thing 3.7"
    assert large == small


def test_a_4800_row_plan_imports_in_under_ten_seconds():
    _, parsed = parse_file(tracker(600), "tracker.tsv", layout="columns")
    started = time.perf_counter()
    summary = plan_import(parsed=parsed, title="Big")
    elapsed = time.perf_counter() - started
    assert summary.created == 4800
    assert elapsed < 10, f"took {elapsed:.1f} s"


# --- The background confirm --------------------------------------------------------------------------------------


@pytest.fixture
def owner_client(client, person_with_role):
    client.force_login(person_with_role(Role.PLAN_OWNER))
    return client


def upload(client, data: bytes) -> str:
    return client.post(
        reverse("plans:import_upload"),
        {"file": SimpleUploadedFile("tracker.tsv", data), "plan_title": "Tracker", "layout": "auto"},
    )["Location"]


def test_a_big_file_is_confirmed_by_a_background_job_with_progress_in_rows(owner_client, monkeypatch):
    monkeypatch.setattr(imports, "BACKGROUND_ACTIONS", 10)
    url = upload(owner_client, tracker(10))
    response = owner_client.post(url, {"confirm": "1"})
    job = Job.objects.get()
    assert response["Location"] == reverse("shared:job", args=[job.pk])
    assert (job.state, job.progress_done, job.progress_total) == (Job.State.SUCCEEDED, 80, 80)
    plan = Plan.objects.get(title="Tracker")
    assert job.result["next_url"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.actions.count() == 80
    assert PlanImport.objects.get().state == PlanImport.State.IMPORTED
    assert owner_client.get(url).status_code == 200  # the "already saved" page


def test_a_background_import_that_fails_writes_nothing_and_the_upload_can_be_tried_again(owner_client, monkeypatch):
    from plans.services import import_writer

    monkeypatch.setattr(imports, "BACKGROUND_ACTIONS", 10)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(import_writer, "_write_comments", fail)
    url = upload(owner_client, tracker(10))
    owner_client.post(url, {"confirm": "1"})
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert not Plan.objects.exists() and not Action.objects.exists()
    assert PlanImport.objects.get().state == PlanImport.State.UPLOADED
    assert owner_client.get(url).status_code == 200  # back on the preview


def test_a_small_file_is_still_confirmed_at_once(owner_client):
    url = upload(owner_client, tracker(2))
    response = owner_client.post(url, {"confirm": "1"})
    assert response["Location"] == reverse("plans:plan_detail", args=[Plan.objects.get().pk])
    assert not Job.objects.exists()


def test_only_the_uploader_follows_the_background_import(owner_client, client, person_with_role, monkeypatch):
    monkeypatch.setattr(imports, "BACKGROUND_ACTIONS", 10)
    owner_client.post(upload(owner_client, tracker(10)), {"confirm": "1"})
    client.force_login(person_with_role(Role.PLAN_OWNER))
    assert client.get(reverse("shared:job", args=[Job.objects.get().pk])).status_code == 403


def test_the_preview_of_an_upload_being_imported_sends_the_person_to_its_progress(owner_client, monkeypatch):
    monkeypatch.setattr(imports, "BACKGROUND_ACTIONS", 10)
    url = upload(owner_client, tracker(10))
    monkeypatch.setattr("shared.jobs._enqueue", lambda job, delay=None: None)  # the worker has not started it yet
    owner_client.post(url, {"confirm": "1"})
    job = Job.objects.get()
    assert (job.state, PlanImport.objects.get().state) == (Job.State.QUEUED, PlanImport.State.IMPORTING)
    assert owner_client.get(url)["Location"] == reverse("shared:job", args=[job.pk])
    assert owner_client.post(url, {"confirm": "1"}).status_code == 409  # not imported twice
