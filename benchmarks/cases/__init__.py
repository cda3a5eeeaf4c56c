"""What the benchmark requests: the trivial pages every run is compared with, then each app's cases.

An app adds its pages by adding a module to CASE_MODULES with `cases() -> list[Case]`, run in-process against
the benchmark database (after django.setup()) so it can look up the objects its URLs name; see
benchmarks/cases/plans.py. A dashboard, workforce or incidents page is one `Case(...)` line there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

CASE_MODULES = [
    ("plans", "benchmarks.cases.plans"),
    ("dashboard", "benchmarks.cases.dashboard"),
    ("scrutiny", "benchmarks.cases.scrutiny"),
]

PAGE, BASELINE, DOWNLOAD, FLOW = "page", "baseline", "download", "flow"


@dataclass
class Case:
    name: str
    path: str = ""  # the URL path (and query) requested
    user: str | None = None  # a key of benchmarks.dataset.NAMED ("slt", "owner", "lead"...); None: signed out
    kind: str = PAGE  # PAGE: timed against the targets; BASELINE: a trivial page the others are compared with;
    # DOWNLOAD: an export, followed to its file through a background job if it becomes one; FLOW: `flow` below
    app: str = ""
    limit_ms: float | None = None  # for a download or a flow: the time it should finish in (the targets)
    flow: Callable | None = None  # FLOW: flow(client, n) -> (ok, {step: ms}, note); n counts runs from 0
    note: str = ""  # what makes this case what it is ("750 actions", "20 updates")


def baselines() -> list[Case]:
    return [
        Case("Health check (/healthz)", "/healthz", kind=BASELINE, app="-", note="no template, one SELECT 1"),
        Case("Sign-in page (the trivial page)", "/accounts/sign-in/", kind=BASELINE, app="-",
             note="a template, the session and CSRF; targets compare with this"),
    ]  # fmt: skip


TRIVIAL = "Sign-in page (the trivial page)"


def collect(apps: list[str] | None = None) -> list[Case]:
    """Every case: the baselines, then each app's in CASE_MODULES order (only `apps` if given)."""
    found = baselines()
    for app, path in CASE_MODULES:
        if apps and app not in apps:
            continue
        for case in importlib.import_module(path).cases():
            case.app = case.app or app
            found.append(case)
    return found
