"""A plan owner imports another council's table in the browser: the layout is found, the mapping in use is shown
and changed, the preview follows, the import is saved; then a re-import with a conflict chosen on the page."""

import pytest

from organisation.models import User
from plans.importing.pipeline import parse_file
from plans.models import Action, Plan
from plans.services import action_update, plan_import

from .conftest import click, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLE = (
    "Activity,Owner,Target Date,Achieved,Comments\n"
    "Youth Justice Service (YJS),,,,\n"
    "Publish a zero tolerance statement,Jo Bloggs,Completed March 2022,Agreed by DMT,Check the wording\n"
    "Train every manager,Sam Patel,Underway - to finish by June 2023,12 of 20 trained,\n"
)


def test_a_plan_owner_sees_the_layout_found_changes_the_mapping_and_imports(browser_page, demo_users, tmp_path):
    page = browser_page
    path = tmp_path / "directorate-plan.csv"
    path.write_text(TABLE, encoding="utf-8")
    sign_in(page, "demo-owner")
    click(page, page.get_by_role("link", name="Import a plan").first)
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_label("Plan title").fill("Directorate plan (browser)")
    assert page.get_by_label("Find it for me (recommended)").is_checked()
    click(page, page.get_by_role("button", name="Upload and preview"))

    assert page.get_by_role("heading", level=1).inner_text() == "Check the import before saving it"
    assert page.get_by_role("heading", name="Layout: Columns").is_visible()
    assert "Found for you: directorate-plan.csv, row 1, is a header row" in page.locator("#layout + p").inner_text()
    title = page.get_by_label("Action (title) (guessed)")
    assert title.input_value() == "Activity"
    assert page.get_by_label("Lead (guessed) (optional)").input_value() == "Owner"
    progress = page.get_by_label("Progress (optional)", exact=True)
    assert progress.input_value() == ""
    assert "Column 'Achieved' is not mapped to a field: 2" in page.locator("#not-imported ~ details").first.inner_text()

    progress.select_option("Achieved")
    click(page, page.get_by_role("button", name="Apply the mapping"))
    assert page.get_by_label("Progress (optional)", exact=True).input_value() == "Achieved"
    summary = page.locator("dl.govuk-summary-list").first.inner_text().replace("\t", "\n")
    assert "Progress updates\n2" in summary
    assert "Youth Justice Service" in page.locator("#section-rows + p + table").inner_text()
    assert not Plan.objects.filter(title="Directorate plan (browser)").exists(), "a preview writes nothing"

    click(page, page.get_by_role("button", name="Import the plan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Directorate plan (browser)"
    plan = Plan.objects.get(title="Directorate plan (browser)")
    statement = plan.actions.get(title="Publish a zero tolerance statement")
    assert (statement.status, statement.service_area.name) == ("complete", "Youth Justice Service")
    assert statement.updates.get().text == "Agreed by DMT"


def test_a_re_import_with_a_field_changed_in_both_places_asks_which_to_keep(browser_page, demo_users, tmp_path):
    owner = User.objects.get(username="demo-owner")
    _, parsed = parse_file(TABLE.encode(), "plan.csv", layout="columns")
    plan_import(parsed=parsed, title="Directorate plan", by=owner)
    action = Action.objects.get(plan__title="Directorate plan", title="Train every manager")
    action_update(action=action, by=owner, changes={"title": "Train every manager and chair"})
    path = tmp_path / "plan.csv"
    path.write_text(TABLE.replace("Train every manager,", "Train every recruiting manager,"), encoding="utf-8")

    page = browser_page
    sign_in(page, "demo-owner")
    click(page, page.get_by_role("link", name="Import a plan").first)
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_label("Plan title").fill("Directorate plan")
    click(page, page.get_by_role("button", name="Upload and preview"))

    assert "This will update the existing plan" in page.locator("#updates-existing").inner_text()
    assert page.get_by_role("heading", name="Changed in the app and in the file (1)").is_visible()
    click(page, page.get_by_role("button", name="Import the plan"))  # no choice made: the page asks for one
    assert "Choose which title to keep for 1.2" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Use the file's: Train every recruiting manager").check()
    click(page, page.get_by_role("button", name="Import the plan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Directorate plan"
    action.refresh_from_db()
    assert action.title == "Train every recruiting manager"
