"""Routes for scrutiny packs and the committee's questions (signed in)."""

from django.urls import path

from . import views

app_name = "scrutiny"
urlpatterns = [
    path("", views.PackListView.as_view(), name="pack_list"),
    path("new/", views.PackCreateView.as_view(), name="pack_create"),
    path("<int:pk>/", views.PackDetailView.as_view(), name="pack_detail"),
    path("<int:pk>/edit/", views.PackEditView.as_view(), name="pack_edit"),
    path("<int:pk>/commentary/", views.PackNarrativesView.as_view(), name="pack_narratives"),
    path("<int:pk>/preview/", views.PackPreviewView.as_view(), name="pack_preview"),
    path("<int:pk>/publish/", views.PackPublishView.as_view(), name="pack_publish"),
    path("<int:pk>/make-public/", views.PackMakePublicView.as_view(), name="pack_make_public"),
    path("<int:pk>/withdraw/", views.PackWithdrawView.as_view(), name="pack_withdraw"),
    path("<int:pk>/export.<str:fmt>", views.PackExportView.as_view(), name="pack_export"),
    path("<int:pk>/plans/<int:plan>/ask/", views.PackAskView.as_view(), name="pack_ask"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/<int:pk>/respond/", views.QuestionRespondView.as_view(), name="question_respond"),
    path("questions/<int:pk>/withdraw/", views.QuestionWithdrawView.as_view(), name="question_withdraw"),
]
