"""Factories for scrutiny: valid by default, one subclass per state worth naming."""

from datetime import timedelta

import factory
from django.utils import timezone

from organisation.tests.factories import UserFactory
from plans.tests.factories import PlanFactory
from scrutiny.models import CommitteeQuestion, Pack


class PackFactory(factory.django.DjangoModelFactory):
    """A draft pack for one plan, as at today, listing changes from 90 days before."""

    class Meta:
        model = Pack
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Update to scrutiny {n}")
    meeting_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    as_at = factory.LazyFunction(timezone.localdate)
    changes_since = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def plans(self, create, extracted, **kwargs):
        if create:
            self.plans.set(extracted or [PlanFactory()])


def published(pack: Pack, by=None) -> Pack:
    """The pack published through the service, as its owner would (content frozen now)."""
    from scrutiny import services
    from shared.roles import Role

    by = by or UserFactory(roles=[Role.ADMINISTRATOR])
    return services.pack_publish(pack=pack, by=by)


class QuestionFactory(factory.django.DjangoModelFactory):
    """An open question about a whole plan, due in a fortnight, for the plan's owners to answer."""

    class Meta:
        model = CommitteeQuestion

    plan = factory.SubFactory(PlanFactory)
    kind = CommitteeQuestion.Kind.QUESTION
    text = "Is this a one off or part of ongoing work?"
    asked_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    respond_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    respondent_label = "the plan's owners"
    raised_by = factory.SubFactory(UserFactory)


class OverdueQuestionFactory(QuestionFactory):
    respond_by = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))


class AnsweredQuestionFactory(QuestionFactory):
    state = CommitteeQuestion.State.ANSWERED
    response = "It is part of ongoing work, reviewed every quarter."
    responded_at = factory.LazyFunction(timezone.now)


class WithdrawnQuestionFactory(QuestionFactory):
    state = CommitteeQuestion.State.WITHDRAWN
    withdrawn_at = factory.LazyFunction(timezone.now)
    withdrawn_reason = "Answered at the meeting."
