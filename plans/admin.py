"""Administration of plans: reference data (themes, pillars), measures and their values, and a way in
to every record. Day-to-day work happens in the service's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, EvidenceLink, Goal, Measure, MeasureValue, Pillar, Plan, PlanImport, Theme


@admin.register(Theme, Pillar)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "period_start", "period_end", "review_rhythm")
    filter_horizontal = ("owning_units", "owners")


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "plan")
    list_filter = ("plan",)
    list_select_related = ("plan",)


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 1


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "plan", "status", "due_date")
    list_filter = ("plan", "status", "immediate_need")
    search_fields = ("reference", "title")
    list_select_related = ("plan",)
    raw_id_fields = ("parent", "goal", "service_area", "rag_override_by")
    filter_horizontal = ("leads", "themes", "pillars", "cross_references")
    inlines = [EvidenceLinkInline]


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    extra = 1


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "goal", "obtainable", "frequency")
    list_filter = ("goal__plan",)
    list_select_related = ("goal",)
    inlines = [MeasureValueInline]


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "plan_title", "uploaded_by", "state", "created_at")
    exclude = ("data", "tables", "parsed", "parsed_key")  # the file's contents: large, and not for editing here
    readonly_fields = ("filename", "plan_title", "uploaded_by", "layout", "mapping", "readings", "state", "plan", "job")
