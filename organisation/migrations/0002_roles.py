"""Creates the nine roles as groups. What each role may do is decided in code (each app's access.py)."""
from django.db import migrations

ROLES = [
    "Administrator",
    "Senior leadership",
    "Plan owner",
    "Action lead",
    "Staff",
    "Incident handler",
    "Auditor",
    "Workforce analyst",
    "Scrutiny member",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
