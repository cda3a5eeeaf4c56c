"""Administration of the workforce reference data: aggregations and labels administrators add to, grades and their
seniority, benchmarks; and a read-only way in to what was loaded. Day-to-day loading happens on the analyst's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Aggregation,
    AggregationBucket,
    Benchmark,
    DataLoad,
    EthnicCategory,
    EthnicGroup,
    EthnicityLabel,
    Grade,
    RoleFamily,
    WorkforceImport,
)


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "position")


@admin.register(EthnicCategory)
class EthnicCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "kind", "code")
    list_filter = ("group", "kind")
    list_select_related = ("group",)


class BucketInline(admin.StackedInline):
    model = AggregationBucket
    extra = 1
    filter_horizontal = ("categories",)


@admin.register(Aggregation)
class AggregationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key", "position")
    prepopulated_fields = {"key": ("name",)}
    inlines = [BucketInline]


@admin.register(EthnicityLabel)
class EthnicityLabelAdmin(SimpleHistoryAdmin):
    list_display = ("label", "category", "group", "bucket", "note")
    search_fields = ("label", "normalised", "note")
    list_select_related = ("category", "category__group", "group", "bucket", "bucket__aggregation")
    fields = ("label", "category", "group", "bucket", "note")


@admin.register(Grade)
class GradeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "seniority", "senior")
    list_editable = ("senior",)


@admin.register(RoleFamily)
class RoleFamilyAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ("population", "area", "date", "measure", "is_default", "loaded_at")
    readonly_fields = ("measure", "source_name", "loaded_by", "loaded_at")


@admin.register(DataLoad)
class DataLoadAdmin(SimpleHistoryAdmin):
    """What was loaded, by whom and when; the counts themselves change only by loading a file."""

    list_display = ("kind", "period", "unit", "rows", "people", "loaded_by", "loaded_at")
    list_filter = ("kind", "period", "unit")
    list_select_related = ("unit", "loaded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkforceImport)
class WorkforceImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "uploaded_by", "state", "created_at")
    exclude = ("data", "checked", "outcome")
    readonly_fields = ("filename", "kind", "uploaded_by", "state", "large")

    def has_add_permission(self, request):
        return False
