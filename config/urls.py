"""URL routes: accounts, the start page, each domain app, admin and the health check."""

from django.contrib import admin
from django.urls import include, path

from organisation.views import HomeView, healthz

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("organisation.account_urls")),
    path("plans/", include("plans.urls")),
    path("workforce/", include("workforce.urls")),
    path("incidents/", include("incidents.urls")),
    path("audits/", include("audits.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("scrutiny/", include("scrutiny.urls")),
    path("public/", include("scrutiny.public_urls")),
    path("", include("shared.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "organisation.errors.permission_denied"
handler404 = "organisation.errors.page_not_found"
handler500 = "organisation.errors.server_error"
