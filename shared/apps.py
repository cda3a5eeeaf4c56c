from django.apps import AppConfig


class SharedConfig(AppConfig):
    """Building blocks every domain app uses: access, forms, history, exports, charts, files, background jobs."""

    name = "shared"
    verbose_name = "Shared building blocks"
