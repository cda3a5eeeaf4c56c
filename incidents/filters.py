"""Filters for the incident list and the access log: every field in the URL, so a filtered list can be shared."""

import django_filters
from django import forms
from django.db.models import Q

from organisation.models import Unit
from shared.forms import DayMonthYearField

from . import selectors
from .deadlines import Flag
from .forms import ServiceChoiceField, service_queryset
from .models import Incident, IncidentAccess, Kind, Status


class DayMonthYearFilter(django_filters.DateFilter):
    field_class = DayMonthYearField


class ServiceFilter(django_filters.ModelChoiceFilter):
    field_class = ServiceChoiceField


class IncidentFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        field_name="reference", lookup_expr="icontains", label="Reference", max_length=40
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind")
    service = ServiceFilter(queryset=Unit.objects.none(), empty_label="Any service", method="in_service")
    deadline = django_filters.ChoiceFilter(
        choices=[(Flag.OVERDUE.value, "Overdue"), (Flag.DUE_SOON.value, "Due soon")],
        empty_label="Any",
        method="by_deadline",
        label="Deadlines",
    )
    mine = django_filters.BooleanFilter(
        label="Only incidents assigned to me", method="assigned_to_me", widget=forms.CheckboxInput
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["service"].queryset = service_queryset()

    def in_service(self, queryset, name, value):
        """The service and every team under it."""
        return queryset.filter(Q(service=value) | Q(service__parent=value) | Q(service__parent__parent=value))

    def by_deadline(self, queryset, name, value):
        return selectors.flag_filter(queryset, value)

    def assigned_to_me(self, queryset, name, value):
        return queryset.filter(handler=self.user) if value else queryset


class AccessLogFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        field_name="reference", lookup_expr="icontains", label="Incident reference", max_length=40
    )
    who = django_filters.CharFilter(field_name="who", lookup_expr="icontains", label="Person", max_length=100)
    what = django_filters.ChoiceFilter(choices=IncidentAccess.What.choices, empty_label="Anything")
    since = DayMonthYearFilter(field_name="at__date", lookup_expr="gte", label="On or after")
    until = DayMonthYearFilter(field_name="at__date", lookup_expr="lte", label="On or before")

    class Meta:
        model = IncidentAccess
        fields: list[str] = []
