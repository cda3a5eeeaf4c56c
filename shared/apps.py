from django.apps import AppConfig


class SharedConfig(AppConfig):
    """Building blocks every domain app uses: access, forms, history, exports, charts, files, background jobs."""

    name = "shared"
    verbose_name = "Shared building blocks"

    def ready(self) -> None:
        from . import jobs, scheduling

        jobs.register("shared.housekeeping", jobs.housekeeping, title="Removing expired files", retry=True)
        scheduling.register("shared.housekeeping", schedule="daily", job="shared.housekeeping")
