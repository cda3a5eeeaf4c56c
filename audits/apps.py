from django.apps import AppConfig


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
