"""Administration of people, roles and the organisation tree."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from shared.roles import PERSONAL_DATA_ROLES

from .models import Lead, Unit, User


class UserChangeForm(BaseUserAdmin.form):
    """Refuses an administrator giving themselves a role that reads other people's personal data: without this,
    an administrator could make themselves a safeguarding lead and read every incident without the data
    protection officer's grant (docs/incidents.md)."""

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        by = getattr(self, "request_user", None)
        if groups is None or by is None or self.instance.pk != by.pk:
            return groups
        held = set(self.instance.groups.values_list("name", flat=True))
        added = sorted(({g.name for g in groups} - held) & {r.value for r in PERSONAL_DATA_ROLES})
        if added:
            raise forms.ValidationError(
                f"You cannot give yourself the {', '.join(added)} role: it reads other people's personal data, "
                "so another administrator must give it to you (and it is recorded)."
            )
        return groups


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    fieldsets = BaseUserAdmin.fieldsets + (("Organisation", {"fields": ("units",)}),)
    filter_horizontal = ("groups", "user_permissions", "units")
    list_filter = ("groups", "is_active", "units")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.groups.values_list("name", flat=True))
        given, taken = sorted(after - before), sorted(before - after)
        if given or taken:
            words = [f"Roles given: {', '.join(given)}." if given else ""]
            words += [f"Taken away: {', '.join(taken)}." if taken else ""]
            self.log_change(request, form.instance, " ".join(w for w in words if w))


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
