"""Administration of the building blocks people set: the days the council is closed."""

from django.contrib import admin

from .models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    """Days beyond weekends and bank holidays that working-day deadlines skip (shared.workdays)."""

    list_display = ("day", "reason")
    date_hierarchy = "day"
    search_fields = ("reason",)
