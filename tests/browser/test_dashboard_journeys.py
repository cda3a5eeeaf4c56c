"""Leadership's journeys: the dashboard with the seed plan's real figures, a plan as it stood, what changed;
an owner's large PDF prepared in the background with its progress shown, then downloaded."""

import re

import pytest

from plans import demo as plans_demo
from plans.models import Plan
from shared import jobs
from shared.models import Job

from .conftest import click, scan, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_plan(demo_users) -> Plan:
    plans_demo.load()
    return Plan.objects.get(title=plans_demo.PLAN_TITLE)


def test_leadership_land_on_the_dashboard_with_the_plans_real_figures_and_filter_it(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-slt")
    assert page.url.endswith("/dashboard/")
    totals = page.locator(".app-rag-totals").first.inner_text()
    assert "Red 17" in " ".join(totals.split()) and "No date 66" in " ".join(totals.split())
    overdue = page.locator("#panel-plansoverdue")
    assert "Days overdue" in overdue.inner_text()
    page.get_by_label("Plan (optional)").select_option(label=plans_demo.PLAN_TITLE)
    click(page, page.get_by_role("button", name="Apply the filters"))
    assert f"plan={demo_plan.pk}" in page.url
    click(page, overdue.get_by_role("link", name=re.compile(r"^Days overdue\s*:\s*sort$")))
    assert "sort_overdue=" in page.url
    click(page, page.locator("#panel-plansoverdue tbody a").first)
    assert page.get_by_role("heading", name="History").is_visible()


def test_leadership_read_the_plan_as_it_stood_and_what_changed(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-slt")
    visit(page, f"/plans/{demo_plan.pk}/")
    click(page, page.get_by_role("link", name="The plan on a past day"))
    page.get_by_label("Show the plan as it stood on").fill("1/1/2020")
    click(page, page.get_by_role("button", name="Show the plan on this day"))
    assert "The plan had no goals or actions on that day" in page.locator("main").inner_text()
    visit(page, f"/plans/{demo_plan.pk}/changes/")
    assert "What changed from" in page.get_by_role("heading", level=1).inner_text()


def test_an_owner_asks_for_a_large_pdf_sees_its_progress_and_downloads_it(browser_page, demo_plan, settings,
                                                                          monkeypatch):
    from plans import jobs as plan_jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    monkeypatch.setitem(plan_jobs.INLINE_LIMITS, "pdf", 10)  # the demo plan's 105 actions count as large
    page = browser_page
    sign_in(page, "demo-owner")
    visit(page, f"/plans/{demo_plan.pk}/")
    click(page, page.get_by_role("button", name="Download as PDF for printing"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Preparing CFS Anti-Racist Action Plan")
    assert "Waiting to start" in page.locator("#job-state").inner_text()
    assert page.locator("progress#job-progress").count() == 1
    job = Job.objects.get(kind="plans.export")  # (loading the plan also left a finished colour refresh)
    with page.expect_navigation():  # the page polls, then reloads itself when the worker has finished
        jobs.run(str(job.pk))
    scan(page)
    assert "Your file is ready" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    path = download.value.path()
    assert open(path, "rb").read(4) == b"%PDF"
