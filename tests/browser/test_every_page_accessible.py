"""Pages the journeys do not pass through, each loaded once so axe-core checks it too."""

import pytest

from plans import demo as plans_demo
from plans.models import Action, Plan

from .conftest import click, sign_in, sign_out, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signed_out_pages_are_accessible(browser_page, demo_users):
    page = browser_page
    visit(page, "/accounts/password-reset/")
    page.get_by_label("Email address").fill("demo-lead@example.org")
    click(page, page.get_by_role("button", name="Send the link"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    visit(page, "/accounts/sign-in/")
    click(page, page.get_by_role("button", name="Sign in"))  # empty: the error summary must be accessible too
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()


def test_owner_pages_and_error_pages_are_accessible(browser_page, demo_users, tmp_path):
    page = browser_page
    plans_demo.load()
    plan = Plan.objects.get(title=plans_demo.PLAN_TITLE)
    sign_in(page, "demo-owner")
    visit(page, f"/plans/{plan.pk}/settings/")
    page.get_by_label("Update window (days)").fill("0")
    click(page, page.get_by_role("button", name="Save settings"))
    assert "The update window must be at least 1 day." in page.locator(".govuk-error-summary").inner_text()

    csv = tmp_path / "directorate.csv"
    csv.write_text(
        "Activity,Lead,Target Date,What has been achieved so far?\nPublish statement,LA,31/03/2023,Drafted\n"
    )
    visit(page, "/plans/import/")
    page.get_by_label("Plan file").set_input_files(str(csv))
    page.get_by_label("Plan title").fill("Directorate plan")
    page.get_by_label("Columns").check()
    click(page, page.get_by_role("button", name="Upload and preview"))
    assert page.get_by_role("heading", name="Which column is which?").is_visible()

    action = Action.objects.get(plan=plan, reference="1.1.A")
    visit(page, f"/plans/actions/{action.pk}/")
    visit(page, "/plans/no-such-page/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    sign_out(page)
    sign_in(page, "demo-scrutiny")
    visit(page, f"/plans/{plan.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page"
