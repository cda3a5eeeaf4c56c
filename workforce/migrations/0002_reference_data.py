"""The ONS 2021 ethnicity taxonomy, the built-in aggregations and the label mapping, from workforce/reference/."""

from django.db import migrations


def load_reference(apps, schema_editor):
    from workforce import reference

    reference.load(lambda name: apps.get_model("workforce", name))


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]

    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
