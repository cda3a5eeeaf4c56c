"""python manage.py load_ethnicity_reference: the taxonomy and label mapping from workforce/reference/ again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from workforce import reference


class Command(BaseCommand):
    help = (
        "Create or update the ethnicity groups, categories, built-in aggregations and labels from "
        "workforce/reference/. What an administrator added in the admin is kept."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            lines = reference.load()
        for line in lines:
            self.stdout.write(line)
