"""The categories of racism the issue names, a starting list of partner agencies, and each kind's deadlines."""

from django.db import migrations

CATEGORIES = [
    ("racist-abuse", "Racist abuse"),
    ("microaggression", "Microaggression"),
    ("discrimination", "Discrimination"),
    ("harassment", "Harassment"),
    ("exclusionary-behaviour", "Exclusionary behaviour"),
    ("institutional-practice", "Institutional practice"),
]
# Kinds of partner a council's safeguarding partnership works with; administrators rename and add their own.
PARTNERS = [
    "Police",
    "Health services (NHS)",
    "Schools and education settings",
    "Housing providers",
    "Voluntary and community organisations",
    "Another local authority",
    "Fostering and residential care providers",
    "Courts and legal services",
    "Another partner agency",
]
# kind: (acknowledge, response, retention years). Complaints use the statutory stages (model defaults).
KINDS = {
    "disclosure": (3, 20, 6),
    "towards_staff": (3, 20, 6),
    "partner": (3, 20, 3),
    "colleagues": (3, 20, 6),
    "complaint": (3, None, 6),
}


def add(apps, schema_editor):
    Category = apps.get_model("incidents", "Category")
    PartnerAgency = apps.get_model("incidents", "PartnerAgency")
    KindSetting = apps.get_model("incidents", "KindSetting")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for name in PARTNERS:
        PartnerAgency.objects.get_or_create(name=name)
    for kind, (acknowledge, response, retention) in KINDS.items():
        KindSetting.objects.update_or_create(
            kind=kind,
            defaults={"acknowledge_days": acknowledge, "response_days": response, "retention_years": retention},
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_incident_log")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
