"""Forms: what a workforce page shows (all in the URL), and the upload of a file to load."""

from __future__ import annotations

from django import forms
from django.conf import settings

from .choices import EmploymentType, Kind
from .models import Benchmark, RoleFamily
from .periods import NotAPeriod, parse_period
from .selectors import DEFAULT_GROUPING, periods_with_data, units_with_data
from .taxonomy import Taxonomy

ACCEPT = ".csv,.xlsx,.tsv,.txt"


class _ViewForm(forms.Form):
    """Choices common to the workforce pages; every field optional, defaults filled in by `chosen()`."""

    kinds: tuple = (Kind.SNAPSHOT,)

    unit = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=None,
        label="Service or team",
        error_messages={"invalid_choice": "Choose a service or team from the list."},
    )
    period = forms.ChoiceField(
        label="Quarter", required=False, error_messages={"invalid_choice": "Choose a quarter from the list."}
    )
    aggregation = forms.ChoiceField(
        label="Ethnic groups", required=False, error_messages={"invalid_choice": "Choose a grouping from the list."}
    )

    def __init__(self, *args, taxonomy: Taxonomy, analyst: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy, self.analyst = taxonomy, analyst
        units = units_with_data(self.kinds)
        self.fields["unit"].queryset = self.unit_queryset(units)
        self.periods = periods_with_data(self.kinds)
        self.fields["period"].choices = [("", "The latest")] + [(q.code, q.label) for q in self.periods]
        self.fields["aggregation"].choices = [(g.key, g.name) for g in self.groupings()]
        if analyst:
            self.fields["view"] = forms.BooleanField(
                label="Show the figures as everyone else sees them (small numbers hidden)", required=False
            )

    @staticmethod
    def unit_queryset(units):
        from organisation.models import Unit

        return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")

    def groupings(self):
        return self.taxonomy.ordered_groupings()

    def clean_period(self):
        value = self.cleaned_data.get("period")
        if not value:
            return None
        try:
            return parse_period(value)
        except NotAPeriod as problem:
            raise forms.ValidationError(str(problem)) from None

    def chosen(self, default_unit) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "unit": data.get("unit") or default_unit,
            "quarter": data.get("period"),
            "aggregation": data.get("aggregation") or DEFAULT_GROUPING,
            "as_published": bool(data.get("view")),
        }


class ProfileForm(_ViewForm):
    focus = forms.ChoiceField(label="Group to follow by grade and over time", required=False)
    benchmark = forms.ModelChoiceField(
        queryset=Benchmark.objects.all(),
        required=False,
        empty_label=None,
        label="Compare with",
        error_messages={"invalid_choice": "Choose a benchmark from the list."},
    )
    margin = forms.IntegerField(
        label="Margin (percentage points)",
        required=False,
        min_value=0,
        max_value=50,
        help_text=f"A group within this many points of the benchmark counts as representative. The plan's target "
        f"is {settings.WORKFORCE_MARGIN_POINTS}.",
        error_messages={"invalid": "Enter the margin as a whole number of points, such as 5."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].choices = [("", "The grouping's own choice")] + [
            (f"{g.key}:{b.key}", f"{g.name}: {b.name}") for g in self.groupings() for b in g.buckets
        ]
        self.fields["benchmark"].queryset = Benchmark.objects.order_by("-is_default", "population", "-date")
        if self.analyst:
            self.fields["employment_type"] = forms.ChoiceField(
                label="Employment type",
                required=False,
                choices=[("", "All employment types"), *EmploymentType.choices],
                error_messages={"invalid_choice": "Choose an employment type from the list."},
            )
            self.fields["role"] = forms.ModelChoiceField(
                queryset=RoleFamily.objects.all(),
                required=False,
                empty_label="All roles",
                label="Role family",
                error_messages={"invalid_choice": "Choose a role family from the list."},
            )
            self.order_fields(["unit", "period", "aggregation", "focus", "benchmark", "margin", "employment_type"])

    def clean(self):
        data = super().clean()
        focus, aggregation = data.get("focus"), data.get("aggregation") or DEFAULT_GROUPING
        if focus and not focus.startswith(f"{aggregation}:"):
            self.add_error("focus", "Choose a group of the ethnic groups chosen above, or the grouping's own choice.")
        return data

    def chosen(self, default_unit) -> dict:
        chosen = super().chosen(default_unit)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        focus = data.get("focus") or ""
        chosen.update(
            focus=focus.partition(":")[2] or None,
            benchmark=data.get("benchmark") or self.fields["benchmark"].queryset.first(),
            margin=data.get("margin") if data.get("margin") is not None else settings.WORKFORCE_MARGIN_POINTS,
            employment_type=data.get("employment_type") or None,
            role=data.get("role"),
        )
        return chosen


class EqualityForm(_ViewForm):
    kinds = (Kind.RECRUITMENT, Kind.DEVELOPMENT, Kind.DISCIPLINARY, Kind.PAY)

    def groupings(self):
        return [g for g in self.taxonomy.ordered_groupings() if g.has_sides]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"A CSV or Excel (.xlsx) file in one of the formats described below, up to "
        f"{settings.WORKFORCE_IMPORT_MAX_BYTES // (1024 * 1024)} MB and {settings.WORKFORCE_IMPORT_MAX_ROWS:,} rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choose the file to load.", "empty": "The file you chose is empty."},
    )
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.WORKFORCE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB: the largest file you can load is "
                f"{settings.WORKFORCE_IMPORT_MAX_BYTES // (1024 * 1024)} MB. Split it by quarter or unit."
            )
        return upload
