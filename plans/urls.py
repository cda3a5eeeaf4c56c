"""Routes for plans, actions, progress, comments, imports and exports."""
from django.urls import path

from . import views

app_name = "plans"
urlpatterns = []
