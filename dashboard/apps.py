from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The leadership dashboard: composes the panels every app registers; imports no app's models."""

    name = "dashboard"
    verbose_name = "Leadership dashboard"

    def ready(self) -> None:
        from shared import navigation

        from .views import DASHBOARD_ROLES

        navigation.register(
            "Dashboard",
            "dashboard:index",
            DASHBOARD_ROLES,
            order=5,
            description="Where every plan stands and what is slipping.",
        )
        navigation.register_start_page("dashboard:index", {"Senior leadership"}, priority=50)
