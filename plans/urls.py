"""Routes for plans, actions, progress, comments, imports and exports."""

from django.urls import path

from . import date_views, export_views, import_views, views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/settings/", views.PlanSettingsView.as_view(), name="plan_settings"),
    path("<int:pk>/as-at/", views.PlanAsAtView.as_view(), name="plan_as_at"),
    path("<int:pk>/changes/", views.PlanChangesView.as_view(), name="plan_changes"),
    path("<int:pk>/goals/new/", views.GoalCreateView.as_view(), name="goal_create"),
    path("goals/<int:pk>/", views.GoalView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/edit/", views.GoalEditView.as_view(), name="goal_edit"),
    path("goals/<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/dates/", date_views.ActionDatesView.as_view(), name="action_dates"),
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path("actions/<int:pk>/", views.ActionView.as_view(), name="action_detail"),
    path("actions/<int:pk>/update/", views.ActionUpdateView.as_view(), name="action_update"),
    path("actions/<int:pk>/colour/", views.ActionOverrideView.as_view(), name="action_override"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path("actions/<int:pk>/comments/", views.CommentCreateView.as_view(), name="comment_create"),
    path("comments/<int:pk>/", views.CommentRespondView.as_view(), name="comment_respond"),
    path("<int:pk>/export.<str:fmt>", export_views.PlanExportView.as_view(), name="plan_export"),
    path("import/", import_views.ImportUploadView.as_view(), name="import_upload"),
    path("import/<int:pk>/", import_views.ImportPreviewView.as_view(), name="import_preview"),
    path("leads/to-link/", views.PlaceholderLeadsView.as_view(), name="placeholder_leads"),
    path("leads/<int:pk>/link/", views.LinkLeadView.as_view(), name="link_lead"),
]
