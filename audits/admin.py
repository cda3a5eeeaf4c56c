"""Administration of audits: the glossary (maintained here), audit templates, language milestones, and a way in
to every record. The standards' wording is read-only: audits were rated against it, so a new wording is loaded
as a new version (`manage.py load_standards`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionArising,
    Audit,
    AuditRating,
    AuditTemplate,
    Framework,
    GlossaryTerm,
    LanguageMilestone,
    LanguageSample,
    ProgrammeEntry,
    Standard,
    TemplateItem,
)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ("term", "category", "kind", "source", "active")
    list_filter = ("active", "kind", "category")
    search_fields = ("term", "forms", "reason")
    fieldsets = (
        (None, {"fields": ("key", "term", "category", "kind", "active", "position")}),
        ("What to find", {"fields": ("forms", "pattern", "exceptions")}),
        ("What to tell people", {"fields": ("reason", "alternatives", "source")}),
    )


class StandardInline(admin.TabularInline):
    model = Standard
    fields = ("number", "short_title", "for_all_staff", "for_leaders", "for_business_support", "change")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ("title", "version", "effective_from", "previous")
    readonly_fields = ("title", "version", "effective_from", "previous", "source", "notes", "loaded_at")
    inlines = [StandardInline]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("number", "short_title", "framework", "change")
    list_filter = ("framework", "change", "for_all_staff", "for_leaders", "for_business_support")
    list_select_related = ("framework",)
    readonly_fields = ("framework", "section", "number", "text", "change", "previous")
    search_fields = ("short_title", "text")


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 1
    raw_id_fields = ("standard",)


@admin.register(AuditTemplate)
class AuditTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "audit_type", "framework", "active")
    list_filter = ("audit_type", "active", "framework")
    inlines = [TemplateItemInline]


@admin.register(ProgrammeEntry)
class ProgrammeEntryAdmin(SimpleHistoryAdmin):
    list_display = ("template", "unit", "audits_due", "due_by", "auditor")
    list_filter = ("template__audit_type", "unit")
    list_select_related = ("template", "unit", "auditor")


class RatingInline(admin.TabularInline):
    model = AuditRating
    fields = ("item", "rating", "moderated_rating", "reported_rating")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    """Read here; audits are carried out and moderated in the service's own pages, where the rules are kept."""

    list_display = ("subject_reference", "template", "unit", "audit_date", "state", "reported_grade")
    list_filter = ("state", "template__audit_type", "unit")
    list_select_related = ("template", "unit")
    inlines = [RatingInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActionArising, LanguageSample)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LanguageMilestone)
class LanguageMilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "day")
