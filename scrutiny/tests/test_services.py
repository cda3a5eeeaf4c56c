"""Rules of packs and of the committee's questions: who may do what, in which state, and what is recorded."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from organisation.tests.factories import UserFactory
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory
from scrutiny import selectors, services
from scrutiny.models import CommitteeQuestion, Pack
from shared.models import Job
from shared.roles import Role
from shared.stale import StaleEdit, normalise

from .factories import AnsweredQuestionFactory, PackFactory, QuestionFactory, published

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def owner():
    return UserFactory(roles=[Role.PLAN_OWNER])


@pytest.fixture
def plan(owner):
    plan = PlanFactory(owners=[owner])
    GoalFactory(plan=plan, number="1")
    GoalFactory(plan=plan, number="2")
    return plan


def create(owner, plan, **extra):
    values = {
        "title": "Update",
        "plans": [plan],
        "meeting_date": TODAY + timedelta(days=14),
        "as_at": TODAY,
        "changes_since": TODAY - timedelta(days=30),
        **extra,
    }
    return services.pack_create(by=owner, **values)


# --- building a draft ------------------------------------------------------------------------------------------


@freeze_time(TODAY)
def test_a_plan_owner_can_only_put_their_own_plans_in_a_pack(owner, plan):
    with pytest.raises(ValidationError) as refused:
        create(owner, plan, plans=[plan, PlanFactory(title="Someone else's plan")])
    assert "Someone else's plan" in str(refused.value)


@freeze_time(TODAY)
def test_an_administrator_can_put_any_plan_in_a_pack(plan):
    pack = create(UserFactory(roles=[Role.ADMINISTRATOR]), plan, plans=[plan, PlanFactory()])
    assert pack.plans.count() == 2


@freeze_time(TODAY)
def test_a_pack_cannot_show_the_plans_as_at_a_day_in_the_future(owner, plan):
    with pytest.raises(ValidationError) as refused:
        create(owner, plan, as_at=TODAY + timedelta(days=1))
    assert "as_at" in refused.value.error_dict


@freeze_time(TODAY)
def test_changes_must_start_before_the_as_at_day(owner, plan):
    with pytest.raises(ValidationError) as refused:
        create(owner, plan, changes_since=TODAY)
    assert "changes_since" in refused.value.error_dict


@freeze_time(TODAY)
def test_changes_are_listed_by_default_since_the_last_published_pack_on_the_same_plans(owner, plan):
    earlier = create(owner, plan, as_at=TODAY - timedelta(days=40), changes_since=TODAY - timedelta(days=90))
    published(earlier, by=owner)
    create(owner, plan, as_at=TODAY - timedelta(days=20), changes_since=TODAY - timedelta(days=60))  # a draft: ignored
    pack = create(owner, plan, changes_since=None)
    assert pack.changes_since == TODAY - timedelta(days=40)


@freeze_time(TODAY)
def test_without_an_earlier_pack_changes_are_listed_for_the_90_days_before(owner, plan):
    assert create(owner, plan, changes_since=None).changes_since == TODAY - timedelta(days=90)


@freeze_time(TODAY)
def test_only_panels_that_may_go_in_a_pack_can_be_chosen(owner, plan):
    with pytest.raises(ValidationError) as refused:
        create(owner, plan, panels=["plans.overdue"])  # a list of actions with leads: not packable
    assert "panels" in refused.value.error_dict


@freeze_time(TODAY)
def test_a_plan_owner_is_neither_offered_nor_allowed_a_panel_they_cannot_see_on_their_own_dashboard(owner, plan):
    from scrutiny.forms import PackCreateForm

    offered = dict(PackCreateForm(user=owner).fields["panels"].choices)
    assert "plans.rag_summary" in offered and "incidents.overview" not in offered
    with pytest.raises(ValidationError) as refused:
        create(owner, plan, panels=["plans.rag_summary", "incidents.overview"])
    assert "Racism incidents" in str(refused.value.error_dict["panels"])
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assert "incidents.overview" in dict(PackCreateForm(user=admin).fields["panels"].choices)
    assert create(admin, plan, panels=["incidents.overview"]).panels == ["incidents.overview"]


@freeze_time(TODAY)
def test_a_panel_an_administrator_chose_stays_when_an_owner_edits_but_only_someone_who_sees_it_can_publish(owner, plan):
    from scrutiny.forms import PackEditForm

    pack = create(UserFactory(roles=[Role.ADMINISTRATOR]), plan, panels=["incidents.overview"])
    assert "incidents.overview" in dict(PackEditForm(user=owner, pack=pack).fields["panels"].choices)
    services.pack_update(pack=pack, by=owner, changes={"title": "Still with incidents"})
    with pytest.raises(ValidationError) as refused:
        services.pack_publish(pack=pack, by=owner)
    assert "Racism incidents" in str(refused.value)
    assert Pack.objects.get(pk=pack.pk).state == Pack.State.DRAFT
    services.pack_publish(pack=pack, by=UserFactory(roles=[Role.ADMINISTRATOR]))


@freeze_time(TODAY)
def test_two_owners_changing_different_details_of_a_draft_keep_both_changes(owner, plan):
    pack = create(owner, plan)
    base = {name: normalise(value) for name, value in selectors.pack_values(pack).items()}
    other = UserFactory(roles=[Role.PLAN_OWNER])
    plan.owners.add(other)
    services.pack_update(pack=pack, by=other, changes={"title": "Theirs"}, expected_version=pack.version, base=base)
    services.pack_update(
        pack=pack,
        by=owner,
        changes={"meeting_date": TODAY + timedelta(days=20)},
        expected_version=pack.version,
        base=base,
    )
    pack.refresh_from_db()
    assert (pack.title, pack.meeting_date) == ("Theirs", TODAY + timedelta(days=20))


@freeze_time(TODAY)
def test_two_owners_writing_about_different_goals_keep_both_texts(owner, plan):
    pack = create(owner, plan)
    first, second = (selectors.narrative_field(g.pk) for g in selectors.pack_goals(pack))
    base = {first: "", second: ""}
    version = pack.version
    services.pack_save_narratives(pack=pack, by=owner, changes={first: "Ours"}, expected_version=version, base=base)
    services.pack_save_narratives(pack=pack, by=owner, changes={second: "Theirs"}, expected_version=version, base=base)
    assert selectors.narrative_values(pack) == {first: "Ours", second: "Theirs"}


@freeze_time(TODAY)
def test_two_owners_writing_about_the_same_goal_are_told_and_nothing_is_overwritten(owner, plan):
    pack = create(owner, plan)
    first = selectors.narrative_field(selectors.pack_goals(pack)[0].pk)
    version = pack.version
    services.pack_save_narratives(
        pack=pack, by=owner, changes={first: "Ours"}, expected_version=version, base={first: ""}
    )
    with pytest.raises(StaleEdit) as stale:
        services.pack_save_narratives(
            pack=pack, by=owner, changes={first: "Theirs"}, expected_version=version, base={first: ""}
        )
    assert (stale.value.conflicts[0].theirs, stale.value.conflicts[0].yours) == ("Ours", "Theirs")
    assert selectors.narrative_values(pack)[first] == "Ours"


@freeze_time(TODAY)
def test_commentary_is_kept_in_the_history_with_who_wrote_it(owner, plan):
    pack = create(owner, plan)
    name = selectors.narrative_field(selectors.pack_goals(pack)[0].pk)
    services.pack_save_narratives(pack=pack, by=owner, changes={name: "First"})
    services.pack_save_narratives(pack=pack, by=owner, changes={name: "Second"})
    narrative = pack.narratives.get()
    assert [h.text for h in narrative.history.order_by("history_date")] == ["First", "Second"]
    assert {h.history_user for h in narrative.history.all()} == {owner}


# --- publishing, public, withdrawn -----------------------------------------------------------------------------


@freeze_time(TODAY)
def test_publishing_freezes_the_content_and_records_who_and_when(owner, plan):
    pack = services.pack_publish(pack=create(owner, plan), by=owner)
    pack.refresh_from_db()
    assert pack.state == Pack.State.PUBLISHED
    assert (pack.published_by, pack.published_at.date()) == (owner, TODAY)
    assert [s["id"] for s in pack.frozen["sections"]][:2] == ["about", f"plan-{plan.pk}"]
    assert pack.history.first().history_change_reason == "Published to the scrutiny committee"


@freeze_time(TODAY)
def test_a_pack_is_published_once(owner, plan):
    pack = services.pack_publish(pack=create(owner, plan), by=owner)
    with pytest.raises(ValidationError, match="published: it cannot be published"):
        services.pack_publish(pack=pack, by=owner)


@freeze_time(TODAY)
def test_only_the_owners_of_every_plan_in_a_pack_may_publish_it(owner, plan):
    pack = create(UserFactory(roles=[Role.ADMINISTRATOR]), plan, plans=[plan, PlanFactory()])
    with pytest.raises(ValidationError, match="Only the owners"):
        services.pack_publish(pack=pack, by=owner)


@freeze_time(TODAY)
def test_publishing_what_was_previewed_is_refused_if_the_draft_changed_since(owner, plan):
    pack = create(owner, plan)
    previewed = pack.version
    services.pack_update(pack=pack, by=owner, changes={"title": "Changed"})
    with pytest.raises(ValidationError, match="Preview it again"):
        services.pack_publish(pack=pack, by=owner, expected_version=previewed)
    assert Pack.objects.get(pk=pack.pk).state == Pack.State.DRAFT


@freeze_time(TODAY)
def test_a_published_pack_cannot_be_edited(owner, plan):
    pack = services.pack_publish(pack=create(owner, plan), by=owner)
    with pytest.raises(ValidationError):
        services.pack_update(pack=pack, by=owner, changes={"title": "Changed"})


@freeze_time(TODAY)
def test_making_a_pack_public_needs_the_explicit_confirmation(owner, plan):
    pack = services.pack_publish(pack=create(owner, plan), by=owner)
    with pytest.raises(ValidationError) as refused:
        services.pack_make_public(pack=pack, by=owner, confirmed=False)
    assert "confirm" in refused.value.error_dict
    assert Pack.objects.get(pk=pack.pk).public_token is None


@freeze_time(TODAY)
def test_a_public_pack_has_an_address_nobody_can_guess(owner, plan):
    first = services.pack_make_public(pack=published(create(owner, plan), by=owner), by=owner, confirmed=True)
    second = services.pack_make_public(pack=published(create(owner, plan), by=owner), by=owner, confirmed=True)
    assert len(first.public_token) >= 40 and first.public_token != second.public_token
    assert (first.made_public_by, first.made_public_at.date()) == (owner, TODAY)


@freeze_time(TODAY)
def test_a_draft_cannot_be_made_public(owner, plan):
    with pytest.raises(ValidationError, match="Only a published pack"):
        services.pack_make_public(pack=create(owner, plan), by=owner, confirmed=True)


@freeze_time(TODAY)
def test_making_a_pack_public_prepares_its_files_once_saved(owner, plan, django_capture_on_commit_callbacks):
    pack = published(create(owner, plan), by=owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.pack_make_public(pack=pack, by=owner, confirmed=True)
    assert Job.objects.filter(kind="scrutiny.export").count() == 0  # nothing queued before the commit
    assert len(callbacks) == 1


@freeze_time(TODAY)
def test_withdrawing_keeps_the_record_and_says_why(owner, plan):
    pack = published(create(owner, plan), by=owner)
    frozen = Pack.objects.get(pk=pack.pk).frozen
    pack = services.pack_withdraw(pack=pack, by=owner, reason="The dates were wrong.")
    pack.refresh_from_db()
    assert pack.state == Pack.State.WITHDRAWN and pack.frozen == frozen
    assert (pack.withdrawn_by, pack.withdrawn_reason) == (owner, "The dates were wrong.")


@freeze_time(TODAY)
def test_withdrawing_needs_a_reason(owner, plan):
    with pytest.raises(ValidationError):
        services.pack_withdraw(pack=published(create(owner, plan), by=owner), by=owner, reason=" ")


@freeze_time(TODAY)
def test_a_draft_cannot_be_withdrawn(owner, plan):
    with pytest.raises(ValidationError, match="draft: it cannot be withdrawn"):
        services.pack_withdraw(pack=create(owner, plan), by=owner, reason="No")


# --- the committee's questions -----------------------------------------------------------------------------


def raise_question(plan, by, **extra):
    values = {
        "plan": plan,
        "kind": CommitteeQuestion.Kind.QUESTION,
        "text": "Is this ongoing work?",
        "asked_on": TODAY,
        "respond_by": TODAY + timedelta(days=14),
        **extra,
    }
    return services.question_raise(by=by, **values)


@freeze_time(TODAY)
def test_a_question_about_an_action_names_its_goal_and_who_must_respond(plan):
    from organisation.tests.factories import LeadFactory

    lead = LeadFactory(name="LV")
    action = ActionFactory(goal=plan.goals.first(), leads=[lead])
    question = raise_question(plan, UserFactory(roles=[Role.SCRUTINY_MEMBER]), action=action, respondent=lead.user)
    assert question.goal == action.goal and question.about == f"Action {action.reference}"
    assert (question.respondent, question.respondent_label) == (lead.user, "LV")


@freeze_time(TODAY)
def test_without_a_named_respondent_the_plans_owners_must_respond(plan):
    question = raise_question(plan, UserFactory(roles=[Role.SCRUTINY_MEMBER]))
    assert question.respondent is None and question.respondent_label == "the plan's owners"


@freeze_time(TODAY)
def test_a_question_cannot_be_about_another_plans_action(plan):
    with pytest.raises(ValidationError) as refused:
        raise_question(plan, UserFactory(), action=ActionFactory())
    assert "about" in refused.value.error_dict


@freeze_time(TODAY)
def test_a_response_cannot_be_due_before_the_question_was_asked(plan):
    with pytest.raises(ValidationError) as refused:
        raise_question(plan, UserFactory(), respond_by=TODAY - timedelta(days=1))
    assert "respond_by" in refused.value.error_dict


@freeze_time(TODAY)
def test_responding_answers_the_question_and_records_who_and_when(owner, plan):
    question = services.question_respond(question=QuestionFactory(plan=plan), by=owner, response="Yes, ongoing.")
    assert question.state == CommitteeQuestion.State.ANSWERED
    assert (question.responded_by, question.responded_at.date(), question.response) == (owner, TODAY, "Yes, ongoing.")
    assert question.history.first().history_change_reason == "Responded"
    assert question.history.first().history_user == owner


@freeze_time(TODAY)
def test_an_answered_question_cannot_be_answered_again(owner, plan):
    with pytest.raises(ValidationError, match="answered: it cannot be answered"):
        services.question_respond(question=AnsweredQuestionFactory(plan=plan), by=owner, response="Again")


@freeze_time(TODAY)
def test_only_the_person_named_or_the_plans_owners_may_respond(plan):
    with pytest.raises(ValidationError, match="Only the person asked"):
        services.question_respond(
            question=QuestionFactory(plan=plan), by=UserFactory(roles=[Role.ACTION_LEAD]), response="Me"
        )


@freeze_time(TODAY)
def test_a_withdrawn_question_cannot_be_answered(owner, plan):
    question = services.question_withdraw(question=QuestionFactory(plan=plan), by=owner, reason="Asked twice")
    assert question.state == CommitteeQuestion.State.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn: it cannot be answered"):
        services.question_respond(question=question, by=owner, response="Late")


def test_an_answered_question_must_carry_its_response(plan):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(plan=plan, state=CommitteeQuestion.State.ANSWERED, response="")


def test_the_default_as_at_day_is_never_in_the_future():
    assert PackFactory.as_at.function() <= timezone.localdate()
