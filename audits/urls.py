"""Routes for audits."""

app_name = "audits"
urlpatterns: list = []
