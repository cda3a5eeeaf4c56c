"""Browser import for plan owners: upload -> preview (tree and every problem by row) -> confirm.

Importing over an existing plan rewrites it, so the preview and the confirm both require the right to edit
that plan (`access.can_import_into`); a new plan is owned by whoever imported it.
"""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from shared.access import AccessRequired

from . import access, services
from .import_forms import MappingForm, UploadForm
from .importing.columns import detect_headers
from .importing.pipeline import parse_file
from .importing.structure import UnreadableFile, assign_references
from .models import Plan, PlanImport

KEEP_UPLOADS_FOR = timedelta(days=1)


class ImportUploadView(AccessRequired, TemplateView):
    roles = access.OWNER_ROLES
    template_name = "plans/import_upload.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": UploadForm()})

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid() and not access.can_import_into(
            request.user, Plan.objects.filter(title=form.cleaned_data["plan_title"]).first()
        ):
            form.add_error(
                "plan_title",
                "A plan with this title already exists and you are not one of its owners. Choose another title, "
                "or ask its owners or an administrator to import this file.",
            )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                parse_file(data, upload.name, layout=form.cleaned_data["layout"])
            except UnreadableFile as failure:
                form.add_error("file", str(failure))
            else:
                with transaction.atomic():
                    PlanImport.objects.filter(created_at__lt=timezone.now() - KEEP_UPLOADS_FOR).delete()
                    pending = PlanImport.objects.create(
                        uploaded_by=request.user,
                        filename=upload.name[:255],
                        data=data,
                        plan_title=form.cleaned_data["plan_title"],
                        layout=form.cleaned_data["layout"],
                        plan_start=form.cleaned_data["plan_start"],
                        plan_end=form.cleaned_data["plan_end"],
                    )
                return redirect("plans:import_preview", pk=pending.pk)
        return self.render_to_response({"form": form}, status=400)


def _may_import(user, pending: PlanImport) -> bool:
    """Only the person who uploaded it, and only into a plan they may edit (or a new one)."""
    if pending.uploaded_by_id != user.pk:
        return False
    return access.can_import_into(user, Plan.objects.filter(title=pending.plan_title).first())


class ImportPreviewView(AccessRequired, TemplateView):
    """Shows what the import would do (a dry run in a rolled-back transaction), then writes it on confirm."""

    roles = access.OWNER_ROLES
    object_rule = _may_import
    template_name = "plans/import_preview.html"

    def get_object(self) -> PlanImport:
        return get_object_or_404(PlanImport, pk=self.kwargs["pk"])

    def get_pending(self) -> PlanImport:
        return self.object

    def preview(self, pending: PlanImport, *, mapping_form=None, status=200, rejected=None):
        tables, parsed = pending.parse()
        headers = detect_headers(tables) if pending.layout == PlanImport.Layout.COLUMNS else []
        if mapping_form is None and headers:
            mapping_form = MappingForm(headers=headers, initial_mapping=pending.mapping)
        summary = rejected
        if summary is None:
            try:
                summary = services.plan_import(
                    parsed=parsed,
                    title=pending.plan_title,
                    by=self.request.user,
                    source_name=pending.filename,
                    plan_start=pending.plan_start,
                    plan_end=pending.plan_end,
                    dry_run=True,
                )
            except services.ImportRejected as error:
                summary = error.summary
        assign_references(parsed)
        return self.render_to_response(
            {
                "pending": pending,
                "parsed": parsed,
                "summary": summary,
                "mapping_form": mapping_form,
                "form": mapping_form,
                "tables": tables,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        pending = self.get_pending()
        if pending.state == PlanImport.State.IMPORTED:
            return self.render_to_response({"pending": pending}, status=200, template_name="plans/import_done.html")
        try:
            return self.preview(pending)
        except UnreadableFile as failure:
            messages.error(request, str(failure))
            return redirect("plans:import_upload")

    def render_to_response(self, context, template_name=None, **kwargs):
        if template_name:
            self.template_name = template_name
        existing = Plan.objects.filter(title=context["pending"].plan_title).prefetch_related("owners").first()
        return super().render_to_response({"existing_plan": existing, **context}, **kwargs)

    def post(self, request, *args, **kwargs):
        pending = self.get_pending()
        if pending.state == PlanImport.State.IMPORTED:
            return self.render_to_response({"pending": pending}, status=409, template_name="plans/import_done.html")
        if "apply_mapping" in request.POST:
            tables, _ = parse_file(bytes(pending.data), pending.filename, layout="columns")
            form = MappingForm(request.POST, headers=detect_headers(tables), initial_mapping=pending.mapping)
            if form.is_valid():
                pending.mapping = form.mapping()
                pending.save(update_fields=["mapping"])
                return redirect("plans:import_preview", pk=pending.pk)
            return self.preview(pending, mapping_form=form, status=400)
        _, parsed = pending.parse()
        try:
            summary = services.plan_import(
                parsed=parsed,
                title=pending.plan_title,
                by=request.user,
                source_name=pending.filename,
                plan_start=pending.plan_start,
                plan_end=pending.plan_end,
            )
        except services.ImportRejected as error:
            return self.preview(pending, status=400, rejected=error.summary)
        pending.state, pending.plan_id = PlanImport.State.IMPORTED, summary.plan_id
        pending.data = b""
        pending.save(update_fields=["state", "plan", "data"])
        messages.success(
            request,
            f"Imported {pending.filename}: {summary.goals} goals, "
            f"{summary.headline_actions + summary.actions + summary.sub_actions} actions "
            f"({summary.created} new, {summary.updated} updated).",
        )
        return redirect("plans:plan_detail", pk=summary.plan_id)
