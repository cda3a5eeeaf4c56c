"""Routes for incidents."""

app_name = "incidents"
urlpatterns: list = []
