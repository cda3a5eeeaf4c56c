"""Audit pages: each view declares its roles, the object its URL names and the rule for that object; handlers
then validate a form and call one service (writes) or render a selector's result (reads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from shared.access import AccessRequired
from shared.forms import add_service_errors
from shared.panels import PanelRequest
from shared.stale import StaleEdit, sign_base

from . import access, charts, selectors, services, textcheck
from .filters import AuditFilter
from .forms import (
    ActionArisingForm,
    ComplianceFilterForm,
    LanguageCheckForm,
    LanguageSampleForm,
    LinkActionForm,
    ProgrammeEditForm,
    ProgrammeFields,
    StartAuditForm,
    audit_form_class,
    moderation_form_class,
)
from .language import check
from .models import Audit, Framework, ProgrammeEntry

STALE_MESSAGE = (
    "Someone else saved this after you opened it, and changed some of the same things you did. Nothing of yours "
    "has been saved yet: compare their values with yours below, then save again to keep yours."
)


def _page(request, items, per_page: int = 50):
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


class AuditsHomeView(AccessRequired, TemplateView):
    """An auditor's own list: drafts to finish, audits to moderate, their programme with what is overdue.

    An administrator who is not an auditor gets the links to read audits and keep the programme, and the whole
    programme: nothing to rate or moderate.
    """

    roles = access.AUDIT_READERS
    template_name = "audits/home.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        today, user = timezone.localdate(), self.request.user
        context = {
            "is_auditor": access.is_auditor(user),
            "panel": selectors.programme_panel(PanelRequest(user=user, today=today)),
        }
        if context["is_auditor"]:
            work = selectors.my_work(user, today=today)
            context.update(
                work=work,
                summary=selectors.programme_summary(work.programme),
                overdue=[row for row in work.programme if row.overdue],
            )
        return super().get_context_data(**context, **kwargs)


class AuditListView(AccessRequired, TemplateView):
    roles = access.AUDIT_READERS
    template_name = "audits/audit_list.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        audit_filter = AuditFilter(request.GET or None, queryset=selectors.audit_list())
        valid = not audit_filter.is_bound or audit_filter.is_valid()
        results = audit_filter.qs if audit_filter.is_bound and valid else selectors.audit_list()
        page, query = _page(request, results)
        context = {"filter": audit_filter, "filter_form": audit_filter.form, "page": page, "query": query}
        if not valid:
            context["form"] = audit_filter.form  # the error summary names what was wrong in the address
        return self.render_to_response(self.get_context_data(**context), status=200 if valid else 400)


class AuditStartView(AccessRequired, TemplateView):
    roles = access.AUDIT_ROLES
    template_name = "audits/audit_start.html"

    def get(self, request, *args, **kwargs):
        initial = {"audit_date": timezone.localdate()}
        entry_id = request.GET.get("entry", "")
        if entry_id.isdigit():
            entry = selectors.open_entries_for(request.user).filter(pk=int(entry_id)).first()
            if entry is not None:
                initial.update(programme_entry=entry, template=entry.template, unit=entry.unit)
        return self.render_to_response({"form": StartAuditForm(initial=initial, user=request.user)})

    def post(self, request, *args, **kwargs):
        form = StartAuditForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                audit = services.audit_start(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The audit has been started. Rate each standard, then save or submit.")
                return redirect("audits:audit_edit", pk=audit.pk)
        return self.render_to_response({"form": form}, status=400)


class AuditObjectView(AccessRequired, TemplateView):
    """An audit by its id: readers are auditors and administrators; rating and moderating narrow it to auditors."""

    roles = access.AUDIT_READERS

    def get_object(self) -> Audit:
        return get_object_or_404(selectors.audit_detail_queryset(), pk=self.kwargs["pk"])


class AuditDetailView(AuditObjectView):
    template_name = "audits/audit_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        audit, user = self.object, self.request.user
        return super().get_context_data(
            audit=audit,
            ratings=list(audit.ratings.all()),
            history=selectors.audit_history(audit),
            can_edit=access.can_edit_audit(user, audit),
            can_moderate=access.can_moderate(user, audit),
            can_add_action=access.can_add_action(user, audit),
            **kwargs,
        )


class AuditEditView(AuditObjectView):
    """Conduct the audit: save a draft at any point (nothing typed is lost), or submit it for moderation."""

    template_name = "audits/audit_edit.html"
    roles = access.AUDIT_ROLES
    object_rule = access.can_edit_audit

    def form_class(self):
        return audit_form_class(self.object.ratings.all())

    def language_notes(self, form) -> list[tuple]:
        """(field, findings) for each evidence note, strengths and learning, as saved, that uses a glossary term."""
        values = services.audit_values(self.object)
        names = [services.rating_key(rating)[1] for rating in form.lines] + ["strengths", "learning"]
        found = textcheck.findings_by_field({name: values.get(name) or "" for name in names})
        return [(form[name], found[name]) for name in names if name in found]

    def respond(self, form, *, status=200, stale=None, paused=False):
        audit = self.object
        notes = self.language_notes(form)
        context = {
            "audit": audit,
            "form": form,
            "stale": stale,
            "conflicts": form.conflict_rows(stale) if stale else [],
            "samples": list(audit.language_samples.all()),
            "language_notes": notes,
            "language_count": sum(len(findings) for _, findings in notes),
            "language_paused": paused,
        }
        return self.render_to_response(context, status=status)

    def saved_form(self, form_class):
        """What was posted, on the draft as just saved (its new version), so pressing a button again is not stale."""
        self.object = self.get_object()
        data = self.request.POST.copy()
        data["version"] = str(self.object.version)
        data["base"] = sign_base({n: services.audit_values(self.object).get(n) for n in form_class.tracked})
        form = form_class(data)
        form.is_valid()
        return form

    def get(self, request, *args, **kwargs):
        audit = self.object
        form = self.form_class().for_values(services.audit_values(audit), version=audit.version)
        return self.respond(form)

    def post(self, request, *args, **kwargs):
        form_class = self.form_class()
        form = form_class(request.POST)
        if not form.is_valid():
            return self.respond(form, status=400)
        try:
            audit = services.audit_save(
                audit=self.object,
                by=request.user,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
                base=form.base_values(),
            )
        except StaleEdit as stale:
            self.object = self.get_object()
            rebuilt = form.rebased(stale, services.audit_values(self.object))
            rebuilt.add_error(None, STALE_MESSAGE)
            return self.respond(rebuilt, status=409, stale=stale)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.respond(form, status=400)
        if "submit" not in request.POST:
            # The form then shows a note on any glossary term in what was saved: a draft can still be changed.
            messages.success(request, "Your draft has been saved. You can come back to it from Audits.")
            return redirect("audits:audit_edit", pk=audit.pk)
        if not request.POST.get("language_noted"):
            # A gentle note, once, before the audit can no longer be changed (as for plans' progress updates):
            # the draft is saved; pressing Submit again submits it as it is.
            saved = self.saved_form(form_class)
            if self.language_notes(saved):
                return self.respond(saved, paused=True)
        try:
            services.audit_submit(audit=audit, by=request.user)
        except ValidationError as error:
            # The draft is saved; show what is missing on the form as saved, with its new version.
            resubmit = self.saved_form(form_class)
            add_service_errors(resubmit, error)
            resubmit.add_error(None, "Your draft has been saved, but it cannot be submitted yet.")
            return self.respond(resubmit, status=400)
        messages.success(request, "The audit has been submitted. A second auditor will moderate it.")
        return redirect("audits:audit_detail", pk=audit.pk)


class AuditModerateView(AuditObjectView):
    template_name = "audits/audit_moderate.html"
    roles = access.AUDIT_ROLES
    object_rule = access.can_moderate

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            {"audit": self.object, "form": moderation_form_class(self.object.ratings.all())()}
        )

    def post(self, request, *args, **kwargs):
        audit = self.object
        form = moderation_form_class(audit.ratings.all())(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            decisions = {
                rating.pk: services.Decision(
                    agrees=data[f"agrees_{rating.pk}"] == "yes",
                    rating=data[f"moderated_{rating.pk}"],
                    reason=data[f"reason_{rating.pk}"],
                )
                for rating in form.lines
            }
            try:
                services.audit_moderate(
                    audit=audit,
                    by=request.user,
                    decisions=decisions,
                    overall_agrees=data["overall_agrees"] == "yes",
                    overall_grade=data["overall_grade"],
                    overall_reason=data["overall_reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The moderation has been saved. The moderated grade is the one reported.")
                return redirect("audits:audit_detail", pk=audit.pk)
        return self.render_to_response({"audit": audit, "form": form}, status=400)


class ActionArisingView(AuditObjectView):
    """An action arising: a new plan action (through plans' services) or a link to an existing one."""

    template_name = "audits/action_arising.html"
    object_rule = access.can_add_action

    def respond(self, *, new_form=None, link_form=None, failed=None, status=200):
        audit = self.object
        context = {
            "audit": audit,
            "new_form": new_form or ActionArisingForm(audit=audit),
            "link_form": link_form or LinkActionForm(audit=audit),
            "form": failed,
        }
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.respond()

    def post(self, request, *args, **kwargs):
        audit = self.object
        if request.POST.get("mode") == "link":
            form = LinkActionForm(request.POST, audit=audit)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    arising = services.action_arising_link(
                        audit=audit, by=request.user, action=data["action"], standard=data["standard"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"Action {arising.action_reference} is now linked to this audit.")
                    return redirect("audits:audit_detail", pk=audit.pk)
            return self.respond(link_form=form, failed=form, status=400)
        form = ActionArisingForm(request.POST, audit=audit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                arising = services.action_arising_create(
                    audit=audit,
                    by=request.user,
                    goal=data["goal"],
                    title=data["title"],
                    leads=[data["lead"]],
                    timescale_text=data["timescale_text"],
                    standard=data["standard"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Action {arising.action_reference} has been added to {arising.plan_title}.")
                return redirect("audits:audit_detail", pk=audit.pk)
        return self.respond(new_form=form, failed=form, status=400)


class LanguageSampleView(AuditObjectView):
    """A language audit's sample: check the pasted minutes first (highlighted), then record the counts only."""

    template_name = "audits/language_sample.html"
    roles = access.AUDIT_ROLES
    object_rule = access.can_add_language_sample

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"audit": self.object, "form": LanguageSampleForm()})

    def post(self, request, *args, **kwargs):
        audit = self.object
        form = LanguageSampleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response({"audit": audit, "form": form}, status=400)
        terms = selectors.glossary_terms()
        if "record" in request.POST:
            try:
                sample = services.language_sample_record(
                    audit=audit,
                    by=request.user,
                    label=form.cleaned_data["label"],
                    text=form.cleaned_data["text"],
                    terms=terms,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                return self.render_to_response({"audit": audit, "form": form}, status=400)
            messages.success(
                request,
                f"Recorded: {sample.flagged} terms in {sample.words:,} words ({sample.per_thousand} per 1,000).",
            )
            return redirect(reverse("audits:audit_edit", args=[audit.pk]) + "#samples")
        result = check(form.cleaned_data["text"], terms)
        return self.render_to_response({"audit": audit, "form": form, "result": result, "checked": True})


class ProgrammeView(AccessRequired, TemplateView):
    roles = access.PROGRAMME_ROLES
    template_name = "audits/programme.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        years = selectors.financial_years()
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and int(raw) in years else selectors.financial_year_of(today)
        status = 400 if raw and not (raw.isdigit() and int(raw) in years) else 200
        start, end = selectors.financial_year_bounds(year)
        rows = selectors.programme_rows(today=today, since=start, until=end)
        context = {
            "rows": rows,
            "summary": selectors.programme_summary(rows),
            "years": [(y, f"{y}/{str(y + 1)[-2:]}") for y in years],
            "year": year,
            "year_label": f"{year}/{str(year + 1)[-2:]}",
            "bad_year": status == 400,
            "can_edit": access.can_edit_programme(request.user),
        }
        return self.render_to_response(self.get_context_data(**context), status=status)


class ProgrammeAddView(AccessRequired, TemplateView):
    roles = access.PROGRAMME_EDITORS
    template_name = "audits/programme_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": ProgrammeFields(), "adding": True})

    def post(self, request, *args, **kwargs):
        form = ProgrammeFields(request.POST)
        if form.is_valid():
            try:
                services.programme_entry_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The line has been added to the audit programme.")
                return redirect("audits:programme")
        return self.render_to_response({"form": form, "adding": True}, status=400)


class ProgrammeEditView(AccessRequired, TemplateView):
    """Two people may edit the programme at once: only each person's own changes are written (shared.stale)."""

    roles = access.PROGRAMME_EDITORS
    template_name = "audits/programme_form.html"

    def get_object(self) -> ProgrammeEntry:
        return get_object_or_404(ProgrammeEntry.objects.select_related("unit", "template"), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        entry = self.object
        form = ProgrammeEditForm.for_values(services.programme_values(entry), version=entry.version)
        return self.render_to_response({"form": form, "entry": entry})

    def post(self, request, *args, **kwargs):
        entry = self.object
        form = ProgrammeEditForm(request.POST)
        if form.is_valid():
            try:
                services.programme_entry_update(
                    entry=entry,
                    by=request.user,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    base=form.base_values(),
                )
            except StaleEdit as stale:
                current = self.get_object()
                rebuilt = form.rebased(stale, services.programme_values(current))
                rebuilt.add_error(None, STALE_MESSAGE)
                context = {"form": rebuilt, "entry": current, "stale": stale, "conflicts": rebuilt.conflict_rows(stale)}
                return self.render_to_response(context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The programme line has been saved.")
                return redirect("audits:programme")
        return self.render_to_response({"form": form, "entry": entry}, status=400)


class ComplianceView(AccessRequired, TemplateView):
    roles = access.COMPLIANCE_ROLES
    template_name = "audits/compliance.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        form = ComplianceFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response({"filter_form": form, "form": form}, status=400)
        data = form.cleaned_data if form.is_bound else {}
        filters = selectors.ComplianceFilter(
            framework=data.get("framework") or selectors.current_framework(),
            unit=data.get("unit"),
            audit_type=data.get("audit_type") or "",
            year=data.get("year"),
        )
        if not form.is_bound and filters.framework is not None:
            form = ComplianceFilterForm(initial={"framework": filters.framework})
        result = selectors.compliance(filters)
        context = {"filter_form": form, "result": result, "framework": filters.framework}
        if not result.empty:
            context["charts"] = {
                "met": charts.met_trend(result),
                "good": charts.good_or_better_trend(result),
                "section": charts.by_section(result),
                "unit": charts.by_unit(result),
            }
        return self.render_to_response(self.get_context_data(**context))


class AgreementView(AccessRequired, TemplateView):
    roles = access.AGREEMENT_ROLES
    template_name = "audits/agreement.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=selectors.agreement(), **kwargs)


class LanguageTrendView(AccessRequired, TemplateView):
    roles = access.COMPLIANCE_ROLES
    template_name = "audits/language_trend.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        trend = selectors.language_trend()
        context = {"trend": trend}
        if not trend.empty:
            context.update(trend_chart=charts.language_trend(trend), before_after=charts.language_before_after(trend))
        return super().get_context_data(**context, **kwargs)


class LanguageCheckView(AccessRequired, TemplateView):
    """Paste any text and see each glossary term highlighted in place with why and what to write instead.

    Nothing pasted is saved: the page is answered from the POST and the text is not logged or stored.
    """

    roles = access.STAFF_ROLES
    template_name = "audits/language_check.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": LanguageCheckForm(), "glossary_size": selectors.glossary().count()})

    def post(self, request, *args, **kwargs):
        form = LanguageCheckForm(request.POST)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        result = check(form.cleaned_data["text"], selectors.glossary_terms())
        return self.render_to_response({"form": form, "result": result, "checked": True})


class GlossaryView(AccessRequired, TemplateView):
    roles = access.STAFF_ROLES
    template_name = "audits/glossary.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=selectors.glossary(), **kwargs)


class StandardsView(AccessRequired, TemplateView):
    """The standards library: the version in effect, with the other versions listed."""

    roles = access.STAFF_ROLES
    template_name = "audits/standards.html"
    http_method_names = ["get", "head", "options"]

    def framework(self) -> Framework | None:
        return selectors.current_framework()

    def get_context_data(self, **kwargs):
        framework = self.framework()
        return super().get_context_data(
            library=selectors.framework_library(framework) if framework else None,
            versions=list(selectors.frameworks()),
            current=selectors.current_framework(),
            **kwargs,
        )


class FrameworkView(StandardsView):
    def get_object(self) -> Framework:
        return get_object_or_404(Framework.objects.select_related("previous"), pk=self.kwargs["pk"])

    def framework(self) -> Framework:
        return self.object
