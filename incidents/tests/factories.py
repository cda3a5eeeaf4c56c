"""Factories for incidents: valid by default (a new named report), one subclass per status worth naming."""

from datetime import timedelta

import factory
from django.utils import timezone

from incidents import deadlines, keys
from incidents.checklists import steps_for
from incidents.models import (
    AccessGrant,
    Category,
    ChecklistItem,
    Deadline,
    Incident,
    Kind,
    Message,
    Mode,
    Outcome,
    PartnerAgency,
    Review,
    Satisfaction,
    Status,
)
from organisation.models import Unit
from organisation.tests.factories import UnitFactory, UserFactory
from shared.roles import Role
from shared.workdays import WorkingCalendar

ANONYMOUS_KEY = "ABCD-EFGH-JKLM-NPQR-STUV"


class ServiceFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Service {n}")
    kind = Unit.Kind.SERVICE


class PartnerAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner agency {n}")


def category(slug: str = "racist-abuse") -> Category:
    return Category.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").capitalize()})[0]


class IncidentFactory(factory.django.DjangoModelFactory):
    """A named report received today, waiting to be assigned, with its deadlines and checklist."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reference = factory.LazyFunction(keys.new_reference)
    kind = Kind.TOWARDS_STAFF
    mode = Mode.NAMED
    reporter = factory.SubFactory(UserFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    location = "Home visit"
    service = factory.SubFactory(ServiceFactory)
    affected = factory.LazyFunction(lambda: ["reporter"])
    partner_agency = factory.LazyAttribute(lambda o: PartnerAgencyFactory() if o.kind == Kind.PARTNER else None)
    what_happened = "A parent used a racist slur towards the family support worker during a home visit."
    statement = factory.LazyAttribute(lambda o: "They said I do not belong here." if o.kind == Kind.DISCLOSURE else "")
    statement_copy_given = factory.LazyAttribute(lambda o: True if o.kind == Kind.DISCLOSURE else None)
    status = Status.NEW
    received_on = factory.LazyFunction(timezone.localdate)
    stage = factory.LazyAttribute(lambda o: 1 if o.kind == Kind.COMPLAINT else None)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(extracted or [category()])

    @factory.post_generation
    def workings(self, create, extracted, **kwargs):
        """Deadlines and checklist as a report gets them (no bank holidays beyond the library's)."""
        if not create:
            return
        setting = deadlines.setting_for(self.kind)
        Deadline.objects.bulk_create(deadlines.first_deadlines(self, setting=setting, cal=WorkingCalendar()))
        ChecklistItem.objects.bulk_create(
            ChecklistItem(incident=self, step=step, position=i) for i, step in enumerate(steps_for(self.kind))
        )


class ConfidentialIncidentFactory(IncidentFactory):
    mode = Mode.CONFIDENTIAL


class AnonymousIncidentFactory(IncidentFactory):
    """An anonymous report whose key is ANONYMOUS_KEY."""

    mode = Mode.ANONYMOUS
    reporter = None
    reporter_key_hash = factory.LazyFunction(lambda: keys.hash_key(ANONYMOUS_KEY))


class AssignedIncidentFactory(IncidentFactory):
    status = Status.ASSIGNED
    handler = factory.SubFactory(UserFactory, roles=[Role.INCIDENT_HANDLER])


class AcknowledgedIncidentFactory(AssignedIncidentFactory):
    status = Status.ACKNOWLEDGED
    acknowledged_on = factory.LazyFunction(timezone.localdate)


class InvestigatingIncidentFactory(AcknowledgedIncidentFactory):
    status = Status.INVESTIGATING


class OutcomeIncidentFactory(InvestigatingIncidentFactory):
    status = Status.OUTCOME
    outcome = Outcome.UPHELD
    outcome_summary = "Findings shared with the team."
    outcome_recorded_on = factory.LazyFunction(timezone.localdate)


class ClosedIncidentFactory(OutcomeIncidentFactory):
    """Closed today with every checklist step done and the person satisfied."""

    status = Status.CLOSED
    closed_on = factory.LazyFunction(timezone.localdate)
    satisfaction = Satisfaction.SATISFIED

    @factory.post_generation
    def finished(self, create, extracted, **kwargs):
        if create:
            self.checklist.update(state=ChecklistItem.State.DONE, done_on=self.closed_on, note="Done.")
            self.deadlines.update(met_on=self.closed_on)


class OverdueIncidentFactory(AssignedIncidentFactory):
    """Assigned three weeks ago and never acknowledged: its acknowledgement deadline has passed."""

    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=21))
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=21))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    incident = factory.SubFactory(IncidentFactory)
    from_reporter = False
    author = factory.SubFactory(UserFactory)
    text = "Thank you for telling us. Could we talk this week?"


class AccessGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessGrant

    administrator = factory.SubFactory(UserFactory, roles=[Role.ADMINISTRATOR])
    incident = factory.SubFactory(IncidentFactory)
    reason = "Checking a reported fault on the case page."
    granted_by = factory.SubFactory(UserFactory, roles=[Role.DATA_PROTECTION_OFFICER])
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    period_end = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory, roles=[Role.SENIOR_LEADERSHIP])
