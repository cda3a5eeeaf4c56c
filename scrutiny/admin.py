"""Administration of scrutiny: a way in to every pack (who published it and when, its record once withdrawn) and
every committee question. Packs are built and published in the service's own pages, never here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CommitteeQuestion, Pack


@admin.register(Pack)
class PackAdmin(SimpleHistoryAdmin):
    list_display = ("title", "meeting_date", "as_at", "state", "published_by", "published_at", "made_public_at")
    list_filter = ("state",)
    search_fields = ("title",)
    readonly_fields = (
        "state",
        "version",
        "frozen",
        "created_by",
        "published_by",
        "published_at",
        "public_token",
        "made_public_by",
        "made_public_at",
        "withdrawn_by",
        "withdrawn_at",
        "withdrawn_reason",
    )
    filter_horizontal = ("plans",)

    def has_change_permission(self, request, obj=None):
        # A published pack is frozen: not even the admin site edits it.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    def has_delete_permission(self, request, obj=None):
        # A published or withdrawn pack is the record of what the committee was given: it is kept.
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)


@admin.register(CommitteeQuestion)
class CommitteeQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("text", "kind", "plan", "state", "respond_by", "respondent_label")
    list_filter = ("state", "kind", "plan")
    search_fields = ("text", "response")
    raw_id_fields = ("plan", "goal", "action", "pack", "respondent", "raised_by", "responded_by", "withdrawn_by")
    readonly_fields = ("state", "responded_by", "responded_at", "withdrawn_by", "withdrawn_at")
