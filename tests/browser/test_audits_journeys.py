"""Whole journeys through audits in the browser: an auditor's audit with an action arising, moderated by a second
auditor; leadership reading compliance; the language check; a lead's gentle note; every other audits page."""

from datetime import date

import pytest

from audits import demo as audits_demo
from audits import services as audit_services
from audits.models import ActionArising, Audit, AuditTemplate, Grade, ProgrammeEntry, Rating, quarter_of
from plans import demo as plans_demo
from plans.models import Plan, ProgressUpdate

from .conftest import click, sign_in, sign_out, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def recent_quarters(count: int) -> date:
    """The first day of the quarter `count - 1` quarters before this one: a demo that loads quickly."""
    start, _ = quarter_of(date.today())
    for _ in range(count - 1):
        start, _ = quarter_of(date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1))
    return start


@pytest.fixture
def audit_demo(demo_users):
    plans_demo.load()
    audits_demo.load(since=recent_quarters(1))
    return Plan.objects.get(title=plans_demo.PLAN_TITLE)


def test_an_auditor_completes_an_audit_with_an_action_arising_and_a_second_auditor_moderates_it(
    browser_page, audit_demo
):
    page = browser_page
    sign_in(page, "demo-auditor")
    click(page, page.get_by_role("link", name="Audits", exact=True).first)
    assert page.get_by_role("heading", level=1).inner_text() == "Audits"
    click(page, page.get_by_role("button", name="Start an audit"))

    template = AuditTemplate.objects.get(name="Supervision audit")
    page.get_by_label("Type of audit").select_option(str(template.pk))
    page.get_by_label("Team or service audited").select_option(label="Early Help and Prevention")
    page.get_by_label("Case or record reference").fill("Jane Smith")
    click(page, page.get_by_role("button", name="Start the audit"))
    assert "names stay in the case record" in page.locator(".govuk-error-summary").inner_text()

    page.get_by_label("Case or record reference").fill("CF-2026-0193")
    click(page, page.get_by_role("button", name="Start the audit"))
    assert page.get_by_role("heading", level=1).inner_text() == "Conduct the audit"
    audit = Audit.objects.get(subject_reference="CF-2026-0193")
    lines = list(audit.ratings.order_by("position"))
    page.locator(f"#id_rating_{lines[0].pk}_0").check()
    page.locator(f"#id_evidence_{lines[0].pk}").fill("Supervision notes show reflection on the worker's own position.")
    click(page, page.get_by_role("button", name="Save as draft"))
    assert "Your draft has been saved" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(f"#id_evidence_{lines[0].pk}").input_value().startswith("Supervision notes show")

    for line in lines[1:]:
        page.locator(f"#id_rating_{line.pk}_0").check()
        page.locator(f"#id_evidence_{line.pk}").fill("Recorded in the supervision notes (CF-2026-0193).")
    page.get_by_label("Good", exact=True).check()
    click(page, page.get_by_role("button", name="Submit for moderation"))
    assert "Awaiting moderation" in page.locator("main").inner_text()

    click(page, page.get_by_role("button", name="Add an action arising"))
    goal = audit_demo.goals.get(number="2")
    page.get_by_label("Plan and goal it belongs to").select_option(str(goal.pk))
    page.get_by_label("What needs to be done").fill("Add identity and race to the supervision template")
    page.get_by_label("Lead", exact=True).select_option(label="LV (demo: Lee Lead)")
    page.get_by_label("Timescale").fill("By March 2027")
    click(page, page.get_by_role("button", name="Add the action"))
    assert "has been added to CFS Anti-Racist Action Plan" in page.locator(".govuk-notification-banner").inner_text()
    action = ActionArising.objects.get(audit=audit).action
    assert action.plan == audit_demo and action.leads.get().name == "LV"
    sign_out(page)

    sign_in(page, "demo-auditor2")
    click(page, page.get_by_role("link", name="Audits", exact=True).first)
    click(page, page.get_by_role("link", name="Moderate Supervision audit: CF-2026-0193"))
    assert page.get_by_role("heading", level=1).inner_text() == "Moderate the audit"
    for line in lines:
        page.locator(f"#id_agrees_{line.pk}_0").check()
    page.locator(f"#id_agrees_{lines[0].pk}_1").check()
    click(page, page.get_by_role("button", name="Save the moderation"))
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the rating you would give" in summary and "Say why you disagree" in summary

    page.locator(f"#id_moderated_{lines[0].pk}_1").check()
    page.locator(f"#id_reason_{lines[0].pk}").fill("Reflection is recorded, but not what changed as a result.")
    page.locator("#id_overall_agrees_0").check()
    click(page, page.get_by_role("button", name="Save the moderation"))
    assert "The moderated grade is the one reported" in page.locator(".govuk-notification-banner").inner_text()
    audit.refresh_from_db()
    assert (audit.state, audit.reported_grade, audit.moderator.username) == (
        Audit.State.MODERATED,
        Grade.GOOD,
        "demo-auditor2",
    )
    assert audit.ratings.get(pk=lines[0].pk).reported_rating == Rating.PARTLY_MET


