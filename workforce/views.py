"""Workforce pages: the profile (representation by grade, gradient, trend), recruitment and progression,
exports (always suppressed), and the analyst's upload -> preview -> confirm.

Figures are unsuppressed only on a workforce analyst's own screen (`selectors.for_screen`); every other role,
and every download whoever asks for it, gets suppressed figures (`selectors.published`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from shared import jobs
from shared.access import AccessRequired
from shared.exports import download, filename_for, table_to_csv, table_to_xlsx
from shared.forms import ask_again
from shared.tabular import UnreadableFile

from . import access, exports, selectors, services
from .choices import Kind
from .forms import EqualityForm, ProfileForm, UploadForm
from .importing.parse import parse_file
from .models import WorkforceImport
from .taxonomy import Taxonomy


def _bound(form_class, request, *, taxonomy, analyst):
    """The form as the URL gives it (unbound without a query), and whether the URL was understood."""
    query = {k: v for k, v in request.GET.items() if v != ""}
    form = form_class(query or None, taxonomy=taxonomy, analyst=analyst)
    return form, (not form.is_bound or form.is_valid())


def _display_form(form_class, chosen: dict, *, taxonomy, analyst, extra: dict):
    """The form showing what the page shows, defaults included, so the choices on screen match the figures."""
    data = {
        "unit": chosen["unit"].pk if chosen["unit"] else "",
        "period": chosen["quarter"].code if chosen["quarter"] else "",
        "aggregation": chosen["aggregation"],
        **({"view": "on"} if chosen.get("as_published") else {}),
        **extra,
    }
    form = form_class(data, taxonomy=taxonomy, analyst=analyst)
    form.is_valid()
    return form


class ProfileView(AccessRequired, TemplateView):
    """Representation by grade against a benchmark, the seniority gradient, disclosure and the trend."""

    roles = access.VIEW_ROLES
    template_name = "workforce/profile.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        taxonomy = Taxonomy.load()
        analyst = access.sees_unsuppressed(request.user)
        form, understood = _bound(ProfileForm, request, taxonomy=taxonomy, analyst=analyst)
        if not understood:
            return self.render_to_response({"form": form, "profile": None, "analyst": analyst}, status=400)
        chosen = form.chosen(selectors.default_unit())
        unit = chosen["unit"]
        if unit is None:
            return self.render_to_response({"form": None, "profile": None, "analyst": analyst, "empty": True})
        chosen["quarter"] = chosen["quarter"] or selectors.latest_period(unit)
        pub = selectors.for_screen(request.user, as_published=chosen["as_published"])
        profile = selectors.profile(
            unit=unit,
            quarter=chosen["quarter"],
            grouping_key=chosen["aggregation"],
            benchmark=chosen["benchmark"],
            focus_key=chosen["focus"],
            margin=chosen["margin"],
            pub=pub,
            employment_type=chosen["employment_type"] if analyst else None,
            role=chosen["role"] if analyst else None,
            taxonomy=taxonomy,
        )
        extra = {
            "focus": f"{profile.grouping.key}:{chosen['focus']}" if chosen["focus"] else "",
            "benchmark": chosen["benchmark"].pk if chosen["benchmark"] else "",
            "margin": chosen["margin"],
            "employment_type": chosen["employment_type"] or "",
            "role": chosen["role"].pk if chosen["role"] else "",
        }
        display = _display_form(ProfileForm, chosen, taxonomy=taxonomy, analyst=analyst, extra=extra)
        return self.render_to_response(
            {
                "form": display,
                "profile": profile,
                "analyst": analyst,
                "query": _export_query(chosen, extra, keep=("focus", "benchmark", "margin")),
                "min_disclosure": settings.WORKFORCE_MIN_DISCLOSURE,
            }
        )


class EqualityView(AccessRequired, TemplateView):
    """The recruitment funnel, relative likelihoods (appointment, development, disciplinary) and pay."""

    roles = access.VIEW_ROLES
    template_name = "workforce/equality.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        taxonomy = Taxonomy.load()
        analyst = access.sees_unsuppressed(request.user)
        form, understood = _bound(EqualityForm, request, taxonomy=taxonomy, analyst=analyst)
        if not understood:
            return self.render_to_response({"form": form, "equality": None, "analyst": analyst}, status=400)
        chosen = form.chosen(selectors.default_unit(EqualityForm.kinds))
        unit = chosen["unit"]
        if unit is None:
            return self.render_to_response({"form": None, "equality": None, "analyst": analyst, "empty": True})
        chosen["quarter"] = chosen["quarter"] or selectors.latest_period(unit, EqualityForm.kinds)
        pub = selectors.for_screen(request.user, as_published=chosen["as_published"])
        equality = selectors.equality(
            unit=unit, quarter=chosen["quarter"], grouping_key=chosen["aggregation"], pub=pub, taxonomy=taxonomy
        )
        display = _display_form(EqualityForm, chosen, taxonomy=taxonomy, analyst=analyst, extra={})
        return self.render_to_response(
            {
                "form": display,
                "equality": equality,
                "analyst": analyst,
                "query": _export_query(chosen, {}, keep=()),
                "development_stages": ["eligible", "took_part"],
                "disciplinary_stages": ["headcount", "entered"],
            }
        )


def _export_query(chosen: dict, extra: dict, *, keep: tuple) -> str:
    from urllib.parse import urlencode

    params = {
        "unit": chosen["unit"].pk,
        "period": chosen["quarter"].code if chosen["quarter"] else "",
        "aggregation": chosen["aggregation"],
        **{k: extra[k] for k in keep if extra.get(k) not in ("", None)},
    }
    return urlencode(params)


class ExportView(AccessRequired, View):
    """The profile or the equality figures as CSV or Excel: always suppressed, whoever asks (analysts too)."""

    roles = access.VIEW_ROLES
    http_method_names = ["get", "head", "options"]
    reports = {"profile": ProfileForm, "equality": EqualityForm}

    def get_object(self):
        if self.kwargs["report"] not in self.reports or self.kwargs["fmt"] not in ("csv", "xlsx"):
            raise Http404("There is no such download.")
        return self.kwargs["report"]

    def get(self, request, *args, **kwargs):
        report, fmt = self.object, self.kwargs["fmt"]
        form_class = self.reports[report]
        taxonomy = Taxonomy.load()
        # No analyst-only choices (employment type, role family): exports are the fixed, published tables.
        form, understood = _bound(form_class, request, taxonomy=taxonomy, analyst=False)
        if not understood:
            errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(f"The download's address is not understood: {errors}")
        chosen = form.chosen(selectors.default_unit(form_class.kinds))
        unit = chosen["unit"]
        if unit is None:
            raise Http404("There is no workforce data to download yet.")
        chosen["quarter"] = chosen["quarter"] or selectors.latest_period(unit, form_class.kinds)
        pub = selectors.published()
        if report == "profile":
            result = selectors.profile(
                unit=unit,
                quarter=chosen["quarter"],
                grouping_key=chosen["aggregation"],
                benchmark=chosen["benchmark"],
                focus_key=chosen["focus"],
                margin=chosen["margin"],
                pub=pub,
                taxonomy=taxonomy,
            )
            headers, rows, title = exports.profile_table(result)
        else:
            result = selectors.equality(
                unit=unit, quarter=chosen["quarter"], grouping_key=chosen["aggregation"], pub=pub, taxonomy=taxonomy
            )
            headers, rows, title = exports.equality_table(result)
        data = table_to_csv(headers, rows) if fmt == "csv" else table_to_xlsx(headers, rows, title=title)
        return download(data, filename=filename_for(title, fmt, on=timezone.localdate()), fmt=fmt)


class UploadView(AccessRequired, TemplateView):
    """A workforce analyst chooses a file and says what it holds; large files are checked by a background job."""

    roles = access.LOAD_ROLES
    template_name = "workforce/upload.html"
    http_method_names = ["get", "post", "head", "options"]

    def context(self, form):
        return upload_page(form)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.context(UploadForm()))

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            large = len(data) > settings.WORKFORCE_INLINE_BYTES
            if not large:
                try:
                    parse_file(data, upload.name, form.cleaned_data["kind"])
                except UnreadableFile as failure:
                    form.add_error("file", str(failure))
            if form.is_valid():
                pending = services.upload_create(
                    by=request.user, filename=upload.name, kind=form.cleaned_data["kind"], data=data, large=large
                )
                if large:
                    job = jobs.start(
                        "workforce.check", params={"upload": pending.pk}, by=request.user, dedupe_key=check_key(pending)
                    )
                    return redirect("shared:job", pk=job.pk)
                return redirect("workforce:preview", pk=pending.pk)
        return self.render_to_response(self.context(form), status=400)


class PreviewView(AccessRequired, TemplateView):
    """What loading the file would change and every problem by row; confirming loads it (a job if large)."""

    roles = access.LOAD_ROLES
    object_rule = access.uploaded_it
    template_name = "workforce/preview.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_object(self) -> WorkforceImport:
        return get_object_or_404(WorkforceImport, pk=self.kwargs["pk"])

    def summary(self, upload: WorkforceImport):
        if upload.large:
            return services.ImportSummary.from_json(upload.checked) if upload.checked else None
        parsed = parse_file(bytes(upload.data), upload.filename, upload.kind)
        return services.import_check(parsed, filename=upload.filename)

    def upload_again(self, upload: WorkforceImport, message: str):
        """The upload page again (status 400): why the kept file cannot be read, beside the file, its kind kept."""
        form = ask_again(UploadForm({"kind": upload.kind}), "file", message)
        self.template_name = UploadView.template_name
        return self.render_to_response(upload_page(form), status=400)

    def get(self, request, *args, **kwargs):
        upload = self.object
        if upload.state == WorkforceImport.State.IMPORTED:
            return self.render_to_response({"upload": upload, "done": True, "summary": _outcome(upload)})
        try:
            summary = self.summary(upload)
        except UnreadableFile as failure:
            return self.upload_again(upload, str(failure))
        if summary is None:  # a large file whose check has not finished (or failed): its job's page, or try again
            job = jobs.current(check_key(upload))
            if job is not None and job.state != job.State.FAILED:
                return redirect("shared:job", pk=job.pk)
            return self.render_to_response({"upload": upload, "summary": None, "checking": True})
        return self.render_to_response({"upload": upload, "summary": summary})

    def post(self, request, *args, **kwargs):
        upload = self.object
        if upload.state == WorkforceImport.State.IMPORTED:
            return self.render_to_response({"upload": upload, "done": True, "summary": _outcome(upload)}, status=409)
        if upload.large and not upload.checked:
            job = jobs.start(
                "workforce.check", params={"upload": upload.pk}, by=request.user, dedupe_key=check_key(upload)
            )
            return redirect("shared:job", pk=job.pk)
        if upload.large:
            job = jobs.start(
                "workforce.import",
                params={"upload": upload.pk},
                by=request.user,
                dedupe_key=f"workforce-load:{upload.pk}",
            )
            return redirect("shared:job", pk=job.pk)
        try:
            summary = services.upload_import(upload=upload, by=request.user)
        except services.ImportRejected as rejected:
            return self.render_to_response({"upload": upload, "summary": rejected.summary}, status=400)
        except services.AlreadyImported:
            return redirect("workforce:preview", pk=upload.pk)
        except UnreadableFile as failure:
            return self.upload_again(upload, str(failure))
        messages.success(request, _loaded_message(summary))
        return redirect(after_loading(summary, upload.kind))


def upload_page(form) -> dict:
    return {
        "form": form,
        "loads": selectors.load_summary(),
        "benchmarks": selectors.benchmarks_list(),
        "kinds": dict(Kind.choices),
    }


def check_key(upload: WorkforceImport) -> str:
    return f"workforce-check:{upload.pk}"


def _outcome(upload: WorkforceImport):
    return services.ImportSummary.from_json(upload.outcome) if upload.outcome else None


def _loaded_message(summary: services.ImportSummary) -> str:
    replaced = sum(1 for s in summary.scopes if s.replaces)
    return (
        f"Loaded {summary.filename}: {summary.counts} counts for {len(summary.scopes)} "
        f"{'quarter and unit' if len(summary.scopes) == 1 else 'quarters and units'}"
        + (f" ({replaced} replacing what was there before)." if replaced else ".")
    )


def after_loading(summary: services.ImportSummary, kind: str) -> str:
    """Where to go once a file is loaded: the page that shows it."""
    if kind in (Kind.RECRUITMENT, Kind.DEVELOPMENT, Kind.DISCIPLINARY, Kind.PAY):
        return reverse("workforce:equality")
    if kind == Kind.SNAPSHOT:
        return reverse("workforce:index")
    return reverse("workforce:upload")
