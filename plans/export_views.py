"""Downloading a plan as Excel, CSV or PDF from its page: anyone who may read plans."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from shared.access import AccessRequired
from shared.exports import download, filename_for

from . import access, exports
from .models import Plan


class PlanExportView(AccessRequired, View):
    roles = access.VIEW_ROLES
    http_method_names = ["get", "head", "options"]

    def get_object(self):
        if self.kwargs["fmt"] not in exports.FORMATS:
            raise Http404("We can export a plan as xlsx, csv or pdf.")
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def get(self, request, pk: int, fmt: str):
        plan, today = self.object, timezone.localdate()
        build = {"xlsx": exports.plan_to_xlsx, "csv": exports.plan_to_csv, "pdf": exports.plan_to_pdf}[fmt]
        return download(build(plan, today=today), filename=filename_for(plan.title, fmt, on=today, fallback="plan"),
                        fmt=fmt)
