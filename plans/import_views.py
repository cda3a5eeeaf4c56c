"""Browser import for plan owners: upload -> preview (layout found, mapping in use, every problem) -> confirm.

Importing over an existing plan rewrites it, so the preview and the confirm both require the right to edit
that plan (`access.can_import_into`); a new plan is owned by whoever imported it. Everything the pages do goes
through plans.services (import_upload, import_choose, import_preview, import_confirm); a big file is confirmed
by a background job and the person is sent to its progress page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from shared.access import AccessRequired
from shared.forms import DATE_INPUT_FORMAT, add_service_errors, ask_again, refusal

from . import access, services
from .import_forms import ConflictForm, MappingForm, UploadForm
from .importing.structure import UnreadableFile, walk
from .models import Plan, PlanImport

TREE_LIMIT = 300  # actions shown in the preview's tree; the counts above it cover them all


class ImportUploadView(AccessRequired, TemplateView):
    roles = access.OWNER_ROLES
    template_name = "plans/import_upload.html"
    http_method_names = ["get", "post", "head", "options"]

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
            try:
                pending = services.import_upload(
                    by=request.user,
                    data=upload.read(),
                    filename=upload.name,
                    plan_title=form.cleaned_data["plan_title"],
                    layout=form.cleaned_data["layout"],
                    plan_start=form.cleaned_data["plan_start"],
                    plan_end=form.cleaned_data["plan_end"],
                )
            except UnreadableFile as failure:
                form.add_error("file", str(failure))
            else:
                return redirect("plans:import_preview", pk=pending.pk)
        return self.render_to_response({"form": form}, status=400)


def _may_import(user, pending: PlanImport) -> bool:
    """Only the person who uploaded it, and only into a plan they may edit (or a new one)."""
    if pending.uploaded_by_id != user.pk:
        return False
    return access.can_import_into(user, Plan.objects.filter(title=pending.plan_title).first())


def _tree(goals, limit: int):
    """The goals with their actions, cut after `limit` actions so a 5,000-row preview stays quick to show."""
    shown = 0
    trimmed = []
    for goal in goals:
        if shown >= limit:
            break
        actions = []
        for item in goal.actions:
            size = sum(1 for _ in walk([item]))
            if shown + size > limit and actions:
                break
            actions.append(item)
            shown += size
        trimmed.append((goal, actions))
    return trimmed, shown


class ImportPreviewView(AccessRequired, TemplateView):
    """Shows what the import would do (worked out without writing), takes the person's choices, then confirms."""

    roles = access.OWNER_ROLES
    object_rule = _may_import
    template_name = "plans/import_preview.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_object(self) -> PlanImport:
        return get_object_or_404(PlanImport, pk=self.kwargs["pk"])

    def render_preview(
        self, pending: PlanImport, *, mapping_form=None, conflict_form=None, refused=None, status=200, rejected=None
    ):
        preview = services.import_preview(pending=pending, by=self.request.user)
        summary = rejected or preview.summary
        parsed = preview.parsed
        if mapping_form is None and pending.layout == PlanImport.Layout.COLUMNS:
            mapping_form = MappingForm(headers=parsed.headers, in_use=parsed.mapping, guessed=parsed.guessed)
        if conflict_form is None:
            conflict_form = ConflictForm(conflicts=summary.conflicts)
        tree, shown = _tree(parsed.goals, TREE_LIMIT)
        existing = Plan.objects.filter(title=pending.plan_title).prefetch_related("owners").first()
        forms_with_errors = [f for f in (refused, mapping_form, conflict_form) if f is not None and f.errors]
        return self.render_to_response(
            {
                "pending": pending,
                "preview": preview,
                "summary": summary,
                "parsed": parsed,
                "mapping_form": mapping_form,
                "conflict_form": conflict_form,
                "form": forms_with_errors[0] if forms_with_errors else conflict_form,
                "tree": tree,
                "tree_hidden": parsed.action_count() - shown,
                "existing_plan": existing,
                "layout_label": PlanImport.Layout(pending.layout).label.split(" (")[0],
                "other_label": PlanImport.Layout(preview.other_layout).label.split(" (")[0],
                "unsure_rows": [r for r in preview.lone_rows if r.unsure],
            },
            status=status,
        )

    def done(self, pending: PlanImport, status: int):
        self.template_name = "plans/import_done.html"
        return self.render_to_response({"pending": pending}, status=status)

    def get(self, request, *args, **kwargs):
        pending = self.object
        if pending.state == PlanImport.State.IMPORTED:
            return self.done(pending, 200)
        if pending.state == PlanImport.State.IMPORTING and pending.job_id:
            return redirect("shared:job", pk=pending.job_id)
        try:
            return self.render_preview(pending)
        except UnreadableFile as failure:
            return self.upload_again(pending, str(failure))

    def upload_again(self, pending: PlanImport, message: str):
        """The upload page again, with why the file kept from this upload cannot be used and the answers kept."""
        answers = {"plan_title": pending.plan_title, "layout": pending.layout}
        for name in ("plan_start", "plan_end"):
            day = getattr(pending, name)
            answers[name] = day.strftime(DATE_INPUT_FORMAT) if day else ""
        self.template_name = ImportUploadView.template_name
        return self.render_to_response({"form": ask_again(UploadForm(answers), "file", message)}, status=400)

    def post(self, request, *args, **kwargs):
        pending = self.object
        if pending.state != PlanImport.State.UPLOADED:
            return self.done(pending, 409)
        try:
            if "switch_layout" in request.POST:
                services.import_choose(pending=pending, by=request.user, layout=request.POST["switch_layout"])
                return redirect("plans:import_preview", pk=pending.pk)
            if "read_row" in request.POST:
                row, _, reading = request.POST["read_row"].rpartition("::")
                services.import_choose(pending=pending, by=request.user, reading=(row, reading))
                return redirect("plans:import_preview", pk=pending.pk)
            if "apply_mapping" in request.POST:
                parsed = services.import_parsed(pending)
                form = MappingForm(request.POST, headers=parsed.headers, in_use=parsed.mapping, guessed=parsed.guessed)
                if not form.is_valid():
                    return self.render_preview(pending, mapping_form=form, status=400)
                try:
                    services.import_choose(pending=pending, by=request.user, mapping=form.mapping())
                except ValidationError as error:
                    add_service_errors(form, error)
                    return self.render_preview(pending, mapping_form=form, status=400)
                return redirect("plans:import_preview", pk=pending.pk)
        except ValidationError as error:  # a layout or row reading refused: the preview as it was, saying why
            pending.refresh_from_db()
            return self.render_preview(pending, refused=refusal(error), status=400)
        return self.confirm(pending)

    def confirm(self, pending: PlanImport):
        request = self.request
        conflicts = services.import_preview(pending=pending, by=request.user).summary.conflicts
        form = ConflictForm(request.POST, conflicts=conflicts)
        if not form.is_valid():
            return self.render_preview(pending, conflict_form=form, status=400)
        try:
            outcome = services.import_confirm(pending=pending, by=request.user, choices=form.choices())
        except services.ImportRejected as rejected:
            return self.render_preview(pending, status=400, rejected=rejected.summary)
        except ValidationError:
            pending.refresh_from_db()
            return self.done(pending, 409)
        if outcome.job is not None:
            return redirect("shared:job", pk=outcome.job.pk)
        summary = outcome.summary
        messages.success(
            request,
            f"Imported {pending.filename}: {summary.goals} goals, {summary.total_actions} actions "
            f"({summary.created} new, {summary.updated} updated).",
        )
        return redirect("plans:plan_detail", pk=summary.plan_id)
