"""Administration of people, roles and the organisation tree."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Lead, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Organisation", {"fields": ("units",)}),)
    filter_horizontal = ("groups", "user_permissions", "units")
    list_filter = ("groups", "is_active", "units")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    list_select_related = ("parent",)


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("name", "full_name", "kind", "user", "unit")
    list_filter = ("kind",)
    search_fields = ("name", "full_name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user",)
    filter_horizontal = ("members",)
