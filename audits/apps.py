import sys

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def load_library_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, verbosity=1, stdout=None, **kwargs) -> None:
    """After `migrate` (and `flush`): a database with no standards or no glossary gets the ones shipped with the app.

    Nothing to remember on a fresh install, and no data migration tied to today's loader code. It runs only once
    every migration is applied (the loaders use today's models), and not where the AUDITS_LOAD_LIBRARY_ON_MIGRATE
    setting is False (the test settings: tests build their own standards). A failure is reported, not raised: the
    schema is migrated by then, and the pages name the command to run.
    """
    if not getattr(settings, "AUDITS_LOAD_LIBRARY_ON_MIGRATE", True) or using != DEFAULT_DB_ALIAS:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    from . import services

    out = stdout or sys.stdout
    try:
        loaded = services.library_load_if_empty()
    except (OSError, ValueError, KeyError, ValidationError) as error:
        out.write(
            f"Could not load the practice standards and glossary shipped with the app ({error}). "
            "Run manage.py load_standards and manage.py load_glossary to see why.\n"
        )
        return
    if verbosity and loaded.framework is not None:
        out.write(f"Loaded the standards shipped with the app: {loaded.framework}.\n")
    if verbosity and loaded.glossary is not None:
        out.write(f"Loaded the glossary shipped with the app. {loaded.glossary.line()}\n")


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Practice-standard audits"

    def ready(self) -> None:
        from organisation import demo
        from shared import jobs, measures, navigation, notifications, panels, scheduling, textcheck
        from shared.measures import MeasureSource
        from shared.panels import Panel

        from . import access, reminders, selectors
        from .demo import load as load_demo
        from .textcheck import NAME, glossary_findings

        demo.register(load_demo, order=40)
        post_migrate.connect(load_library_after_migrate, sender=self, dispatch_uid="audits.load_library")
        textcheck.register(glossary_findings, name=NAME)

        navigation.register(
            "Audits",
            "audits:home",
            access.AUDIT_READERS,
            order=75,
            description="Audits and the audit programme; for auditors, your drafts and audits to moderate.",
        )
        navigation.register(
            "Audit compliance",
            "audits:compliance",
            access.COMPLIANCE_ROLES,
            order=76,
            description="How practice measures up to the anti-racist practice standards, by quarter and team.",
        )
        navigation.register(
            "Practice standards",
            "audits:standards",
            access.STAFF_ROLES,
            order=80,
            description="The anti-racist practice standards, and what they expect of all staff and of leaders.",
        )
        navigation.register(
            "Check language",
            "audits:language_check",
            access.STAFF_ROLES,
            order=81,
            description="Paste what you have written to find terms the standards ask us to avoid, and why.",
        )

        jobs.register("audits.remind_programme", reminders.remind, title="Chasing the audit programme", retry=True)
        scheduling.register("audits.remind_programme", schedule="daily", job="audits.remind_programme")
        notifications.register_kind(
            reminders.KIND,
            "Reminders about your audit programme",
            "At most one email a week listing your programme lines that are overdue or due in the next two weeks.",
        )

        panels.register(
            Panel(
                key="audits.compliance",
                title="Practice-standard audits",
                template="audits/panels/compliance.html",
                build=selectors.compliance_panel,
                roles=access.COMPLIANCE_ROLES,
                order=60,
                packable=True,
                description="Audits graded Good or better, ratings Met, and the weakest standards, by quarter.",
                filters=frozenset({"service_area"}),
                unfiltered_because="audits are not linked to plans",
            )
        )
        panels.register(
            Panel(
                key="audits.programme",
                title="Audit programme",
                template="audits/panels/programme.html",
                build=selectors.programme_panel,
                roles=access.PROGRAMME_ROLES,
                order=61,
                description="This year's audits done against the programme, and overdue lines (names auditors).",
                filters=frozenset({"service_area"}),
                unfiltered_because="audits are not linked to plans",
            )
        )

        measures.register(
            MeasureSource(
                key="audits.good_or_better",
                label="Audits graded Good or better (%)",
                unit="%",
                readings=selectors.good_or_better_readings,
                params_help="Optional: unit (a unit id, with the units under it), audit_type "
                "(case_file, supervision, ...), framework (a standards version id).",
            )
        )
        measures.register(
            MeasureSource(
                key="audits.standards_met",
                label="Practice-standard ratings Met (%)",
                unit="%",
                readings=selectors.standards_met_readings,
                params_help="Optional: unit, audit_type, framework (ids as for audits.good_or_better).",
            )
        )
        measures.register(
            MeasureSource(
                key="audits.language_per_thousand",
                label="Terms to avoid per 1,000 words in meeting minutes",
                unit="per 1,000 words",
                readings=selectors.language_readings,
                params_help="Optional: unit (a unit id, with the units under it).",
            )
        )
