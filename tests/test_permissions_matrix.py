"""Role x page: every page and export, for every role, checked on the server.

Later issues extend PAGES with their own pages; the expected roles come from the product's rules
(BRIEF section 2), written out here rather than read from the code, so a change to access.py that
widens access fails this test.
"""

import pytest
from django.urls import reverse

from organisation.roles import Role
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory, ReviewCommentFactory

ALL = set(Role.values)
PLAN_READERS = {Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ACTION_LEAD}
OWNERS = {Role.ADMINISTRATOR, Role.PLAN_OWNER}
LEADS = {Role.ADMINISTRATOR, Role.PLAN_OWNER, Role.ACTION_LEAD}

# (name, url builder from the objects fixture, roles that get the page)
PAGES = [
    ("start page", lambda o: reverse("home"), ALL),
    ("plan list", lambda o: reverse("plans:plan_list"), PLAN_READERS),
    ("plan page", lambda o: reverse("plans:plan_detail", args=[o["plan"].pk]), PLAN_READERS),
    ("plan settings", lambda o: reverse("plans:plan_settings", args=[o["plan"].pk]), OWNERS),
    ("goal measures", lambda o: reverse("plans:goal_detail", args=[o["goal"].pk]), PLAN_READERS),
    ("action list", lambda o: reverse("plans:action_list"), PLAN_READERS),
    ("action list filtered", lambda o: reverse("plans:action_list") + "?rag=red&status=in_progress", PLAN_READERS),
    ("my actions", lambda o: reverse("plans:my_actions"), LEADS),
    ("action page", lambda o: reverse("plans:action_detail", args=[o["action"].pk]), PLAN_READERS),
    ("action edit", lambda o: reverse("plans:action_edit", args=[o["action"].pk]), OWNERS),
    ("leads to link", lambda o: reverse("plans:placeholder_leads"), OWNERS),
    ("add a goal", lambda o: reverse("plans:goal_create", args=[o["plan"].pk]), OWNERS),
    ("edit a goal", lambda o: reverse("plans:goal_edit", args=[o["goal"].pk]), OWNERS),
    ("add an action", lambda o: reverse("plans:action_create", args=[o["goal"].pk]), OWNERS),
    (
        "add a sub-action",
        lambda o: reverse("plans:action_create", args=[o["goal"].pk]) + f"?parent={o['action'].pk}",
        OWNERS,
    ),
    ("import upload", lambda o: reverse("plans:import_upload"), OWNERS),
    ("export xlsx", lambda o: reverse("plans:plan_export", args=[o["plan"].pk, "xlsx"]), PLAN_READERS),
    ("export csv", lambda o: reverse("plans:plan_export", args=[o["plan"].pk, "csv"]), PLAN_READERS),
    ("export pdf", lambda o: reverse("plans:plan_export", args=[o["plan"].pk, "pdf"]), PLAN_READERS),
]


@pytest.fixture
def objects(db, person_with_role):
    owner = person_with_role(Role.PLAN_OWNER)
    plan = PlanFactory(owners=[owner])
    goal = GoalFactory(plan=plan)
    action = ActionFactory(goal=goal)
    ReviewCommentFactory(action=action)
    return {"plan": plan, "goal": goal, "action": action, "owner": owner}


def _user_for(role, objects, person_with_role):
    if role == Role.PLAN_OWNER:
        return objects["owner"]  # owners see their own plan's settings; other owners are tested below
    return person_with_role(role)


@pytest.mark.smoke
@pytest.mark.parametrize("name,url,allowed", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_exactly_the_pages_it_should(client, objects, person_with_role, role, name, url, allowed):
    client.force_login(_user_for(role, objects, person_with_role))
    response = client.get(url(objects))
    expected = 200 if role in allowed else 403
    assert response.status_code == expected, f"{role} on {name}: {response.status_code}"


@pytest.mark.parametrize("name,url,allowed", PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_people_are_sent_to_sign_in_from_every_page(client, objects, name, url, allowed):
    response = client.get(url(objects))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", Role.values)
def test_a_person_without_roles_but_signed_in_sees_only_the_start_page(client, objects, person_with_role, role):
    client.force_login(person_with_role())
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("plans:plan_list")).status_code == 403


def test_a_plan_owner_cannot_change_settings_of_a_plan_they_do_not_own(client, objects, person_with_role):
    client.force_login(person_with_role(Role.PLAN_OWNER))
    assert client.get(reverse("plans:plan_settings", args=[objects["plan"].pk])).status_code == 403
    assert client.get(reverse("plans:action_edit", args=[objects["action"].pk])).status_code == 403
    assert client.get(reverse("plans:goal_create", args=[objects["plan"].pk])).status_code == 403
    assert (
        client.post(reverse("plans:action_create", args=[objects["goal"].pk]), {"code": "9", "title": "x"}).status_code
        == 403
    )


def _progress(action):
    return {"progress-version": action.version, "progress-text": "Panels agreed.", "progress-status": "in_progress"}


@pytest.mark.parametrize(
    "role,leads_it,expected",
    [
        (Role.ACTION_LEAD, True, 302),
        (Role.ACTION_LEAD, False, 403),
        (Role.SENIOR_LEADERSHIP, False, 403),
        (Role.STAFF, False, 403),
        (Role.SCRUTINY_MEMBER, False, 403),
        (Role.ADMINISTRATOR, False, 302),
    ],
)
def test_only_an_actions_own_leads_its_plan_owners_and_administrators_can_post_progress(
    client, objects, person_with_role, role, leads_it, expected
):
    from organisation.tests.factories import LeadFactory

    user = person_with_role(role)
    if leads_it:
        objects["action"].leads.add(LeadFactory(user=user))
    client.force_login(user)
    response = client.post(reverse("plans:action_update", args=[objects["action"].pk]), _progress(objects["action"]))
    assert response.status_code == expected


def test_the_plans_own_owner_can_post_progress_on_any_of_its_actions(client, objects):
    client.force_login(objects["owner"])
    response = client.post(reverse("plans:action_update", args=[objects["action"].pk]), _progress(objects["action"]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "role,expected",
    [
        (Role.SENIOR_LEADERSHIP, 302),
        (Role.ADMINISTRATOR, 302),
        (Role.ACTION_LEAD, 403),
        (Role.STAFF, 403),
    ],
)
def test_reviewers_can_comment_and_others_cannot(client, objects, person_with_role, role, expected):
    client.force_login(person_with_role(role))
    response = client.post(reverse("plans:comment_create", args=[objects["action"].pk]), {"comment-text": "Why?"})
    assert response.status_code == expected


def test_a_lead_cannot_answer_a_comment_assigned_to_someone_else(client, objects, person_with_role):
    comment = objects["action"].comments.first()
    comment.assigned_to = person_with_role(Role.ACTION_LEAD)
    comment.save()
    client.force_login(person_with_role(Role.ACTION_LEAD))
    response = client.post(reverse("plans:comment_respond", args=[comment.pk]), {"response": "Done"})
    assert response.status_code == 403
    client.force_login(comment.assigned_to)
    assert client.post(reverse("plans:comment_respond", args=[comment.pk]), {"response": "Done"}).status_code == 302
