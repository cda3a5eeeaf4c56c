"""Tests: fast password hashing, in-memory email, plain static storage (no collectstatic needed)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Tasks run at once, inside the test, so a test sees the job's outcome without a worker.
# (A test that runs a real worker in another process sets TASKS_BACKEND to the database backend.)
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"), "QUEUES": []}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405

# Tests build their own standards and glossary; a real database gets the shipped ones after migrate (audits/apps.py).
AUDITS_LOAD_LIBRARY_ON_MIGRATE = False
