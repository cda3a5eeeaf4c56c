"""Routes for the leadership dashboard and its list downloads."""

from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("<str:key>.<str:fmt>", views.PanelExportView.as_view(), name="export"),
]
