from datetime import timedelta

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Racism incident log"

    def ready(self) -> None:
        from organisation import demo
        from shared import jobs, measures, navigation, panels, scheduling
        from shared.roles import Role

        from . import access, exports, figures, reminders
        from .demo import load as load_demo_incidents

        demo.register(load_demo_incidents, order=30)

        # Every signed-in person can report; the header carries the same link on every page.
        navigation.register(
            "Report racism",
            "incidents:report_start",
            set(Role),
            order=5,
            description="Tell us about racism you experienced or saw: named, confidential or anonymous.",
        )
        navigation.register(
            "Incidents",
            "incidents:list",
            access.LIST_ROLES,
            order=60,
            description="Racism incidents to triage and handle, most urgent first.",
        )
        navigation.register(
            "Incident reviews",
            "incidents:review_list",
            access.REVIEW_READ_ROLES,
            order=65,
            description="Leadership reviews of the incident log, partner themes and trends.",
        )
        navigation.register(
            "Incident access log",
            "incidents:access_log",
            access.ACCESS_LOG_ROLES,
            order=70,
            description="Who read or changed which incident, and administrators' grants.",
        )

        jobs.register(
            "incidents.notify", reminders.notify_handlers, title="Telling handlers about new incidents", retry=True
        )
        jobs.register("incidents.chase", reminders.chase_deadlines, title="Chasing incident deadlines", retry=True)
        jobs.register(
            "incidents.retention", reminders.apply_retention, title="Anonymising incidents past retention", retry=True
        )
        jobs.register(
            "incidents.access_log_export",
            exports.export_access_log,
            title="Preparing the access log",
            retry=True,
            keep_for=timedelta(hours=2),
        )
        scheduling.register("incidents.notify", schedule="hourly", job="incidents.notify")
        scheduling.register("incidents.chase", schedule="daily", job="incidents.chase")
        scheduling.register("incidents.retention", schedule="daily", job="incidents.retention")

        panels.register(
            panels.Panel(
                key="incidents.overview",
                title="Racism incidents",
                template="incidents/panel.html",
                build=figures.panel,
                roles=access.PANEL_ROLES,
                order=40,
                packable=True,
                description="Open, overdue and due-soon incidents and reports per quarter, small numbers hidden.",
                unfiltered_because="incident figures are for the whole council",
            )
        )
        measures.register(
            measures.MeasureSource(
                key="incidents.reports_per_quarter",
                label="Reports of racism received per quarter",
                unit="reports",
                readings=figures.reports_per_quarter,
                params_help='{"quarters": 8, "kind": "" (or disclosure, towards_staff, partner, colleagues, '
                "complaint)}",
                defaults={"quarters": 8},
            )
        )
        measures.register(
            measures.MeasureSource(
                key="incidents.share_satisfied",
                label="People satisfied with the outcome of their racism report (%)",
                unit="%",
                readings=figures.share_satisfied,
                params_help='{"quarters": 8}',
                defaults={"quarters": 8},
            )
        )
