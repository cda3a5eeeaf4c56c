"""Routes for workforce."""

app_name = "workforce"
urlpatterns: list = []
