"""What tests post to the report forms."""

from django.utils import timezone

from incidents.tests.factories import ServiceFactory, category


def report_data(**overrides) -> dict:
    """A valid report form: racism towards a member of staff, on a home visit, today."""
    service = overrides.pop("service", None) or ServiceFactory()
    data = {
        "kind": "towards_staff",
        "occurred_on": timezone.localdate().strftime("%d/%m/%Y"),
        "location": "Home visit",
        "service": service.pk,
        "categories": [category().pk],
        "affected": ["reporter"],
        "affected_names": "",
        "partner_agency": "",
        "what_happened": "A parent shouted a racist slur at the family support worker and refused the visit.",
        "statement": "",
        "statement_copy_given": "",
    }
    data.update(overrides)
    return data
