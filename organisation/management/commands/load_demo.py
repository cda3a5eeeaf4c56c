"""Loads the demo organisation, one user per role, and every app's demo data, into an empty database only.

Once loaded, running it again changes nothing, so what people did in the browser is kept. `--reset`
empties the database first (after asking), for a fresh start. Outside development (DEBUG off) it refuses
unless told `--outside-development`: demo accounts on a real server would be a way in.
"""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisation import demo
from organisation.models import User

DEVELOPMENT_PASSWORD = "demo-password-2026"


class Command(BaseCommand):
    help = "Load demo users (demo-admin, demo-slt, ...), the organisation and each app's demo data, once."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo user (default: a development-only one).")
        parser.add_argument("--reset", action="store_true", help="Empty the database first, then load afresh.")
        parser.add_argument("--no-input", action="store_true", help="With --reset: do not ask before emptying.")
        parser.add_argument(
            "--outside-development", action="store_true", help="Allow loading with DEBUG off (never in production)."
        )

    def handle(self, *args, password=None, reset=False, no_input=False, outside_development=False, **options):
        if not settings.DEBUG and not outside_development:
            raise CommandError(
                "DEBUG is off, so this looks like a real server: demo accounts would be a way in. "
                "If this really is a test server, add --outside-development (and give --password)."
            )
        if password is None:
            if not settings.DEBUG:
                raise CommandError("Outside development (DEBUG off) give the demo users a password: --password ...")
            password = DEVELOPMENT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("That password is too weak: " + " ".join(error.messages)) from error
        if reset:
            if not no_input and input("This deletes everything in the database. Type 'yes' to go on: ") != "yes":
                raise CommandError("Nothing was changed.")
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)  # flush empties the role groups the migrations created
            self._recreate_groups()
        if User.objects.filter(username__in=[u for u, *_ in demo.DEMO_USERS]).exists():
            self.stdout.write("Demo data is already loaded: nothing was changed, so your changes are kept.")
            self.stdout.write("To start again from the demo data: bin/run --reset")
            return
        if User.objects.exists():
            raise CommandError("This database already has accounts that are not demo ones: demo data goes into an "
                               "empty database only.")
        with transaction.atomic():
            lines = demo.load_organisation(password=password)
            for loader in demo.loaders():
                lines += loader()
        for line in lines:
            self.stdout.write(line)
        users = ", ".join(username for username, *_ in demo.DEMO_USERS)
        self.stdout.write(self.style.SUCCESS(f"Demo users: {users}"))
        self.stdout.write(self.style.WARNING(f"Demo password (development only): {password}"))

    def _recreate_groups(self):
        from django.contrib.auth.models import Group

        from shared.roles import Role

        for role in Role:
            Group.objects.get_or_create(name=role.value)
