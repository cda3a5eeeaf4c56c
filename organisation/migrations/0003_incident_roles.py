"""Two roles the incident log needs: safeguarding leads (see every incident) and the data protection officer
(reads the access log of incident details)."""

from django.db import migrations

ROLES = ["Safeguarding lead", "Data protection officer"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_roles")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
