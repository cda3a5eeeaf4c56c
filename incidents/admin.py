"""Administration of the incident log's reference data only: kinds of racism, partner agencies, and each kind's
deadlines and retention. Incidents, messages, grants and the access log are deliberately not here: administrators
read an incident only under a data protection officer's grant, through the logged case page."""

from django.contrib import admin

from .models import Category, KindSetting, PartnerAgency


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(KindSetting)
class KindSettingAdmin(admin.ModelAdmin):
    """Working days for each deadline and years kept after closing, per kind (incidents.deadlines)."""

    list_display = (
        "__str__",
        "acknowledge_days",
        "response_days",
        "stage1_days",
        "stage1_max_days",
        "stage2_days",
        "stage2_max_days",
        "stage3_days",
        "retention_years",
    )

    def has_add_permission(self, request):
        return False  # one row per kind, made by a migration

    def has_delete_permission(self, request, obj=None):
        return False
