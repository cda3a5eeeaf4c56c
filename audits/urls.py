"""Routes for audits: the auditor's list, audits and moderation, the programme, compliance, the standards and the
language check."""

from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("", views.AuditsHomeView.as_view(), name="home"),
    path("all/", views.AuditListView.as_view(), name="audit_list"),
    path("new/", views.AuditStartView.as_view(), name="audit_start"),
    path("<int:pk>/", views.AuditDetailView.as_view(), name="audit_detail"),
    path("<int:pk>/edit/", views.AuditEditView.as_view(), name="audit_edit"),
    path("<int:pk>/moderate/", views.AuditModerateView.as_view(), name="audit_moderate"),
    path("<int:pk>/actions/new/", views.ActionArisingView.as_view(), name="action_arising"),
    path("<int:pk>/language-samples/new/", views.LanguageSampleView.as_view(), name="language_sample"),
    path("programme/", views.ProgrammeView.as_view(), name="programme"),
    path("programme/new/", views.ProgrammeAddView.as_view(), name="programme_add"),
    path("programme/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme_edit"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("compliance/agreement/", views.AgreementView.as_view(), name="agreement"),
    path("compliance/language/", views.LanguageTrendView.as_view(), name="language_trend"),
    path("language/check/", views.LanguageCheckView.as_view(), name="language_check"),
    path("language/glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("standards/", views.StandardsView.as_view(), name="standards"),
    path("standards/<int:pk>/", views.FrameworkView.as_view(), name="framework_detail"),
]
