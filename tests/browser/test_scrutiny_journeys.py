"""Scrutiny journeys: an owner builds, writes, previews and publishes a pack, then puts it on a public page and
withdraws it; a councillor sees only published packs and downloads them; the committee's question is answered."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from plans import demo as plans_demo
from plans.models import Plan
from scrutiny import demo as scrutiny_demo
from scrutiny import exports, services
from scrutiny.models import Pack
from shared import jobs
from shared.models import Job

from .conftest import click, nav_labels, scan, sign_in, sign_out, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}  # jobs wait for a worker


def menu(page, name: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name)


@pytest.fixture
def demo_plan(demo_users) -> Plan:
    plans_demo.load()
    return Plan.objects.get(title=plans_demo.PLAN_TITLE)


@pytest.fixture
def demo_pack(demo_plan) -> Pack:
    scrutiny_demo.load()
    return Pack.objects.get(title=scrutiny_demo.PACK_TITLE)


def test_an_owner_builds_writes_previews_and_publishes_a_pack(browser_page, demo_plan, settings):
    settings.TASKS = QUEUED
    page = browser_page
    sign_in(page, "demo-owner")
    click(page, menu(page, "Scrutiny packs"))
    click(page, page.get_by_role("link", name="Build a new pack"))
    page.get_by_label("Title").fill("March update to scrutiny")
    page.get_by_label("Meeting date").fill((timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_label(plans_demo.PLAN_TITLE).check()
    page.get_by_label("Where the plans stand").check()
    click(page, page.get_by_role("button", name="Start the draft"))
    assert page.get_by_role("heading", level=1).inner_text() == "What the plan's owners say about each goal"

    first_goal = page.locator("textarea").first
    first_goal.fill("Anonymous recruitment is in place; the job description review is late.")
    click(page, page.get_by_role("button", name="Save as a draft"))
    assert "saved as a draft" in page.locator(".govuk-notification-banner").inner_text()
    assert "job description review is late" in page.locator("textarea").first.input_value()
    click(page, page.get_by_role("button", name="Save and preview"))
    main = page.locator("main").inner_text()
    assert "This is the pack as it would be published now" in main
    assert "What the plan's owners say" in main and "job description review is late" in main

    click(page, page.get_by_role("button", name="Publish to the scrutiny committee"))
    assert "has been published to the scrutiny committee" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "March update to scrutiny"
    pack = Pack.objects.get(title="March update to scrutiny")
    assert pack.state == Pack.State.PUBLISHED and pack.published_by.username == "demo-owner"

    # Public: a second, explicit confirmation first.
    click(page, page.get_by_role("link", name="Publish on a public page"))
    assert "Anyone with the address will be able to read it" in page.locator("main").inner_text()
    click(page, page.get_by_role("button", name="Publish on a public page"))
    assert "Tick the box" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label(re.compile("I understand that anyone with the address")).check()
    click(page, page.get_by_role("button", name="Publish on a public page"))
    public_url = page.locator("main a[href*='/public/packs/']").get_attribute("href")
    sign_out(page)
    visit(page, public_url)
    assert "job description review is late" in page.locator("main").inner_text()

    sign_in(page, "demo-owner")
    visit(page, f"/scrutiny/{pack.pk}/")
    click(page, page.get_by_role("link", name="Withdraw this pack"))
    page.get_by_label("Why is it withdrawn?").fill("The meeting date was wrong.")
    click(page, page.get_by_role("button", name="Withdraw the pack"))
    assert "has been withdrawn" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)
    visit(page, public_url)
    assert page.get_by_role("heading", level=1).inner_text() == "This report has been withdrawn"
    assert "job description review is late" not in page.locator("main").inner_text()


def test_a_councillor_sees_only_the_published_pack_and_downloads_it(browser_page, demo_pack, settings):
    settings.TASKS = QUEUED
    owner = demo_pack.published_by
    services.pack_create(
        by=owner,
        title="A draft nobody else sees",
        plans=[demo_pack.plans.get()],
        meeting_date=timezone.localdate(),
        as_at=timezone.localdate(),
    )
    services.pack_store_export(pack=demo_pack, fmt="pdf", build=exports.pack_to_pdf)  # built earlier by a worker
    page = browser_page
    sign_in(page, "demo-scrutiny")
    assert page.url.endswith("/scrutiny/")
    assert nav_labels(page) == ["Report racism", "Scrutiny packs", "Committee questions"]
    main = page.locator("main").inner_text()
    assert scrutiny_demo.PACK_TITLE in main and "A draft nobody else sees" not in main
    assert "Build a new pack" not in main

    click(page, page.get_by_role("link", name=scrutiny_demo.PACK_TITLE))
    main = page.locator("main").inner_text()
    assert "You asked" in main and "Our response" in main and "You recommended" in main
    assert "What the plan's owners say" in main
    assert "Olu" not in main and "Owner" not in main.replace("owners", "")  # the publisher is not named

    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("^PDF")).click()
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"

    click(page, page.get_by_role("link", name=re.compile("^Excel")))  # not built yet: prepared by a job
    assert page.get_by_role("heading", level=1).inner_text().startswith("Preparing")
    with page.expect_navigation():  # the page polls, then reloads itself when the worker has finished
        jobs.run(str(Job.objects.get(kind="scrutiny.export").pk))
    scan(page)
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download the Excel file").click()
    assert open(xlsx.value.path(), "rb").read(2) == b"PK"

    for elsewhere in ("/plans/", "/dashboard/", f"/scrutiny/{Pack.objects.get(state='draft').pk}/"):
        visit(page, elsewhere)
        assert page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page"


def test_a_councillor_asks_and_the_owner_responds_while_leadership_watch_what_waits(browser_page, demo_pack):
    page = browser_page
    sign_in(page, "demo-scrutiny")
    click(page, page.get_by_role("link", name=scrutiny_demo.PACK_TITLE))
    click(page, page.get_by_role("link", name=re.compile("^Ask a question or make a recommendation about")))
    page.get_by_label("Question", exact=True).check()
    page.get_by_label("What is it about?").select_option(index=2)
    page.get_by_label("The question or recommendation").fill("When will the shadowing scheme restart?")
    page.get_by_label("Respond by").fill((timezone.localdate() + timedelta(days=21)).strftime("%d/%m/%Y"))
    click(page, page.get_by_role("button", name="Record it"))
    assert "has been recorded" in page.locator(".govuk-notification-banner").inner_text()
    click(page, menu(page, "Committee questions"))
    assert "When will the shadowing scheme restart?" in page.locator("main").inner_text()
    sign_out(page)

    sign_in(page, "demo-slt")
    panel = page.locator("#panel-scrutinyquestions")
    assert "When will the shadowing scheme restart?" in panel.inner_text()
    sign_out(page)

    sign_in(page, "demo-owner")
    click(page, menu(page, "Committee questions"))
    click(page, page.get_by_role("link", name=re.compile("^Question: Goal")).first)
    page.get_by_label("Your response").fill("It restarts in April with six places.")
    click(page, page.get_by_role("button", name="Record the response"))
    assert "It restarts in April with six places." in page.locator("main").inner_text()


def test_a_drafts_pages_and_the_withdraw_pages_are_accessible(browser_page, demo_pack):
    from scrutiny.models import CommitteeQuestion

    owner = demo_pack.published_by
    draft = services.pack_create(
        by=owner,
        title="Next update",
        plans=[demo_pack.plans.get()],
        meeting_date=timezone.localdate(),
        as_at=timezone.localdate(),
    )
    page = browser_page
    sign_in(page, "demo-owner")
    visit(page, f"/scrutiny/{draft.pk}/")
    assert "Written for 0 of" in page.locator("main").inner_text()
    click(page, page.get_by_role("link", name="Change the details"))
    page.get_by_label("List the changes since").fill("31/02/2020")
    click(page, page.get_by_role("button", name="Save the details"))
    assert "Enter the date as day/month/year" in page.locator(".govuk-error-summary").inner_text()
    sign_out(page)

    sign_in(page, "demo-scrutiny")
    question = CommitteeQuestion.objects.filter(state="open").first()
    visit(page, f"/scrutiny/questions/{question.pk}/")
    click(page, page.get_by_role("link", name=re.compile("^Withdraw this")))
    click(page, page.get_by_role("button", name="Withdraw it"))
    assert "Say why it is withdrawn." in page.locator(".govuk-error-summary").inner_text()
