"""Whole journeys through plans in the browser: a lead's update, an owner's import, leadership's reading."""
from pathlib import Path

import pytest

from plans import demo as plans_demo
from plans.models import Action, Plan

from .conftest import click, scan, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_plan(demo_users) -> Plan:
    plans_demo.load()
    return Plan.objects.get(title=plans_demo.PLAN_TITLE)


def test_a_lead_turns_an_amber_action_green_with_an_update_and_sees_it_in_the_history(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-lead")
    click(page, page.get_by_role("link", name="My actions").first)
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"

    amber_row = page.locator("tbody tr", has=page.locator(".app-rag--amber")).first
    reference = amber_row.locator("a strong").inner_text()
    click(page, amber_row.locator("a").first)
    assert page.locator("h1 + p .app-rag--amber, p .app-rag--amber").first.is_visible()

    page.get_by_label("What has happened since the last update?").fill(
        "Corporate mentoring role description agreed; first mentors start in January.")
    page.get_by_label("Status").select_option("in_progress")
    click(page, page.get_by_role("button", name="Save update"))

    assert "Your update has been saved." in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("p .app-rag--green").first.is_visible()
    first_update = page.locator("#progress ~ .govuk-summary-card").first
    assert "Corporate mentoring role description agreed" in first_update.inner_text()
    history = page.locator("#history + ol li").first.inner_text()
    assert "Lee Lead" in history and "Progress update" in history
    assert Action.objects.get(plan=demo_plan, reference=reference).last_update_on is not None


def test_a_lead_who_leaves_the_update_empty_is_told_what_to_fix(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-lead")
    click(page, page.get_by_role("link", name="My actions").first)
    click(page, page.locator("tbody tr a").first)
    click(page, page.get_by_role("button", name="Save update"))
    summary = page.locator(".govuk-error-summary")
    assert "Enter what has happened since the last update." in summary.inner_text()
    click_target = summary.get_by_role("link").first
    click_target.click()
    assert page.evaluate("() => document.activeElement.id") == "id_progress-text"


def test_a_plan_owner_uploads_previews_and_confirms_an_import(browser_page, demo_users, tmp_path):
    page = browser_page
    seed = Path(plans_demo.PLAN_FILE)
    sign_in(page, "demo-owner")
    click(page, page.get_by_role("link", name="Import a plan").first)
    page.get_by_label("Plan file").set_input_files(str(seed))
    page.get_by_label("Plan title").fill("CFS plan (imported in the browser)")
    assert page.get_by_label("Find it for me (recommended)").is_checked()
    page.get_by_label("Plan starts").fill("1/4/2020")
    page.get_by_label("Plan ends").fill("31/3/2021")
    click(page, page.get_by_role("button", name="Upload and preview"))

    assert page.get_by_role("heading", level=1).inner_text() == "Check the import before saving it"
    summary = page.locator("dl.govuk-summary-list").first.inner_text()
    assert "Goals\n3" in summary.replace("\t", "\n")
    assert page.get_by_text("1.2.A.ix", exact=False).count() >= 1
    assert "Found for you: 97 of the 131 rows start with a numbered code" in page.locator("#layout + p").inner_text()
    assert "row 58" in " ".join(page.locator("#problems ~ details").all_text_contents())  # grouped, by kind
    assert not Plan.objects.filter(title="CFS plan (imported in the browser)").exists(), "a preview writes nothing"

    click(page, page.get_by_role("button", name="Import the plan"))
    assert page.get_by_role("heading", level=1).inner_text() == "CFS plan (imported in the browser)"
    assert "Imported" in page.locator(".govuk-notification-banner").inner_text()
    assert Plan.objects.get(title="CFS plan (imported in the browser)").actions.count() == 105


def test_senior_leadership_reads_the_plan_filters_actions_and_opens_measures(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-slt")
    click(page, page.get_by_role("link", name="Plans", exact=True).first)
    click(page, page.get_by_role("link", name=plans_demo.PLAN_TITLE))
    assert page.locator(".app-tree li").count() > 100
    click(page, page.get_by_role("link", name="Measures for goal 1"))
    assert "MISA" in page.locator("main").inner_text()
    visit(page, "/plans/actions/")
    page.get_by_label("RAG").select_option("amber")
    click(page, page.get_by_role("button", name="Apply filters"))
    assert "rag=amber" in page.url
    assert "found" in page.locator("main [role=status]").inner_text()
    click(page, page.locator("tbody tr a").first)
    assert page.get_by_role("heading", name="History").is_visible()


def test_a_plan_owner_edits_an_action_and_links_a_lead(browser_page, demo_plan):
    page = browser_page
    sign_in(page, "demo-owner")
    action = Action.objects.get(plan=demo_plan, reference="2.4.A")
    visit(page, f"/plans/actions/{action.pk}/edit/")
    page.get_by_label("Timescale as written").fill("By April 2021")
    click(page, page.get_by_role("button", name="Save the action"))
    assert "The action has been saved." in page.locator(".govuk-notification-banner").inner_text()
    assert "30 April 2021" in page.locator("main").inner_text()
    visit(page, f"/plans/{demo_plan.pk}/")
    click(page, page.get_by_role("link", name="Add a goal"))
    page.get_by_label("Number").fill("4")
    page.get_by_label("Title").fill("Listening to children and families")
    click(page, page.get_by_role("button", name="Add the goal"))
    assert page.get_by_role("heading", name="4. Listening to children and families").is_visible()
    click(page, page.get_by_role("link", name="Add an action to goal 4"))
    page.get_by_label("Code").fill("4.1")
    page.get_by_label("Title").fill("Co-produce the family feedback survey")
    page.get_by_label("Timescale as written").fill("Spring 2027")
    click(page, page.get_by_role("button", name="Add the action"))
    assert page.get_by_role("heading", level=1).inner_text() == "Co-produce the family feedback survey"
    click(page, page.get_by_role("link", name="Leads to link").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Leads to link to accounts"
    scan(page)
