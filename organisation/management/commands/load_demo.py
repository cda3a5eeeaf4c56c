"""Loads the demo organisation, one user per role, and every app's demo data. Safe to run again."""
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organisation import demo

DEVELOPMENT_PASSWORD = "demo-password-2026"


class Command(BaseCommand):
    help = "Load demo users (demo-admin, demo-slt, ...), the organisation and each app's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo user (default: a development-only one).")

    def handle(self, *args, password=None, **options):
        if password is None:
            if not settings.DEBUG:
                raise CommandError("Outside development (DEBUG off) give the demo users a password: --password ...")
            password = DEVELOPMENT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("That password is too weak: " + " ".join(error.messages)) from error
        lines = demo.load_organisation(password=password)
        for loader in demo.loaders():
            lines += loader()
        for line in lines:
            self.stdout.write(line)
        users = ", ".join(username for username, *_ in demo.DEMO_USERS)
        self.stdout.write(self.style.SUCCESS(f"Demo users: {users}"))
        self.stdout.write(self.style.WARNING(f"Demo password (development only): {password}"))
