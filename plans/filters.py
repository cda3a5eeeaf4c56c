"""The action list's filter: every field in the URL, so a filtered list can be bookmarked and shared."""

import django_filters
from django.db.models import Q

from organisation.models import Lead, Unit
from shared.forms import DayMonthYearField

from .choices import Rag, Status
from .models import Action, Goal, Pillar, Plan, Theme


class DayMonthYearFilter(django_filters.DateFilter):
    field_class = DayMonthYearField


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Search", help_text="Words in the reference, title, detail or progress."
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
    due_after = DayMonthYearFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after", help_text="For example, 1/4/2021"
    )
    due_before = DayMonthYearFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before", help_text="For example, 31/3/2022"
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def search(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(title__icontains=word)
                | Q(detail__icontains=word)
                | Q(updates__text__icontains=word)
            )
        return queryset.distinct()
