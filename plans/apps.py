from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from organisation import demo
        from shared import jobs, navigation

        from . import access
        from .demo import load as load_demo_plan
        from .services.imports import JOB, run_import_job

        demo.register(load_demo_plan, order=10)
        jobs.register(JOB, run_import_job, title="Importing your plan")

        navigation.register(
            "My actions",
            "plans:my_actions",
            access.LEAD_ROLES,
            order=10,
            description="The actions you lead, most urgent first.",
        )
        navigation.register(
            "Plans", "plans:plan_list", access.VIEW_ROLES, order=20, description="Goals and actions of each plan."
        )
        navigation.register(
            "Find actions",
            "plans:action_list",
            access.VIEW_ROLES,
            order=30,
            description="Filter actions by plan, lead, status, RAG and more.",
        )
        navigation.register(
            "Import a plan",
            "plans:import_upload",
            access.OWNER_ROLES,
            order=40,
            description="Bring in a plan from Word, Excel or CSV.",
        )
        navigation.register(
            "Leads to link",
            "plans:placeholder_leads",
            access.OWNER_ROLES,
            order=50,
            description="People named in plans who are not linked to an account yet.",
        )
