"""Plan pages: bounded queries whatever the data size, forms that keep what people typed, filters in the URL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.models import Lead
from organisation.tests.factories import LeadFactory, PlaceholderLeadFactory, UnitFactory, UserFactory
from plans import selectors, services
from plans.choices import Status
from plans.models import ProgressUpdate
from shared.roles import Role

from .factories import (
    ActionFactory,
    GoalFactory,
    MeasureValueFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ReviewCommentFactory,
    StaleActionFactory,
)

pytestmark = pytest.mark.django_db


def build_plan(size: int, lead_user=None):
    """A plan with `size` headline actions, each with two children and a grandchild: every relation a page shows
    is filled (service areas, themes, pillars, several leads per action, unlinked leads, updates, comments,
    evidence links, cross-references and history of leads and themes), so a missing select_related or
    prefetch_related shows up as more queries at 10x."""
    from plans.models import EvidenceLink, Pillar, Theme

    plan = PlanFactory()
    goals = [GoalFactory(plan=plan, number=str(n + 1)) for n in range(2)]
    lead = LeadFactory(user=lead_user) if lead_user else LeadFactory()
    owner = UserFactory()
    theme, pillar = Theme.objects.get_or_create(name="Data")[0], Pillar.objects.get_or_create(name="Accountability")[0]
    previous = None
    for i in range(size):
        goal = goals[i % 2]
        area = UnitFactory()
        top = ActionFactory(
            plan=plan,
            goal=goal,
            code=f"{goal.number}.{i}",
            service_area=area,
            leads=[lead, LeadFactory(), PlaceholderLeadFactory()],
        )
        for letter in "AB":
            child = ActionFactory(
                plan=plan, goal=goal, parent=top, code=letter, leads=[lead, PlaceholderLeadFactory()], service_area=area
            )
            ActionFactory(plan=plan, goal=goal, parent=child, code="i", status=Status.NOT_STARTED, service_area=area)
        top.themes.add(theme)
        top.pillars.add(pillar)
        EvidenceLink.objects.create(action=top, title="Protocol", url="https://example.org/p")
        if previous is not None:
            top.cross_references.add(previous)
        services.action_update(action=top, by=owner, changes={"leads": [lead], "themes": [theme]})
        ProgressUpdateFactory.create_batch(2, action=top, author=owner)
        ReviewCommentFactory(action=top, author=owner)
        previous = top
    MeasureValueFactory.create_batch(3, measure__goal=goals[0])
    return plan


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["plan", "list", "filtered", "mine", "action", "goal", "leads", "plans"])
def test_pages_run_the_same_number_of_queries_with_ten_times_the_data(client, person_with_role, page):
    user = person_with_role(Role.PLAN_OWNER, Role.ACTION_LEAD)
    client.force_login(user)

    def url_for(plan):
        action = plan.actions.filter(parent=None).first()
        return {
            "plan": reverse("plans:plan_detail", args=[plan.pk]),
            "list": reverse("plans:action_list") + f"?plan={plan.pk}",
            "filtered": reverse("plans:action_list") + f"?plan={plan.pk}&rag=green&q=process&status=in_progress",
            "mine": reverse("plans:my_actions"),
            "action": reverse("plans:action_detail", args=[action.pk]),
            "goal": reverse("plans:goal_detail", args=[plan.goals.first().pk]),
            "leads": reverse("plans:placeholder_leads"),
            "plans": reverse("plans:plan_list"),
        }[page]

    def leads_to_link(plan, linked: int) -> int:
        """For Leads to link: the plan is this owner's, so its placeholder leads are listed, and `linked` of them
        were linked already, each by a different person, for the "Recently linked" list. How many are listed."""
        if page == "leads":
            plan.owners.add(user)
            placeholders = Lead.objects.filter(actions__plan=plan, kind=Lead.Kind.PERSON, user__isnull=True)
            for lead in placeholders.distinct().order_by("pk")[:linked]:
                services.lead_link_account(lead=lead, user=UserFactory(), by=UserFactory())
        return len(selectors.placeholder_leads(user))

    small = build_plan(2, lead_user=user)
    listed = leads_to_link(small, linked=2)
    small_count = count_queries(client, url_for(small))
    large = build_plan(20)
    large.actions.first().leads.add(*small.actions.first().leads.all())
    if page == "leads":
        assert 0 < listed < leads_to_link(large, linked=10)  # the page has more to show, not an empty list twice
    for action in large.actions.filter(parent=None):  # more updates, comments and history than the small one
        ProgressUpdateFactory.create_batch(5, action=action)
        ReviewCommentFactory(action=action, assigned_to=user)  # comments awaiting me, on My actions
        for n in range(10):
            action.title = f"Edited {n}"
            action.save()
    large.title = "Renamed"
    large.save()
    assert count_queries(client, url_for(large)) == small_count


def test_a_lead_posts_an_update_and_sees_it_newest_first_with_the_colour_it_left(client, person_with_role):
    user = person_with_role(Role.ACTION_LEAD)
    action = StaleActionFactory(leads=[LeadFactory(user=user)])
    client.force_login(user)
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {
            "progress-version": action.version,
            "progress-text": "Reverse mentoring launched.",
            "progress-status": "in_progress",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:action_detail", args=[action.pk])).content.decode()
    assert "Reverse mentoring launched." in page and "app-rag--green" in page


def test_an_empty_update_shows_an_error_summary_linked_to_the_field_and_keeps_the_status(client, person_with_role):
    user = person_with_role(Role.ACTION_LEAD)
    action = ActionFactory(leads=[LeadFactory(user=user)])
    client.force_login(user)
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {"progress-version": action.version, "progress-text": "", "progress-status": "on_hold"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#id_progress-text"' in page
    assert '<option value="on_hold" selected>' in page


def test_a_stale_save_is_refused_with_the_other_change_shown_and_the_text_kept(client, person_with_role):
    user = person_with_role(Role.ACTION_LEAD)
    action = ActionFactory(leads=[LeadFactory(user=user)])
    opened = action.version
    client.force_login(person_with_role(Role.ADMINISTRATOR))
    client.post(
        reverse("plans:action_update", args=[action.pk]),
        {"progress-version": opened, "progress-text": "Put on hold by DMT.", "progress-status": "on_hold"},
    )
    client.force_login(user)
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {"progress-version": opened, "progress-text": "My careful paragraph.", "progress-status": "complete"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Put on hold by DMT." in page and "My careful paragraph." in page
    assert ProgressUpdate.objects.count() == 1
    # saving again from the refreshed form now works
    action.refresh_from_db()
    again = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {"progress-version": action.version, "progress-text": "My careful paragraph.", "progress-status": "complete"},
    )
    assert again.status_code == 302


def test_the_filter_lives_in_the_url_so_a_filtered_list_can_be_shared(client, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    plan = PlanFactory()
    overdue = ActionFactory(
        plan=plan, goal__plan=plan, due_date=timezone.localdate() - timedelta(days=2), title="Overdue review"
    )
    ActionFactory(plan=plan, goal__plan=plan, title="Fine one")
    response = client.get(reverse("plans:action_list"), {"plan": plan.pk, "rag": "red"})
    page = response.content.decode()
    assert overdue.title in page and "Fine one" not in page
    assert "1 action found" in page


def test_filtering_by_due_dates_and_text_and_immediate_need(client, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    today = timezone.localdate()
    hit = ActionFactory(title="Anonymous recruitment", immediate_need=True, due_date=today + timedelta(days=10))
    ActionFactory(title="Anonymous recruitment later", immediate_need=True, due_date=today + timedelta(days=400))
    ActionFactory(title="Anonymous but not urgent", due_date=today + timedelta(days=10))
    response = client.get(
        reverse("plans:action_list"),
        {
            "q": "anonymous",
            "immediate_need": "true",
            "due_after": today.strftime("%d/%m/%Y"),
            "due_before": (today + timedelta(days=30)).strftime("%d/%m/%Y"),
        },
    )
    assert response.context["page"].paginator.count == 1
    assert response.context["page"].object_list[0].pk == hit.pk


def test_the_action_list_is_paginated(client, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    plan = PlanFactory()
    goal = GoalFactory(plan=plan)
    for n in range(55):
        ActionFactory(plan=plan, goal=goal, code=f"{n}")
    first = client.get(reverse("plans:action_list"), {"plan": plan.pk})
    second = client.get(reverse("plans:action_list"), {"plan": plan.pk, "page": 2})
    assert len(first.context["page"].object_list) == 50 and len(second.context["page"].object_list) == 5
    assert f"plan={plan.pk}&amp;page=2" in first.content.decode()


def test_a_goal_page_shows_its_measures_as_a_table_and_a_chart(client, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    value = MeasureValueFactory(value=12)
    MeasureValueFactory(measure=value.measure, value=18)
    page = client.get(reverse("plans:goal_detail", args=[value.measure.goal.pk])).content.decode()
    assert "<svg" in page and "<polyline" in page and "<table" in page and ">18<" in page


def test_a_plan_owner_sets_a_lead_from_the_edit_page(client, person_with_role):
    owner = person_with_role(Role.PLAN_OWNER)
    plan = PlanFactory(owners=[owner])
    action = ActionFactory(plan=plan, goal__plan=plan)
    lead = LeadFactory(name="JM")
    client.force_login(owner)
    form = client.get(reverse("plans:action_edit", args=[action.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [], False)}
    data.update({"version": action.version, "leads": [lead.pk], "due_date": "", "service_area": ""})
    data["leads"] = [lead.pk]
    response = client.post(reverse("plans:action_edit", args=[action.pk]), data)
    assert response.status_code == 302
    assert list(action.leads.all()) == [lead]


def test_an_owner_adds_cross_references_and_evidence_links_and_bad_lines_are_named(client, person_with_role):
    owner = person_with_role(Role.PLAN_OWNER)
    plan = PlanFactory(owners=[owner])
    goal = GoalFactory(plan=plan)
    action = ActionFactory(plan=plan, goal=goal, code="1.1")
    other = ActionFactory(plan=plan, goal=goal, code="1.2")
    client.force_login(owner)
    url = reverse("plans:action_edit", args=[action.pk])
    base = {"version": action.version, "title": action.title}
    bad = client.post(
        url, base | {"cross_references": "1.2, 9.9", "evidence_links": "Protocol | https://example.org/p\nno bar here"}
    )
    errors = bad.context["form"].errors
    assert "There is no action 9.9 in this plan." in errors["cross_references"][0]
    assert errors["evidence_links"][0].startswith("Line 2:")
    good = client.post(url, base | {"cross_references": "1.2", "evidence_links": "Protocol | https://example.org/p"})
    assert good.status_code == 302
    assert list(action.cross_references.all()) == [other]
    assert [(e.title, e.url) for e in action.evidence_links.all()] == [("Protocol", "https://example.org/p")]


def test_my_actions_lists_open_comments_assigned_to_me_with_a_link_to_each(client, person_with_role):
    lead = person_with_role(Role.ACTION_LEAD)
    mine = ReviewCommentFactory(assigned_to=lead, text="What are the specific steps?")
    ReviewCommentFactory(assigned_to=lead, text="Already dealt with", state="resolved")
    ReviewCommentFactory(text="Someone else's")
    client.force_login(lead)
    page = client.get(reverse("plans:my_actions")).content.decode()
    assert "What are the specific steps?" in page and f"#comment-{mine.pk}" in page
    assert "Already dealt with" not in page and "Someone else" not in page


def test_a_search_checks_its_words_once_and_pages_through_the_matches_in_the_lists_order(client, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    plan = PlanFactory()
    goal = GoalFactory(plan=plan)
    for n in range(60):
        action = ActionFactory(plan=plan, goal=goal, code=f"{n:02}", title=f"Mentoring scheme {n:02}")
        if n % 2:
            ProgressUpdate.objects.create(action=action, text="Reverse mentoring cohort met", status=Status.IN_PROGRESS)
    ActionFactory(plan=plan, goal=goal, code="99", title="Nothing to do with it")
    run = []

    def record(execute, sql, params, many, context):
        run.append(" ".join(str(p) for p in (params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        first = client.get(reverse("plans:action_list"), {"q": "mentoring"})
    second = client.get(reverse("plans:action_list"), {"q": "mentoring", "page": 2})
    assert first.context["page"].paginator.count == 60
    shown = [a.title for a in first.context["page"].object_list] + [a.title for a in second.context["page"].object_list]
    assert shown == [f"Mentoring scheme {n:02}" for n in range(60)]
    assert hasattr(first.context["page"].object_list[0], "rag")  # rows carry their colour, as on any page
    assert sum("mentoring" in params.lower() for params in run) == 1  # the word is checked in one query, not two
    cohort = client.get(reverse("plans:action_list"), {"q": "cohort"})
    assert cohort.context["page"].paginator.count == 30


def test_an_eight_word_search_over_an_action_with_many_updates_is_bounded(client, person_with_role):
    import time

    action = ActionFactory(title="Review recruitment panels")
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, text=f"Panel {n} held with practitioners", status=Status.IN_PROGRESS)
        for n in range(400)
    )
    client.force_login(person_with_role(Role.STAFF))
    # Eight words that all match, and a ninth beyond the limit (ignored, or nothing would match).
    words = "panel held with practitioners review recruitment panels practitioners nothing-matches-this"
    url = reverse("plans:action_list") + "?q=" + words.replace(" ", "+")
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert reverse("plans:action_detail", args=[action.pk]) in response.content.decode()
    with CaptureQueriesContext(connection) as one_word:
        client.get(reverse("plans:action_list") + "?q=panel")
    assert len(queries) == len(one_word)  # words add conditions to one query, not queries
    search = max((q["sql"] for q in queries), key=lambda sql: sql.upper().count("LIKE"))
    assert "DISTINCT" not in search.upper()
    assert search.upper().count("EXISTS") >= 8  # one per word (and the roll-up's own), never a join per word


def test_a_search_longer_than_the_limit_is_a_form_error_not_a_slow_query(client, person_with_role):
    client.force_login(person_with_role(Role.STAFF))
    response = client.get(reverse("plans:action_list") + "?q=" + "word+" * 100)
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_the_plan_page_draws_the_tree_as_properly_nested_lists(client, person_with_role):
    from html.parser import HTMLParser

    plan = PlanFactory()
    goal = GoalFactory(plan=plan)
    top = ActionFactory(plan=plan, goal=goal, code="1")
    a = ActionFactory(plan=plan, goal=goal, parent=top, code="A")
    ActionFactory(plan=plan, goal=goal, parent=a, code="i")
    ActionFactory(plan=plan, goal=goal, parent=top, code="B")
    ActionFactory(plan=plan, goal=goal, code="2")
    client.force_login(person_with_role(Role.STAFF))
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    tree = html[html.index('<ul class="app-tree">') : html.index('id="history"')]

    class Depths(HTMLParser):
        stack: list[str] = []
        depth_of: dict[str, int] = {}
        lists = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("ul", "li"):
                self.stack.append(tag)
                self.lists += tag == "ul"

        def handle_endtag(self, tag):
            if tag in ("ul", "li"):
                assert self.stack.pop() == tag, "lists and items must close in order"
                self.lists -= tag == "ul"

        def handle_data(self, data):
            if data.strip() in {"1", "1.A", "1.A.i", "1.B", "2"} and data.strip() not in self.depth_of:
                self.depth_of[data.strip()] = self.lists

    parser = Depths()
    parser.feed(tree[: tree.rindex("</ul>") + len("</ul>")])
    assert parser.depth_of == {"1": 1, "1.A": 2, "1.A.i": 3, "1.B": 2, "2": 1}
    assert parser.stack == [] and parser.lists == 0
