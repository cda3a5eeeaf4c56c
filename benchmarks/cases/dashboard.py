"""The leadership dashboard: every app's panels on one page (only plans have scale data so far)."""

from . import Case


def cases() -> list[Case]:
    from django.urls import reverse

    return [Case("Dashboard", reverse("dashboard:index"), "slt", note="every panel the apps register")]
