"""The role x URL matrix: every URL pattern, every role and anonymous, GET and POST, checked on the server.

Each app writes its expectations in `<app>/tests/matrix.py`:

    def build(users: dict[str, User]) -> dict:      # objects the URLs name, tied to the role holders
        ...                                          # (the plan owner owns the plan, the lead leads the action)
    ROWS = [Row("plans:plan_detail", lambda o: reverse(...), get=READERS), ...]

`url_patterns()` walks the URL resolver, so a URL added without a row fails
`test_every_url_has_a_row`: the next app cannot forget its permissions. The expected role sets are
written out from the product's rules (BRIEF section 2), not read from the code, so a change that
widens access fails the matrix.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ANONYMOUS = "anonymous"
# Allowed roles for a method the view does not answer (a GET-only page's POST): they get 405.
NOT_A_METHOD: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    """What one URL allows.

    get / post: the roles that may use the method; None when the URL does not answer that method at all
    (allowed readers then get 405, everyone else still 403). anonymous: "login" (sent to sign in) or
    "open" (a public page: anonymous visitors get what `open_get` / `open_post` say).
    """

    name: str
    url: Callable[[dict], str]
    get: Iterable[str] | None = None
    post: Iterable[str] | None = None
    post_data: Callable[[dict], dict] = field(default=lambda objects: {})
    anonymous: str = "login"
    ok_get: tuple[int, ...] = (200,)  # what an allowed GET answers (a download that redirects: 302)
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.name


def url_patterns(*, skip_namespaces: Iterable[str] = ("admin",)) -> list[str]:
    """Every named URL the project serves, as "namespace:name" (admin has its own tested permission system)."""
    names: list[str] = []
    unnamed: list[str] = []

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in skip_namespaces:
                    continue
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                    pattern.namespace or namespace
                )
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    unnamed.append(prefix + str(pattern.pattern))
                else:
                    names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "", "")
    if unnamed:
        raise AssertionError(f"Every URL must have a name, so the matrix can name it: {', '.join(unnamed)}")
    return sorted(set(names))


def app_matrices() -> list[Any]:
    """Each installed project app's `tests.matrix` module, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                raise
    return modules


def all_rows() -> list[Row]:
    return [row for module in app_matrices() for row in module.ROWS]


def build_objects(users: dict[str, Any]) -> dict[str, Any]:
    """Every app's matrix objects in one dict (apps later in INSTALLED_APPS may use earlier apps' objects)."""
    objects: dict[str, Any] = {"users": users}
    for module in app_matrices():
        build = getattr(module, "build", None)
        if build is not None:
            objects.update(build(users, objects))
    return objects


def expected(row: Row, method: str, principal: str) -> str:
    """'ok', 'forbidden', 'login', 'not_allowed' (405) for this principal and method."""
    allowed = row.get if method == "GET" else row.post
    if principal == ANONYMOUS:
        if row.anonymous == "open":
            return "not_allowed" if allowed is None else "ok"
        return "login"
    readers = set(row.get or ()) | set(row.post or ())
    if allowed is None:
        return "not_allowed" if principal in readers else "forbidden"
    return "ok" if principal in set(allowed) else "forbidden"


def judge(row: Row, method: str, expectation: str, response) -> str | None:
    """None when the response is what the expectation says, otherwise why not."""
    status = response.status_code
    location = response.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    if expectation == "login":
        signs_in = status == 302 and "/accounts/sign-in/" in location
        return None if signs_in else f"expected sign-in redirect, got {status}"
    if expectation == "forbidden":
        return None if status == 403 else f"expected 403, got {status}"
    if expectation == "not_allowed":
        return None if status == 405 else f"expected 405, got {status}"
    if method == "GET":
        return None if status in row.ok_get else f"expected {row.ok_get}, got {status}"
    # An allowed POST may succeed (302) or re-show the form with errors (400, 409, 200): anything but a refusal.
    if status in (403, 404, 405) or (status == 302 and "/accounts/sign-in/" in location):
        return f"an allowed POST was refused: {status}"
    return None
