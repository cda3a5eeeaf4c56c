"""Scrutiny pages: the owner's journey from draft to published, councillors' view, public pages, bounded queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.tests.factories import LeadFactory, UserFactory, give_roles
from plans.tests.factories import (
    ActionFactory,
    GoalFactory,
    MeasureValueFactory,
    PlanFactory,
    ProgressUpdateFactory,
)
from scrutiny import selectors, services
from scrutiny.models import CommitteeQuestion, Pack
from shared import panels
from shared.roles import Role

from .factories import PackFactory, QuestionFactory, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(roles=[Role.PLAN_OWNER])


@pytest.fixture
def plan(owner):
    plan = PlanFactory(owners=[owner], title="CFS plan")
    goal = GoalFactory(plan=plan, number="1", title="Inclusive recruitment")
    ActionFactory(goal=goal, code="1.1", title="Anonymous recruitment", leads=[LeadFactory(name="LV")])
    return plan


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def test_a_plan_owner_is_not_offered_a_panel_they_cannot_see_and_the_form_refuses_it(client, owner, plan):
    client.force_login(owner)
    page = client.get(reverse("scrutiny:pack_create")).content.decode()
    assert 'value="plans.rag_summary"' in page and 'value="incidents.overview"' not in page
    today = timezone.localdate()
    response = client.post(
        reverse("scrutiny:pack_create"),
        {
            "title": "Update",
            "meeting_date": day(today + timedelta(days=7)),
            "as_at": day(today),
            "plans": [plan.pk],
            "panels": ["incidents.overview"],
        },
    )
    assert response.status_code == 400 and "Choose panels from the list" in response.content.decode()
    assert not Pack.objects.exists()


def test_an_owner_previewing_a_pack_with_a_panel_they_cannot_see_is_not_shown_it_and_cannot_publish(
    client, owner, plan
):
    today = timezone.localdate()
    pack = services.pack_create(
        by=UserFactory(roles=[Role.ADMINISTRATOR]),
        title="Update",
        plans=[plan],
        meeting_date=today + timedelta(days=7),
        as_at=today,
        panels=["plans.rag_summary", "incidents.overview"],
    )
    client.force_login(owner)
    page = client.get(reverse("scrutiny:pack_preview", args=[pack.pk])).content.decode()
    assert "Where the plans stand" in page
    assert "panel-incidents-overview" not in page
    assert "Racism incidents, which you cannot see on your dashboard" in page
    assert "Publish to the scrutiny committee" not in page


# --- the owner's journey ---------------------------------------------------------------------------------------


def test_a_plan_owner_builds_writes_previews_and_publishes_a_pack(client, owner, plan):
    client.force_login(owner)
    today = timezone.localdate()
    response = client.post(
        reverse("scrutiny:pack_create"),
        {
            "title": "Update to scrutiny",
            "meeting_date": day(today + timedelta(days=7)),
            "as_at": day(today),
            "plans": [plan.pk],
            "panels": ["plans.rag_summary"],
        },
    )
    pack = Pack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scrutiny:pack_narratives", args=[pack.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and "1. Inclusive recruitment" in page.content.decode()
    goal_field = selectors.narrative_field(plan.goals.get().pk)
    form = page.context["form"]
    response = client.post(
        response["Location"],
        {
            "version": form.initial["version"],
            "base": form.initial["base"],
            goal_field: "Panels are diverse now.",
            "then": "preview",
        },
    )
    assert response["Location"] == reverse("scrutiny:pack_preview", args=[pack.pk])
    preview = client.get(response["Location"])
    assert "Panels are diverse now." in preview.content.decode() and "This is the pack as it would be" in (
        preview.content.decode()
    )
    response = client.post(
        reverse("scrutiny:pack_publish", args=[pack.pk]), {"version": pack.__class__.objects.get(pk=pack.pk).version}
    )
    assert response["Location"] == reverse("scrutiny:pack_detail", args=[pack.pk])
    pack.refresh_from_db()
    assert pack.state == Pack.State.PUBLISHED and pack.published_by == owner
    assert "Panels are diverse now." in client.get(response["Location"]).content.decode()


def test_publishing_a_pack_changed_since_the_preview_shows_the_preview_again_saying_why(client, owner, plan):
    today = timezone.localdate()
    pack = services.pack_create(
        by=owner, title="Update", plans=[plan], meeting_date=today + timedelta(days=7), as_at=today
    )
    client.force_login(owner)
    previewed = client.get(reverse("scrutiny:pack_preview", args=[pack.pk])).context["form"]["version"].value()
    Pack.objects.filter(pk=pack.pk).update(version=previewed + 1)  # someone else saved it meanwhile
    response = client.post(reverse("scrutiny:pack_publish", args=[pack.pk]), {"version": previewed})
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html and "This is the pack as it would be" in html
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert "Someone changed this pack after you previewed it." in summary
    assert not list(response.wsgi_request._messages), "the error is on the page, not in a flash message"
    assert Pack.objects.get(pk=pack.pk).state == Pack.State.DRAFT
    shown_now = response.context["form"]["version"].value()  # the page shows the pack as it is now
    again = client.post(reverse("scrutiny:pack_publish", args=[pack.pk]), {"version": shown_now})
    assert again.status_code == 302 and Pack.objects.get(pk=pack.pk).state == Pack.State.PUBLISHED


def test_a_pack_cannot_be_started_as_at_a_day_in_the_future(client, owner, plan):
    client.force_login(owner)
    today = timezone.localdate()
    response = client.post(
        reverse("scrutiny:pack_create"),
        {
            "title": "Update",
            "meeting_date": day(today),
            "as_at": day(today + timedelta(days=3)),
            "plans": [plan.pk],
        },
    )
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    assert not Pack.objects.exists()


def test_a_badly_written_date_is_a_form_error_not_a_server_error(client, owner, plan):
    client.force_login(owner)
    response = client.post(
        reverse("scrutiny:pack_create"),
        {
            "title": "Update",
            "meeting_date": "31/02/2026",
            "as_at": "yesterday",
            "plans": [plan.pk, 999999],
        },
    )
    assert response.status_code == 400
    assert "Enter the date as day/month/year" in response.content.decode()


def test_commentary_saved_as_a_draft_stays_on_the_page(client, owner, plan):
    pack = PackFactory(plans=[plan])
    client.force_login(owner)
    url = reverse("scrutiny:pack_narratives", args=[pack.pk])
    form = client.get(url).context["form"]
    name = selectors.narrative_field(plan.goals.get().pk)
    response = client.post(
        url,
        {"version": form.initial["version"], "base": form.initial["base"], name: "Draft text", "then": "stay"},
        follow=True,
    )
    assert "Draft text" in response.content.decode() and "saved as a draft" in response.content.decode()


def test_commentary_two_owners_changed_at_once_shows_both_and_keeps_what_was_typed(client, owner, plan):
    pack = PackFactory(plans=[plan])
    name = selectors.narrative_field(plan.goals.get().pk)
    client.force_login(owner)
    url = reverse("scrutiny:pack_narratives", args=[pack.pk])
    form = client.get(url).context["form"]
    services.pack_save_narratives(pack=pack, by=UserFactory(first_name="Other"), changes={name: "Their text"})
    response = client.post(
        url, {"version": form.initial["version"], "base": form.initial["base"], name: "My text", "then": "stay"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Their text" in html and ">My text</textarea>" in html
    assert selectors.narrative_values(pack)[name] == "Their text"


def test_a_published_pack_has_no_draft_pages(client, owner, plan):
    pack = published(PackFactory(plans=[plan]), by=owner)
    client.force_login(owner)
    for name in ("pack_edit", "pack_narratives"):
        assert client.get(reverse(f"scrutiny:{name}", args=[pack.pk])).status_code == 403
    assert client.get(reverse("scrutiny:pack_preview", args=[pack.pk])).status_code == 302


# --- councillors ----------------------------------------------------------------------------------------------


def test_a_councillor_lands_on_the_published_packs_and_sees_no_draft_or_withdrawn_one(client, owner, plan):
    live = published(PackFactory(plans=[plan], title="Live pack"), by=owner)
    PackFactory(plans=[plan], title="Draft pack")
    gone = published(PackFactory(plans=[plan], title="Gone pack"), by=owner)
    services.pack_withdraw(pack=gone, by=owner, reason="Wrong")
    client.force_login(UserFactory(roles=[Role.SCRUTINY_MEMBER]))
    start = client.get("/")
    assert start.status_code == 302 and start["Location"] == reverse("scrutiny:pack_list")
    html = client.get(start["Location"]).content.decode()
    assert "Live pack" in html and "Draft pack" not in html and "Gone pack" not in html
    assert reverse("scrutiny:pack_detail", args=[live.pk]) in html
    assert "Build a new pack" not in html


def test_a_councillor_following_an_old_link_to_a_withdrawn_pack_reads_that_it_was_withdrawn(client, owner, plan):
    pack = published(PackFactory(plans=[plan], title="Gone pack"), by=owner)
    services.pack_withdraw(pack=pack, by=owner, reason="The dates were wrong")
    client.force_login(UserFactory(roles=[Role.SCRUTINY_MEMBER]))
    html = client.get(reverse("scrutiny:pack_detail", args=[pack.pk])).content.decode()
    assert "This report has been withdrawn" in html and "Anonymous recruitment" not in html
    assert "The dates were wrong" not in html
    assert client.get(reverse("scrutiny:pack_export", args=[pack.pk, "pdf"])).status_code == 403


def test_the_owner_still_reads_a_withdrawn_pack_as_its_record(client, owner, plan):
    pack = published(PackFactory(plans=[plan]), by=owner)
    services.pack_withdraw(pack=pack, by=owner, reason="The dates were wrong")
    client.force_login(owner)
    html = client.get(reverse("scrutiny:pack_detail", args=[pack.pk])).content.decode()
    assert "The dates were wrong" in html and "Anonymous recruitment" in html


def test_a_councillor_asks_a_question_a_lead_answers_it(client, owner, plan):
    pack = published(PackFactory(plans=[plan]), by=owner)
    lead = plan.actions.get().leads.get()
    give_roles(lead.user, Role.ACTION_LEAD)
    action = plan.actions.get()
    councillor = UserFactory(roles=[Role.SCRUTINY_MEMBER])
    client.force_login(councillor)
    url = reverse("scrutiny:pack_ask", args=[pack.pk, plan.pk])
    form = client.get(url)
    assert "LV (lead)" in form.content.decode() and str(owner) not in form.content.decode()
    response = client.post(
        url,
        {
            "kind": "question",
            "about": f"action:{action.pk}",
            "text": "Is this ongoing?",
            "asked_on": day(pack.meeting_date),
            "respond_by": day(pack.meeting_date + timedelta(days=21)),
            "respondent": str(lead.user_id),
        },
    )
    question = CommitteeQuestion.objects.get()
    assert response["Location"] == reverse("scrutiny:question_detail", args=[question.pk])
    assert (question.action, question.respondent, question.raised_by, question.pack) == (
        action,
        lead.user,
        councillor,
        pack,
    )
    client.force_login(lead.user)
    response = client.post(reverse("scrutiny:question_respond", args=[question.pk]), {"response": "Yes, quarterly."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == CommitteeQuestion.State.ANSWERED and question.responded_by == lead.user


def test_a_question_about_a_goal_no_longer_in_the_plan_is_refused_with_a_message(client, owner, plan):
    pack = published(PackFactory(plans=[plan]), by=owner)
    goal = plan.goals.get()
    about = f"goal:{goal.pk}"
    client.force_login(UserFactory(roles=[Role.SCRUTINY_MEMBER]))
    url = reverse("scrutiny:pack_ask", args=[pack.pk, plan.pk])
    goal.delete()
    response = client.post(
        url, {"kind": "question", "about": about, "text": "Why?", "asked_on": "1/1/2026", "respond_by": "2/1/2026"}
    )
    assert response.status_code == 400, response.context["form"].errors
    assert "no longer in the plan" in response.content.decode(), response.context["form"].errors


def test_an_empty_response_is_refused_with_a_message(client, owner, plan):
    question = QuestionFactory(plan=plan)
    client.force_login(owner)
    response = client.post(reverse("scrutiny:question_respond", args=[question.pk]), {"response": " "})
    assert response.status_code == 400 and "Enter the response." in response.content.decode()


def test_the_question_list_shows_each_person_what_concerns_them(client, owner, plan):
    mine = QuestionFactory(plan=plan, text="About my plan")
    QuestionFactory(text="About another plan")
    client.force_login(owner)
    html = client.get(reverse("scrutiny:question_list")).content.decode()
    assert "About my plan" in html and "About another plan" not in html
    assert reverse("scrutiny:question_detail", args=[mine.pk]) in html


# --- public pages ----------------------------------------------------------------------------------------------


def test_making_a_pack_public_needs_the_box_ticked(client, owner, plan):
    pack = published(PackFactory(plans=[plan]), by=owner)
    client.force_login(owner)
    page = client.get(reverse("scrutiny:pack_make_public", args=[pack.pk])).content.decode()
    assert "Anyone with the address will be able to read it" in page
    response = client.post(reverse("scrutiny:pack_make_public", args=[pack.pk]), {})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert Pack.objects.get(pk=pack.pk).public_token is None


def test_a_public_pack_is_read_without_signing_in_and_not_kept_by_search_engines(client, owner, plan):
    pack = services.pack_make_public(pack=published(PackFactory(plans=[plan]), by=owner), by=owner, confirmed=True)
    response = client.get(reverse("public:pack", args=[pack.public_token]))
    assert response.status_code == 200 and "Anonymous recruitment" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert response["Cache-Control"] == "no-cache"


def test_a_withdrawn_public_pack_says_so_and_shows_nothing_else(client, owner, plan):
    pack = services.pack_make_public(pack=published(PackFactory(plans=[plan]), by=owner), by=owner, confirmed=True)
    services.pack_withdraw(pack=pack, by=owner, reason="Wrong figures")
    response = client.get(reverse("public:pack", args=[pack.public_token]))
    html = response.content.decode()
    assert response.status_code == 410 and "This report has been withdrawn" in html
    assert "Anonymous recruitment" not in html and "Wrong figures" not in html
    assert client.get(reverse("public:pack_export", args=[pack.public_token, "pdf"])).status_code == 404


def test_an_address_that_is_not_a_public_pack_is_not_found(client, owner, plan):
    published(PackFactory(plans=[plan]), by=owner)
    assert client.get(reverse("public:pack", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("public:pack", args=["x" * 200])).status_code == 404


# --- queries bounded whatever the data size --------------------------------------------------------------------


def grow(owner, size: int):
    """A plan of `size` goals of 3 actions each (with sub-actions, leads, updates), measures and questions."""
    plan = PlanFactory(owners=[owner])
    for g in range(size):
        goal = GoalFactory(plan=plan, number=str(g + 1))
        top = ActionFactory(goal=goal, code=f"{g + 1}.1", leads=[LeadFactory()])
        for code in "AB":
            leaf = ActionFactory(goal=goal, parent=top, code=code, leads=[LeadFactory()])
            ProgressUpdateFactory(action=leaf)
        MeasureValueFactory(measure__goal=goal)
        QuestionFactory(plan=plan, goal=goal)
    return plan


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["preview", "published", "public", "list", "questions"])
def test_pages_run_the_same_number_of_queries_with_ten_times_the_data(client, owner, page):
    give_roles(owner, Role.SENIOR_LEADERSHIP)  # so every packable panel is theirs to choose, preview and publish
    client.force_login(owner)
    counts = []
    for size in (1, 10):
        plan = grow(owner, size)
        pack = PackFactory(plans=[plan], panels=[p.key for p in panels.packable()])
        services.pack_save_narratives(
            pack=pack, by=owner, changes={selectors.narrative_field(g.pk): "Text" for g in plan.goals.all()}
        )
        if page in ("published", "public", "list"):
            pack = published(pack, by=owner)
        if page == "public":
            pack = services.pack_make_public(pack=pack, by=owner, confirmed=True)
        url = {
            "preview": reverse("scrutiny:pack_preview", args=[pack.pk]),
            "published": reverse("scrutiny:pack_detail", args=[pack.pk]),
            "public": reverse("public:pack", args=[pack.public_token or "x"]),
            "list": reverse("scrutiny:pack_list"),
            "questions": reverse("scrutiny:question_list"),
        }[page]
        counts.append(count(client, url))
    assert counts[1] <= counts[0], counts


def test_commentary_for_a_goal_taken_out_of_the_pack_meanwhile_is_shown_back_not_dropped(client, owner, plan):
    other = PlanFactory(owners=[owner])
    gone = GoalFactory(plan=other)
    pack = PackFactory(plans=[plan, other])
    client.force_login(owner)
    url = reverse("scrutiny:pack_narratives", args=[pack.pk])
    form = client.get(url).context["form"]
    services.pack_update(pack=pack, by=owner, changes={"plans": [plan]})
    response = client.post(
        url,
        {
            "version": form.initial["version"],
            "base": form.initial["base"],
            selectors.narrative_field(gone.pk): "Words I must not lose",
            "then": "stay",
        },
    )
    assert response.status_code == 409 and "Words I must not lose" in response.content.decode()
