"""Downloading a plan as Excel, CSV or PDF from its page: anyone who may view plans."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from organisation.access import RoleRequiredMixin

from . import access, exports
from .models import Plan


class PlanExportView(RoleRequiredMixin, View):
    roles = access.VIEW_ROLES

    def get(self, request, pk: int, fmt: str):
        if fmt not in exports.FORMATS:
            raise Http404("We can export a plan as xlsx, csv or pdf.")
        plan = get_object_or_404(Plan, pk=pk)
        today = timezone.localdate()
        if fmt == "xlsx":
            data = exports.plan_to_xlsx(plan, today=today)
        elif fmt == "csv":
            data = exports.plan_to_csv(plan, today=today)
        else:
            data = exports.plan_to_pdf(plan, today=today, base_url=request.build_absolute_uri("/"))
        filename = f"{slugify(plan.title) or 'plan'}-{today.isoformat()}.{fmt}"
        return HttpResponse(
            data,
            content_type=exports.CONTENT_TYPES[fmt],
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                # A plan names people and carries unpublished progress: keep it out of shared caches.
                "Cache-Control": "private, no-store",
            },
        )
