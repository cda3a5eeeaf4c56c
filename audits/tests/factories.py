"""Factories for audits: valid by default, one subclass per state worth naming.

A framework has one section and three standards unless told otherwise; a template rates them all; an audit is
a draft by an auditor with a blank line per standard. `SubmittedAuditFactory` and `ModeratedAuditFactory` give
every line a rating (Met unless `ratings=[...]` says otherwise) and go through the real services.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from audits import services
from audits.models import (
    Audit,
    AuditTemplate,
    AuditType,
    Framework,
    GlossaryTerm,
    Grade,
    ProgrammeEntry,
    Rating,
    Section,
    Standard,
    TemplateItem,
)
from organisation.tests.factories import UnitFactory, UserFactory, give_roles
from shared.roles import Role


class AuditorFactory(UserFactory):
    """A member of staff who holds the Auditor role."""

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            give_roles(self, *(extracted or [Role.AUDITOR, Role.STAFF]))


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    title = "Anti-Racist Practice Standards"
    version = factory.Sequence(lambda n: f"Version {n + 1}")
    effective_from = date(2024, 6, 1)

    @factory.post_generation
    def standards(self, create, extracted, **kwargs):
        """standards=3 (the default) adds one section with that many standards."""
        count = 3 if extracted is None else extracted
        if create and count:
            section = Section.objects.create(framework=self, number=1, title="How we talk about families")
            for number in range(1, count + 1):
                Standard.objects.create(
                    framework=self,
                    section=section,
                    number=number,
                    short_title=f"Standard {number} in short",
                    text=f"We do the thing standard {number} asks.",
                    for_all_staff=True,
                )


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Case file audit {n}")
    audit_type = AuditType.CASE_FILE
    framework = factory.SubFactory(FrameworkFactory)

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        """Rates every standard of its framework, unless items=[standard or question, ...] says otherwise."""
        if not create:
            return
        things = extracted if extracted is not None else list(self.framework.standards.order_by("number"))
        for position, thing in enumerate(things, start=1):
            if isinstance(thing, Standard):
                TemplateItem.objects.create(template=self, standard=thing, position=position)
            else:
                TemplateItem.objects.create(template=self, question=thing, position=position)


class LanguageTemplateFactory(TemplateFactory):
    name = factory.Sequence(lambda n: f"Minutes language audit {n}")
    audit_type = AuditType.MINUTES_LANGUAGE


class AuditFactory(factory.django.DjangoModelFactory):
    """A draft audit with a blank line per template item, made by the service."""

    class Meta:
        model = Audit

    template = factory.SubFactory(TemplateFactory)
    unit = factory.SubFactory(UnitFactory)
    auditor = factory.SubFactory(AuditorFactory)
    subject_reference = factory.Sequence(lambda n: f"CF-2025-{n:04d}")
    audit_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    programme_entry = None

    @classmethod
    def _create(cls, model_class, *args, auditor, template, **kwargs):
        return services.audit_start(by=auditor, template=template, **kwargs)


class SubmittedAuditFactory(AuditFactory):
    """Every line rated (Met unless `ratings` lists them), with evidence, graded, and submitted."""

    @classmethod
    def _create(cls, model_class, *args, ratings=None, grade=Grade.GOOD, **kwargs):
        audit = super()._create(model_class, *args, **kwargs)
        rate(audit, ratings or [], grade)
        return services.audit_submit(audit=audit, by=audit.auditor)


class ModeratedAuditFactory(SubmittedAuditFactory):
    """Moderated by a second auditor who agrees with everything (pass moderator=... to choose them)."""

    @classmethod
    def _create(cls, model_class, *args, moderator=None, **kwargs):
        audit = super()._create(model_class, *args, **kwargs)
        moderator = moderator or AuditorFactory()
        decisions = {r.pk: services.Decision(agrees=True) for r in audit.ratings.all()}
        return services.audit_moderate(audit=audit, by=moderator, decisions=decisions, overall_agrees=True)


def rate(audit: Audit, ratings: list[str], grade: str = Grade.GOOD) -> Audit:
    changes = {"overall_grade": grade}
    for index, line in enumerate(audit.ratings.order_by("position", "id")):
        value = ratings[index] if index < len(ratings) else Rating.MET
        rating_name, evidence_name = services.rating_key(line)
        changes[rating_name] = value
        changes[evidence_name] = "" if value == Rating.NOT_APPLICABLE else "The record shows it (case CF-1)."
    return services.audit_save(audit=audit, by=audit.auditor, changes=changes)


class ProgrammeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeEntry

    unit = factory.SubFactory(UnitFactory)
    template = factory.SubFactory(TemplateFactory)
    audits_due = 2
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    due_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    auditor = factory.SubFactory(AuditorFactory)


class OverdueProgrammeEntryFactory(ProgrammeEntryFactory):
    due_by = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    key = factory.Sequence(lambda n: f"term-{n}")
    term = "aggressive"
    forms = "aggressive\naggressively\naggression\naggressiveness"
    reason = "A behavioural label that can trigger preconceived ideas related to racism."
    alternatives = "Describe what was said and done"
    source = "Practice Standard 14"
