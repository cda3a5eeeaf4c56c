"""Whole journeys through the incident log in the browser: an anonymous report followed up by key, a handler
working a case to closure on time, leadership's review creating a plan action, and scrutiny kept out."""

import re

import pytest
from django.utils import timezone

from incidents import demo as incidents_demo
from incidents import services
from incidents.models import Deadline, Incident, IncidentAccess, Message, Mode, Review, Status
from organisation.models import Unit
from plans import demo as plans_demo

from .conftest import click, sign_in, sign_out, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(demo_users):
    """The categories and partner agencies the migration adds (a transactional test empties every table)."""
    incidents_demo.ensure_reference_data()
    return demo_users


def fill_report(page, *, what: str) -> None:
    page.get_by_label("Racism from a service user or family towards a member of staff").check()
    page.get_by_label("When did it happen?").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Where did it happen?").fill("Home visit")
    page.get_by_label("Which service was it in?").select_option(
        label="Family Intervention and Support Services (Children and Families Service)"
    )
    page.get_by_label("Racist abuse").check()
    page.get_by_label("Me", exact=True).check()
    page.get_by_label("Describe what happened").fill(what)


def test_staff_report_anonymously_then_check_the_status_and_reply_with_the_reference_and_key(
    browser_page, reference_data
):
    page = browser_page
    staff = reference_data["demo-staff"]
    sign_in(page, "demo-staff")
    click(page, page.locator("header").get_by_role("link", name="Report racism"))
    assert page.get_by_role("heading", level=1).inner_text() == "Report racism"
    click(page, page.get_by_role("link", name="Report anonymously"))
    assert "will not be linked to you" in page.locator("main").inner_text()

    # Forgetting what happened keeps everything else typed and says what to fix.
    fill_report(page, what="")
    click(page, page.get_by_role("button", name="Send the report"))
    assert "Enter what happened." in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Where did it happen?").input_value() == "Home visit"
    page.get_by_label("Describe what happened").fill("A father shouted a racist slur at me and refused the visit.")
    click(page, page.get_by_role("button", name="Send the report"))

    assert page.get_by_role("heading", level=1).inner_text() == "Your report has been sent"
    reference = page.locator("#reference").inner_text().strip()
    key = page.locator("#secret-key").inner_text().strip()
    assert re.fullmatch(r"INC-\w{4}-\w{4}", reference) and re.fullmatch(r"(\w{4}-){4}\w{4}", key)
    incident = Incident.objects.get(reference=reference)
    assert incident.mode == Mode.ANONYMOUS and incident.reporter_id is None

    # Later: the handler has written; the reporter comes back with the reference and key.
    services.message_from_handler(
        incident=incident, by=reference_data["demo-handler"], text="Thank you for telling us. Are you safe to visit?"
    )
    visit(page, "/")
    click(page, page.locator("header").get_by_role("link", name="Report racism"))
    click(page, page.get_by_role("link", name="Check an anonymous report with its reference and key"))
    page.get_by_label("Reference").fill(reference.lower())
    page.get_by_label("Secret key").fill("WRONG-KEY")
    click(page, page.get_by_role("button", name="Check the report"))
    assert "The reference or the key is not right" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Secret key").fill(key)
    click(page, page.get_by_role("button", name="Check the report"))

    assert page.get_by_role("heading", level=1).inner_text() == f"Your report {reference}"
    assert "waiting to be assigned" in page.locator("#report-status").inner_text()
    assert "Are you safe to visit?" in page.locator("main").inner_text()
    page.get_by_label("Your message").fill("Yes, but please send someone with me next time.")
    click(page, page.get_by_role("button", name="Send the message"))
    assert "Your message has been sent" in page.locator(".govuk-notification-banner").inner_text()

    reply = Message.objects.get(incident=incident, from_reporter=True)
    assert reply.author_id is None and "send someone with me" in reply.text
    assert not IncidentAccess.objects.filter(user=staff).exists()
    assert not Incident.history.filter(id=incident.pk, history_user__isnull=False).exists()


@pytest.fixture
def assigned_case(reference_data):
    """A report to demo-handler's service, assigned to them today: acknowledgement due in 3 working days."""
    fiss = Unit.objects.get(name="Family Intervention and Support Services")
    from incidents.models import Category

    receipt = services.incident_report(
        by=reference_data["demo-lead"],
        mode=Mode.NAMED,
        kind="towards_staff",
        occurred_on=timezone.localdate(),
        location="Home visit",
        service=fiss,
        categories=[Category.objects.get(slug="racist-abuse")],
        affected=["reporter"],
        what_happened="A grandparent used a racist slur towards the family support worker at the door.",
    )
    services.incident_assign(
        incident=receipt.incident, by=reference_data["demo-safeguarding"], handler=reference_data["demo-handler"]
    )
    return receipt.incident


