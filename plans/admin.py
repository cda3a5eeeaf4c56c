"""Administration of plans: reference data (themes, pillars), measures and their values, and a way in
to every record. Day-to-day work happens in the service's own pages."""

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from shared import measures as measure_sources

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


class MeasureAdminForm(forms.ModelForm):
    """computed_from offers the sources the apps registered (shared.measures), not free text."""

    class Meta:
        model = Measure
        fields = [
            "goal",
            "title",
            "target_text",
            "target_value",
            "unit",
            "direction",
            "obtainable",
            "source",
            "frequency",
            "position",
            "computed_from",
            "computed_params",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Typed by hand (not computed)"), *measure_sources.choices()]
        current = self.instance.computed_from if self.instance else ""
        if current and current not in dict(choices):
            choices.append((current, f"{current} (no longer registered)"))
        helps = [f"{s.label}: {s.params_help}" for key, _ in choices[1:] if (s := measure_sources.get(key))]
        self.fields["computed_from"] = forms.ChoiceField(
            choices=choices,
            required=False,
            label="Computed from",
            help_text="Values come from this source every day (and after each load of its data); typed values "
            "for the same periods are replaced.",
        )
        self.fields["computed_params"].help_text = " ".join(dict.fromkeys(helps)) or "What the source should compute."

    def clean_computed_params(self):
        params = self.cleaned_data.get("computed_params") or {}
        if not isinstance(params, dict):
            raise forms.ValidationError('Write the parameters as a JSON object, for example {"unit": "CFS"}.')
        return params


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = MeasureAdminForm
    list_display = ("title", "goal", "computed_from", "obtainable", "frequency")
    list_filter = ("goal__plan",)
    list_select_related = ("goal",)
    inlines = [MeasureValueInline]
    actions = ["refresh_computed"]

    @admin.action(description="Refresh computed values now")
    def refresh_computed(self, request, queryset):
        from .services import measure_refresh

        done = 0
        for measure in queryset.exclude(computed_from=""):
            if measure_sources.get(measure.computed_from) is None:
                self.message_user(request, f"{measure}: its source is not registered.", messages.WARNING)
                continue
            result = measure_refresh(measure, by=request.user)
            done += 1
            for period in result.not_published:
                self.message_user(request, f"{measure}: {period}", messages.INFO)
        self.message_user(request, f"{done} computed measures refreshed.", messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # typed values first, then the computed ones
        measure = form.instance
        if measure.computed_from and measure_sources.get(measure.computed_from) is not None:
            from .services import measure_refresh

            measure_refresh(measure, by=request.user)


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "plan_title", "uploaded_by", "state", "created_at")
    exclude = ("data", "tables", "parsed", "parsed_key")  # the file's contents: large, and not for editing here
    readonly_fields = ("filename", "plan_title", "uploaded_by", "layout", "mapping", "readings", "state", "plan", "job")
