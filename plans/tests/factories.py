"""Factories for plans: valid by default, one subclass per state worth naming."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from organisation.tests.factories import LeadFactory, UnitFactory  # noqa: F401  (re-exported for plan tests)
from plans.choices import Status
from plans.models import Action, Goal, Measure, MeasureValue, Plan, ProgressUpdate, ReviewComment


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Anti-racist action plan {n}")
    period_start = date(2026, 4, 1)
    period_end = date(2027, 3, 31)

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Goal {n}")
    outcome = "Staff workforce is representative of the community at all levels."


class ActionFactory(factory.django.DjangoModelFactory):
    """An in-progress action updated today and due in six months: green."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    goal = factory.SubFactory(GoalFactory)
    plan = factory.SelfAttribute("goal.plan")
    code = factory.Sequence(lambda n: f"{n + 1}")
    reference = factory.LazyAttribute(lambda a: a.code if a.parent is None else f"{a.parent.reference}.{a.code}")
    parent = None
    depth = factory.LazyAttribute(lambda a: 0 if a.parent is None else a.parent.depth + 1)
    title = factory.Sequence(lambda n: f"Review and update process {n}")
    status = Status.IN_PROGRESS
    timescale_text = "Six months"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))
    last_update_on = factory.LazyFunction(timezone.localdate)
    created_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)


class CompletedActionFactory(ActionFactory):
    status = Status.COMPLETE


class OverdueActionFactory(ActionFactory):
    due_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))


class StaleActionFactory(ActionFactory):
    """No update for longer than the default 90-day window: amber, update needed."""

    last_update_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=120))
    created_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    written_on = factory.LazyFunction(timezone.localdate)
    text = "Panels now include practitioners."
    status = Status.IN_PROGRESS


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewComment

    action = factory.SubFactory(ActionFactory)
    text = "Is this a one off or part of ongoing work?"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    title = "Workforce representative of the population"
    target_text = "Within 5% of the borough population"


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    measure = factory.SubFactory(MeasureFactory)
    period_label = factory.Sequence(lambda n: f"Q{n % 4 + 1}")
    period_start = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=92 * n))
    value = 10
