"""The action list's filter: every field in the URL, so a filtered list can be bookmarked and shared."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from organisation.models import Lead, Unit
from shared.forms import DayMonthYearField

from .choices import Rag, Status
from .models import Action, Goal, Pillar, Plan, ProgressUpdate, Theme

MAX_SEARCH_WORDS = 8
DATED_STATUSES = (Status.COMPLETE, Status.NOT_PURSUED, Status.ON_HOLD, Status.ONGOING)


def needs_a_date() -> Q:
    """An open action (not complete, not pursued, on hold or ongoing) with no due date, or whose timescale could not
    be read: the "No date" actions of docs/rag.md, and those an import flagged."""
    undated = Q(due_date__isnull=True) | Q(timescale_needs_review=True)
    return undated & Q(ongoing=False) & ~Q(status__in=DATED_STATUSES)


class DayMonthYearFilter(django_filters.DateFilter):
    field_class = DayMonthYearField


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        help_text=f"Words in the reference, title, detail or progress (up to {MAX_SEARCH_WORDS} words).",
        max_length=200,
    )
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), empty_label="All plans")
    goal = django_filters.ModelChoiceFilter(queryset=Goal.objects.select_related("plan"), empty_label="All goals")
    service_area = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(), empty_label="All service areas", label="Service area"
    )
    lead = django_filters.ModelChoiceFilter(field_name="leads", queryset=Lead.objects.all(), empty_label="Any lead")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    rag = django_filters.ChoiceFilter(choices=Rag.choices, empty_label="Any colour", label="RAG")
    theme = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.all(), empty_label="Any theme")
    pillar = django_filters.ModelChoiceFilter(
        field_name="pillars", queryset=Pillar.objects.all(), empty_label="Any pillar"
    )
    immediate_need = django_filters.BooleanFilter(
        label="Immediate need only", widget=django_filters.widgets.BooleanWidget()
    )
    needs_date = django_filters.BooleanFilter(
        label="Needs a date",
        method="filter_needs_date",
        widget=django_filters.widgets.BooleanWidget(),
        help_text="Open actions with no due date, or whose timescale could not be read: a person must date them.",
    )
    due_after = DayMonthYearFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after", help_text="For example, 1/4/2021"
    )
    due_before = DayMonthYearFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before", help_text="For example, 31/3/2022"
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def filter_needs_date(self, queryset, name, value):
        """Yes: open actions that need a date; No: the others."""
        wanted = needs_a_date()
        return queryset.filter(wanted) if value else queryset.exclude(wanted)

    def search(self, queryset, name, value):
        """Every word must appear in the action or one of its updates: one EXISTS per word, never a join, so
        the query grows with the words (at most MAX_SEARCH_WORDS), not with the updates."""
        for word in value.split()[:MAX_SEARCH_WORDS]:
            in_updates = ProgressUpdate.objects.filter(action_id=OuterRef("pk"), text__icontains=word)
            queryset = queryset.filter(
                Q(reference__icontains=word) | Q(title__icontains=word) | Q(detail__icontains=word) | Exists(in_updates)
            )
        return queryset
