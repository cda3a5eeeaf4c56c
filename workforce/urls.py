"""Routes for workforce profiles, recruitment and progression, downloads and loading data."""

from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.ProfileView.as_view(), name="index"),
    path("recruitment-and-progression/", views.EqualityView.as_view(), name="equality"),
    path("<str:report>.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("load/", views.UploadView.as_view(), name="upload"),
    path("load/<int:pk>/", views.PreviewView.as_view(), name="preview"),
]
