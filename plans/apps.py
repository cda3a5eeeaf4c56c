from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from organisation import demo
        from shared import jobs, navigation, notifications, scheduling

        from . import access, dashboard, past
        from .demo import load as load_demo_plan
        from .jobs import export_plan
        from .services.imports import JOB, run_import_job, tidy_up_old_uploads

        demo.register(load_demo_plan, order=10)
        jobs.register("plans.export", export_plan, title="Preparing your download", retry=True)
        jobs.register(JOB, run_import_job, title="Importing your plan")
        jobs.register_tidy_up("plans.uploads", tidy_up_old_uploads)  # the nightly housekeeping deletes old uploads
        jobs.register("plans.record_action_days", past.record_yesterday, title="Recording colours", retry=True)
        from .colours import refresh_job

        jobs.register("plans.refresh_colours", refresh_job, title="Working out colours", retry=True)
        scheduling.register("plans.refresh_colours", schedule="often", job="plans.refresh_colours")
        scheduling.register("plans.record_action_days", schedule="daily", job="plans.record_action_days")
        dashboard.register()
        from .services import measures as computed_measures

        jobs.register(
            "plans.refresh_computed_measures",
            computed_measures.refresh_job,
            title="Updating computed measures",
            retry=True,
        )
        scheduling.register("plans.refresh_computed_measures", schedule="daily", job="plans.refresh_computed_measures")
        # After every app's demo data (workforce's included), so computed measures show values at once.
        demo.register(computed_measures.refresh_for_demo, order=90)
        from . import reminders

        jobs.register("plans.send_reminders", reminders.send_reminders, title="Sending reminders", retry=False)
        scheduling.register("plans.send_reminders", schedule="daily", job="plans.send_reminders")
        notifications.register_kind(
            reminders.LEAD_DIGEST,
            "Reminders about actions you lead",
            "At most one email a day: an action is mentioned when it falls due soon, on its first day overdue, "
            "a week later and then monthly, and when it needs an update.",
        )
        notifications.register_kind(
            reminders.OWNER_SUMMARY, "A weekly summary of the plans you own", "On the first run of each week."
        )

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