def test_leadership_sees_compliance_with_trends_counts_and_the_weakest_standards(browser_page, demo_users):
    audits_demo.load(since=recent_quarters(4))
    page = browser_page
    sign_in(page, "demo-slt")
    click(page, page.get_by_role("link", name="Audit compliance").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Audit compliance"
    main = page.locator("main").inner_text()
    assert "of audits graded Good or better" in main and "The weakest standards" in main
    assert page.locator("figure.app-chart svg").count() >= 3
    assert "audits)" in page.locator("figure.app-chart").first.inner_text()
    page.get_by_text("Show the data as a table").first.click()
    assert page.locator(".app-chart__table").first.is_visible()

    page.get_by_label("Financial year").select_option(index=1)
    click(page, page.get_by_role("button", name="Apply filters"))
    click(page, page.get_by_role("link", name="Agreement between auditors"))
    assert "Bea Moderator" in page.locator("main").inner_text()
    click(page, page.get_by_role("link", name="Audit compliance").first)
    click(page, page.get_by_role("link", name="Language in meeting minutes"))
    assert page.get_by_role("heading", level=1).inner_text() == "Language in meeting minutes"


def test_the_language_check_highlights_terms_in_pasted_text_with_reasons(browser_page, demo_users):
    audit_services.glossary_load_file()
    page = browser_page
    sign_in(page, "demo-staff")
    click(page, page.get_by_role("link", name="Check language").first)
    page.get_by_label("Text to check").fill(
        'Mum said: "They think I am aggressive." Dad was aggressive and hostile at the door.\n'
        "The BAME family support worker will visit. Mr Hardcastle attended."
    )
    click(page, page.get_by_role("button", name="Check the text"))
    marks = page.locator("#checked-text mark")
    assert [" ".join(text.split()) for text in marks.all_inner_texts()] == [
        "Flagged term 1: aggressive",
        "Flagged term 2: hostile",
        "Flagged term 3: BAME",
    ]
    assert "1 inside a person's own words was not flagged" in page.locator("[role=status]").inner_text()
    first = page.locator("#finding-1")
    assert "behavioural label" in first.inner_text() and "Describe what was said and done" in first.inner_text()
    page.get_by_role("link", name="[1] why “aggressive” is flagged").click()
    assert page.url.endswith("#finding-1")


def test_a_lead_sees_a_gentle_note_about_language_and_saves_the_update_anyway(browser_page, demo_users):
    plans_demo.load()
    audit_services.glossary_load_file()
    page = browser_page
    sign_in(page, "demo-lead")
    click(page, page.get_by_role("link", name="My actions").first)
    click(page, page.locator("tbody tr a").first)
    text = "Met the family; the hard to reach parents came to the session."
    page.get_by_label("What has happened since the last update?").fill(text)
    click(page, page.get_by_role("button", name="Save update"))
    assert "Your update has not been saved yet" in page.locator(".govuk-notification-banner").inner_text()
    assert "hard to reach" in page.locator("#language-note").inner_text()
    assert page.get_by_label("What has happened since the last update?").input_value() == text
    assert not ProgressUpdate.objects.filter(text=text).exists()
    click(page, page.get_by_role("button", name="Save update"))
    assert "Your update has been saved." in page.locator(".govuk-notification-banner").inner_text()
    assert ProgressUpdate.objects.filter(text=text).exists()


def test_every_other_audits_page_is_accessible(browser_page, demo_users):
    audits_demo.load(since=recent_quarters(1))
    page = browser_page
    sign_in(page, "demo-admin")
    moderated = Audit.objects.filter(state=Audit.State.MODERATED).first()
    language = Audit.objects.filter(template__audit_type="minutes_language").first()
    entry = ProgrammeEntry.objects.first()
    for path in [
        "/audits/all/?state=moderated",
        "/audits/all/?unit=nonsense",
        f"/audits/{moderated.pk}/",
        "/audits/programme/",
        "/audits/programme/?year=1999",
        f"/audits/programme/{entry.pk}/edit/",
        "/audits/compliance/agreement/",
        "/audits/compliance/language/",
        "/audits/language/glossary/",
        "/audits/standards/",
        f"/audits/standards/{moderated.framework_id}/",
        "/audits/compliance/?unit=x",
    ]:
        visit(page, path)
    visit(page, "/audits/programme/new/")
    click(page, page.get_by_role("button", name="Add to the programme"))
    assert "Choose the team or service." in page.locator(".govuk-error-summary").inner_text()

    draft = audit_services.audit_start(
        by=language.auditor,
        template=language.template,
        unit=language.unit,
        subject_reference="DEMO-2026-9999",
        audit_date=date.today(),
    )
    sign_out(page)
    sign_in(page, language.auditor.username)
    visit(page, f"/audits/{draft.pk}/language-samples/new/")
    page.get_by_label("What you checked").fill("Network meeting minutes")
    page.get_by_label("The text of the minutes").fill("The father was volatile. The CSW will visit.")
    click(page, page.get_by_role("button", name="Check the minutes"))
    assert page.locator("#checked-text mark").count() == 2
    click(page, page.get_by_role("button", name="Record these counts"))
    assert "Recorded: 2 terms in 8 words" in page.locator(".govuk-notification-banner").inner_text()
