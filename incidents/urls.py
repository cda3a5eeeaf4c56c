"""Routes for incidents: reporting (some open without signing in), handling, the access log, reviews, trends."""

from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/status/<slug:transition>/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/checklist/<slug:step>/", views.ChecklistStepView.as_view(), name="checklist_step"),
    path("<int:pk>/messages/", views.HandlerMessageView.as_view(), name="message"),
    path("deadlines/<int:pk>/extend/", views.DeadlineExtendView.as_view(), name="deadline_extend"),
    path("report/", views.ReportStartView.as_view(), name="report_start"),
    path("report/anonymous/", views.AnonymousReportView.as_view(), name="report_anonymous"),
    path("report/new/", views.ReportView.as_view(), name="report"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("check/reply/", views.CheckReplyView.as_view(), name="check_reply"),
    path("mine/", views.MyReportsView.as_view(), name="my_reports"),
    path("mine/<int:pk>/", views.MyReportView.as_view(), name="my_report"),
    path("mine/<int:pk>/reply/", views.MyReportReplyView.as_view(), name="my_report_reply"),
    path("access/", views.AccessLogView.as_view(), name="access_log"),
    path("access/export.<str:fmt>", views.AccessLogExportView.as_view(), name="access_log_export"),
    path("access/grants/", views.GrantListView.as_view(), name="grants"),
    path("access/grants/<int:pk>/revoke/", views.GrantRevokeView.as_view(), name="grant_revoke"),
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    path("reviews/new/", views.ReviewStartView.as_view(), name="review_start"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("reviews/<int:pk>/save/", views.ReviewSaveView.as_view(), name="review_save"),
    path("reviews/<int:pk>/actions/new/", views.ReviewActionCreateView.as_view(), name="review_action_create"),
    path("reviews/<int:pk>/actions/link/", views.ReviewActionLinkView.as_view(), name="review_action_link"),
    path("partners/", views.PartnerThemesView.as_view(), name="partner_themes"),
    path("trends/", views.TrendsView.as_view(), name="trends"),
]
