from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    """Workforce ethnicity profiles: loads quarterly aggregates, analyses representation and equality, and feeds
    plan measures and the dashboard through the shared registries."""

    name = "workforce"
    verbose_name = "Workforce ethnicity profiles"

    def ready(self) -> None:
        from organisation import demo
        from shared import jobs, measures, navigation, panels

        from . import access
        from . import jobs as workforce_jobs
        from .demo import load as load_demo
        from .measures import SOURCES
        from .panels import PANEL

        demo.register(load_demo, order=20)
        jobs.register("workforce.check", workforce_jobs.check_upload, title="Checking your file", retry=True)
        jobs.register("workforce.import", workforce_jobs.load_upload, title="Loading your file", retry=True)
        for source in SOURCES:
            measures.register(source)
        panels.register(PANEL)
        navigation.register(
            "Workforce",
            "workforce:index",
            access.VIEW_ROLES,
            order=55,
            description="Is the workforce representative at every grade? Recruitment and progression by ethnicity.",
        )
        navigation.register(
            "Load workforce data",
            "workforce:upload",
            access.LOAD_ROLES,
            order=56,
            description="Quarterly HR extracts, recruitment, development, pay and benchmarks.",
        )
