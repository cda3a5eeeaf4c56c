"""The leadership dashboard: every panel the apps register, filtered by the URL, with list downloads.

It never imports another app's models: it calls `shared.panels` and renders each panel's own template.
"""

from django import forms
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView, View

from shared import panels
from shared.access import AccessRequired
from shared.exports import download, filename_for, table_to_csv, table_to_xlsx
from shared.panels import PanelRequest
from shared.roles import Role

DASHBOARD_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})


class FilterForm(forms.Form):
    """One choice per filter the apps registered; every one optional, all of them in the URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flt in panels.filters():
            self.fields[flt.name] = forms.ChoiceField(
                label=flt.label,
                required=False,
                choices=[("", f"All {flt.label.lower()}s"), *flt.choices()],
                error_messages={"invalid_choice": f"Choose a {flt.label.lower()} from the list."},
            )

    def chosen(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


def _panel_request(view) -> tuple[FilterForm, PanelRequest]:
    form = FilterForm(view.request.GET or None)
    filters = form.chosen() if form.is_bound and form.is_valid() else {}
    sorts = {k: v for k, v in view.request.GET.items() if k.startswith("sort_") and len(v) < 40}
    request = PanelRequest(user=view.request.user, today=timezone.localdate(), filters={**filters, **sorts})
    return form, request


class DashboardView(AccessRequired, TemplateView):
    roles = DASHBOARD_ROLES
    template_name = "dashboard/index.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        form, panel_request = _panel_request(self)
        shown = []
        for panel in panels.for_user(request.user):
            data = panel.build(panel_request)
            if data is not None:
                note = panels.unfiltered_note(panel, panel_request.filters)
                shown.append({"panel": panel, "data": data, "unfiltered": note})
        query = request.GET.copy()
        for key in [k for k in query if k.startswith("sort_")]:
            query.pop(key)
        context = {"form": form, "panels": shown, "query": query.urlencode(), "today": panel_request.today}
        return self.render_to_response(context, status=400 if form.errors else 200)


class PanelExportView(AccessRequired, View):
    """A list panel's whole filtered list as CSV or Excel."""

    roles = DASHBOARD_ROLES
    http_method_names = ["get", "head", "options"]

    def get_object(self):
        panel = panels.get(self.kwargs["key"])
        if panel is None or panel.table is None or self.kwargs["fmt"] not in ("csv", "xlsx"):
            raise Http404("There is no such list to download.")
        return panel

    @staticmethod
    def object_rule(user, panel) -> bool:
        return panel in panels.for_user(user)

    def get(self, request, *args, **kwargs):
        _, panel_request = _panel_request(self)
        headers, rows = self.object.table(panel_request)
        fmt, today = self.kwargs["fmt"], panel_request.today
        data = table_to_csv(headers, rows) if fmt == "csv" else table_to_xlsx(headers, rows, title=self.object.title)
        return download(data, filename=filename_for(self.object.title, fmt, on=today), fmt=fmt)
