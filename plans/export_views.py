"""Downloading a plan as Excel, CSV or PDF from its page: anyone who may read plans.

A small plan's file is built in the request; a large one by a background job (the person sees its progress,
then the file). The same file is reused while the plan has not changed since it was built.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View

from shared import jobs
from shared.access import AccessRequired
from shared.exports import download, filename_for

from . import access, exports, selectors
from .jobs import INLINE_LIMITS
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
        if plan.actions.count() > INLINE_LIMITS[fmt]:
            stamp = selectors.plan_last_changed(plan)
            job = jobs.start(
                "plans.export",
                params={"plan_id": plan.pk, "fmt": fmt, "today": today.isoformat()},
                by=request.user,
                title=f"Preparing {plan.title} as {fmt.upper()}",
                dedupe_key=f"plan-export:{plan.pk}:{fmt}:{today.isoformat()}:{stamp}:{request.user.pk}",
            )
            return redirect("shared:job", pk=job.pk)
        build = {"xlsx": exports.plan_to_xlsx, "csv": exports.plan_to_csv, "pdf": exports.plan_to_pdf}[fmt]
        return download(
            build(plan, today=today), filename=filename_for(plan.title, fmt, on=today, fallback="plan"), fmt=fmt
        )
