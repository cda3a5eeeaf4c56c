"""Routes for packs made public: no sign-in, an address nobody can guess (docs/scrutiny.md)."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("packs/<str:token>/", views.PublicPackView.as_view(), name="pack"),
    path("packs/<str:token>/export.<str:fmt>", views.PublicPackExportView.as_view(), name="pack_export"),
]
