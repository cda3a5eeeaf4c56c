from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """Scrutiny packs (frozen when published, optionally public) and the committee's questions and recommendations."""

    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self) -> None:
        from organisation import demo as demo_registry
        from shared import jobs, navigation, panels
        from shared.roles import Role

        from . import access
        from .demo import load as load_demo
        from .jobs import export_pack
        from .panels import PANEL

        jobs.register("scrutiny.export", export_pack, title="Preparing the pack's file", retry=True)
        panels.register(PANEL)
        demo_registry.register(load_demo, order=30)
        navigation.register(
            "Scrutiny packs",
            "scrutiny:pack_list",
            access.READER_ROLES,
            order=90,
            description="Reports to the scrutiny committee: published packs, and drafts being prepared.",
        )
        navigation.register(
            "Committee questions",
            "scrutiny:question_list",
            {Role.SCRUTINY_MEMBER, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ACTION_LEAD, Role.ADMINISTRATOR},
            order=91,
            description="The committee's questions and recommendations, and the responses to them.",
        )
        navigation.register_start_page("scrutiny:pack_list", {Role.SCRUTINY_MEMBER}, priority=10)
