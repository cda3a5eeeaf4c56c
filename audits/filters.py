"""The audit list's filter: every field in the URL, so a filtered list can be bookmarked and shared."""

import django_filters

from organisation.models import Unit, User
from shared.roles import Role

from .models import Audit, AuditType


class AuditFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Audit.State.choices, empty_label="Any state", label="State")
    audit_type = django_filters.ChoiceFilter(
        field_name="template__audit_type", choices=AuditType.choices, empty_label="Any type", label="Type of audit"
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.order_by("name"), empty_label="Any team or service", label="Team or service"
    )
    auditor = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(groups__name=Role.AUDITOR).order_by("first_name", "last_name"),
        empty_label="Any auditor",
        label="Auditor",
    )

    class Meta:
        model = Audit
        fields: list[str] = []