def record_step(page, step_name: str, *, done: bool = True, note: str = "", extra=None) -> None:
    click(page, page.get_by_role("link", name=f"Record {step_name}"))
    page.get_by_label("Done" if done else "Not applicable", exact=True).check()
    if extra:
        extra(page)
    if note:
        page.get_by_label("Note").fill(note)
    click(page, page.get_by_role("button", name="Save this step"))
    assert "Checklist step recorded" in page.locator(".govuk-notification-banner").inner_text()


def test_a_handler_works_an_incident_through_its_checklist_to_closure_within_its_deadline(browser_page, assigned_case):
    page = browser_page
    sign_in(page, "demo-handler")
    click(page, page.get_by_role("link", name="Incidents").first)
    row = page.locator("#incidents tbody tr", has=page.get_by_text(assigned_case.reference))
    assert "On track" in row.inner_text()
    click(page, row.get_by_role("link", name=assigned_case.reference))
    assert page.get_by_role("heading", level=1).inner_text() == f"Incident {assigned_case.reference}"
    assert "by Lee Lead" in page.locator("main").inner_text()  # a named report

    click(page, page.get_by_role("link", name="Acknowledge", exact=True))
    page.get_by_label("How it was acknowledged (optional)").fill("Called the worker: it is taken seriously.")
    click(page, page.get_by_role("button", name="Acknowledge", exact=True))
    assert "Met on time" in page.locator("#deadlines + p + ul").inner_text()

    click(page, page.get_by_role("link", name="Start the investigation", exact=True))
    click(page, page.get_by_role("button", name="Start the investigation", exact=True))
    assert page.locator("#status").inner_text() == "Under investigation"

    record_step(page, "Support offered to the member of staff", note="Debrief with the team manager; EAP offered.")
    record_step(page, "Investigation under the complaints procedure", note="Visit records and worker's account.")
    record_step(
        page,
        "Contact with the service user after the investigation",
        done=False,
        note="The family moved out of the borough before the investigation ended.",
    )

    click(page, page.get_by_role("link", name="Record the outcome", exact=True))
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Summary of the outcome and the actions being taken").fill(
        "Warning letter sent; visits only in pairs for six months."
    )
    click(page, page.get_by_role("button", name="Record the outcome", exact=True))

    record_step(page, "Outcome shared with the person affected", note="Shared with the worker in supervision.")
    record_step(
        page,
        "Their satisfaction with the outcome recorded",
        extra=lambda p: p.get_by_label("Satisfied", exact=True).check(),
    )

    click(page, page.get_by_role("link", name="Close", exact=True))
    click(page, page.get_by_role("button", name="Close", exact=True))
    assert page.locator("#status").inner_text() == "Closed"

    incident = Incident.objects.get(pk=assigned_case.pk)
    acknowledge = incident.deadlines.get(step=Deadline.Step.ACKNOWLEDGE)
    assert incident.status == Status.CLOSED and incident.satisfaction == "satisfied"
    assert acknowledge.met_on is not None and acknowledge.met_on <= acknowledge.due_on
    assert [c.transition for c in incident.status_changes.all()] == [
        "assign",
        "acknowledge",
        "start_investigation",
        "record_outcome",
        "close",
    ]


def test_leadership_completes_a_review_that_creates_a_plan_action(browser_page, reference_data):
    page = browser_page
    plans_demo.load()
    incidents_demo.load(volume=False)
    sign_in(page, "demo-slt")
    click(page, page.get_by_role("link", name="Incident reviews").first)
    page.get_by_label("Period").select_option(index=0)  # this quarter, so far
    click(page, page.get_by_role("button", name="Start the review"))
    assert "Reports by kind" in page.locator("main").inner_text()

    click(page, page.get_by_role("link", name="Create a plan action"))
    page.get_by_label("Goal it belongs to").select_option(index=1)
    page.get_by_label("Action code").fill("1.9")
    page.get_by_label("What the action is").fill(
        "Agree with health partners how microaggressions in multi-agency meetings are challenged."
    )
    page.get_by_label("Timescale").fill("Spring 2027")
    click(page, page.get_by_role("button", name="Create the action"))
    assert "Action 1.9 has been added" in page.locator(".govuk-notification-banner").inner_text()
    assert "1.9 Agree with health partners" in page.locator("main").inner_text()

    page.get_by_label("Themes noted").fill("Microaggressions by health professionals in multi-agency meetings.")
    page.get_by_label("Sam Senior").check()
    click(page, page.get_by_role("button", name="Complete the review"))
    assert "The review is complete" in page.locator(".govuk-notification-banner").inner_text()
    assert "Reviewed on" in page.locator("#completed").inner_text()

    review = Review.objects.filter(state=Review.State.COMPLETED).get()
    assert review.completed_by == reference_data["demo-slt"] and review.summary["sections"]
    link = review.plan_actions.get()
    assert link.created_here and link.reference == "1.9"
    click(page, page.get_by_role("link", name=re.compile(r"^1\.9 Agree")))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Agree with health partners")


