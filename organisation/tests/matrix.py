"""Who may use the start page, accounts pages and the health check, for the role x URL matrix in tests/."""

from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

EVERYONE = set(Role)

ROWS = [
    # Leadership land on the dashboard (a redirect); everyone else gets the start page.
    Row("home", lambda o: reverse("home"), get=EVERYONE, ok_get=(200, 302)),
    Row("healthz", lambda o: reverse("healthz"), get=EVERYONE, anonymous="open"),
    # Signed-in people are sent on from the sign-in page.
    Row("login", lambda o: reverse("login"), get=EVERYONE, post=EVERYONE, anonymous="open", ok_get=(200, 302)),
    Row("login_redirect", lambda o: reverse("login_redirect"), get=EVERYONE, anonymous="open", ok_get=(301, 302)),
    Row("logout", lambda o: reverse("logout"), post=EVERYONE),
    Row("signed_out", lambda o: reverse("signed_out"), get=EVERYONE, anonymous="open"),
    Row("password_reset", lambda o: reverse("password_reset"), get=EVERYONE, post=EVERYONE, anonymous="open"),
    Row("password_reset_done", lambda o: reverse("password_reset_done"), get=EVERYONE, anonymous="open"),
    Row(
        "password_reset_confirm",
        lambda o: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        get=EVERYONE,
        post=EVERYONE,
        anonymous="open",
    ),
    Row("password_reset_complete", lambda o: reverse("password_reset_complete"), get=EVERYONE, anonymous="open"),
]
