"""Routes for background jobs' progress pages and downloads."""

from django.urls import path

from . import views

app_name = "shared"
urlpatterns = [
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/status.json", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<uuid:pk>/download", views.JobDownloadView.as_view(), name="job_download"),
    path("jobs/<uuid:pk>/retry", views.JobRetryView.as_view(), name="job_retry"),
    path("account/reminders/", views.RemindersView.as_view(), name="reminders"),
]