def test_a_scrutiny_member_cannot_reach_any_incident_page(browser_page, reference_data):
    page = browser_page
    incidents_demo.load(volume=False)
    incident = Incident.objects.first()
    review = Review.objects.first()
    sign_in(page, "demo-scrutiny")
    for path in [
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/incidents/mine/",
        "/incidents/reviews/",
        f"/incidents/reviews/{review.pk}/",
        "/incidents/partners/",
        "/incidents/trends/",
        "/incidents/access/",
    ]:
        visit(page, path)
        assert page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page", path


def test_the_other_incident_pages_are_accessible(browser_page, reference_data):
    """Pages the journeys do not pass through, each loaded once so axe-core checks it."""
    page = browser_page
    incidents_demo.load(volume=False)
    new = Incident.objects.filter(status=Status.NEW).first()
    complaint = Incident.objects.filter(kind="complaint", status=Status.INVESTIGATING).first()
    disclosure = Incident.objects.filter(kind="disclosure").exclude(status=Status.CLOSED).first()

    sign_in(page, "demo-safeguarding")
    visit(page, "/incidents/?deadline=overdue")
    visit(page, f"/incidents/{new.pk}/")
    click(page, page.get_by_role("link", name="Assign a handler"))
    click(page, page.get_by_role("button", name="Assign"))
    assert "Choose a handler." in page.locator(".govuk-error-summary").inner_text()
    visit(page, f"/incidents/{complaint.pk}/")
    deadline = complaint.deadlines.get(step="stage_2")
    visit(page, f"/incidents/deadlines/{deadline.pk}/extend/")
    click(page, page.get_by_role("button", name="Extend the deadline"))
    assert "Record the reason" in page.locator(".govuk-error-summary").inner_text()
    visit(page, f"/incidents/{disclosure.pk}/checklist/lado/")
    click(page, page.get_by_role("button", name="Save this step"))
    assert "Choose done or not applicable." in page.locator(".govuk-error-summary").inner_text()
    visit(page, f"/incidents/{complaint.pk}/status/record_outcome/")
    visit(page, "/incidents/partners/")
    visit(page, "/incidents/partners/?period=2026-02-31:2026-01-01")
    assert "Choose a period from the list." in page.locator(".govuk-error-summary").inner_text()
    visit(page, "/incidents/trends/")
    visit(page, f"/incidents/reviews/{Review.objects.get().pk}/")
    sign_out(page)

    sign_in(page, "demo-dpo")
    click(page, page.get_by_role("link", name="Incident access log").first)
    click(page, page.get_by_role("link", name="Administrators' grants"))
    page.get_by_label("Administrator").select_option(label="Ada Admin")
    page.get_by_label("Incident reference").fill(new.reference)
    page.get_by_label("Why they need to read it").fill("A fault report about the case page.")
    click(page, page.get_by_role("button", name="Grant access"))
    assert new.reference in page.locator("main table").inner_text()
    sign_out(page)

    sign_in(page, "demo-staff")
    click(page, page.locator("header").get_by_role("link", name="Report racism"))
    click(page, page.get_by_role("link", name="your reports"))
    mine = Incident.objects.filter(reporter__username="demo-staff").first()
    click(page, page.get_by_role("link", name=mine.reference))
    visit(page, "/incidents/report/new/")
    click(page, page.get_by_role("button", name="Send the report"))
    assert "Choose named or confidential." in page.locator(".govuk-error-summary").inner_text()
    sign_out(page)

    visit(page, "/incidents/report/")  # signed out: anonymous reporting only
    assert page.get_by_role("link", name="Make a named or confidential report").count() == 0
    visit(page, "/incidents/report/anonymous/")
