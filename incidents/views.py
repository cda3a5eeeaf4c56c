"""Incident pages. Each view declares its roles, the object its URL names and the rule for that object; handlers
validate a form and call one service, or render a selector's result.

The public pages (the report start page, the anonymous report, the status check) never read or write who is
signed in: they pass no user to any service, use no session (not even for messages), and are never cached.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView, View

from shared import jobs
from shared.access import AccessRequired
from shared.forms import add_service_errors, refusal
from shared.roles import has_role

from . import access, checklists, selectors, services
from .deadlines import FLAG_LABELS, Flag, due_soon_cutoff, flag
from .filters import AccessLogFilter, IncidentFilter
from .forms import (
    AcknowledgeForm,
    AssignForm,
    CheckForm,
    ChecklistForm,
    CloseForm,
    EscalateForm,
    ExtendForm,
    GrantForm,
    IncidentDetailsForm,
    MessageForm,
    OutcomeForm,
    PeriodForm,
    ReasonForm,
    ReporterReplyForm,
    ReportForm,
    RequiredReasonForm,
    ReviewActionForm,
    ReviewForm,
    ReviewLinkForm,
)
from .models import AccessGrant, ChecklistItem, Deadline, Incident, IncidentAccess, Review, Step

GET_ONLY = ["get", "head", "options"]
POST_ONLY = ["post", "options"]


def private(response):
    """Pages with a secret key or case details on them: never kept by a browser or a shared cache."""
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


# --- Reporting: public pages -----------------------------------------------------------------------------------------


class ReportStartView(AccessRequired, TemplateView):
    """How to report: named, confidential or anonymous. Open without signing in, so anyone can report anonymously."""

    public = True
    http_method_names = GET_ONLY
    template_name = "incidents/report_start.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(can_report=has_role(user, *access.REPORT_ROLES), **kwargs)


class AnonymousReportView(AccessRequired, TemplateView):
    """An anonymous report: nothing about the person (signed in or not) is passed on, stored or logged."""

    public = True
    template_name = "incidents/report_anonymous.html"

    def get(self, request, *args, **kwargs):
        return private(self.render_to_response({"form": IncidentDetailsForm()}))

    def post(self, request, *args, **kwargs):
        form = IncidentDetailsForm(request.POST)
        if form.is_valid():
            try:
                receipt = services.incident_report_anonymously(**form.details())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Shown here, once, in the answer to the POST: a redirect would need the key kept somewhere.
                return private(render(request, "incidents/report_receipt.html", {"receipt": receipt}))
        return private(self.render_to_response({"form": form}, status=400))


def _reporter_page(request, incident, *, what, reply_form=None, sent=False, key_form=None, status=200):
    """The reporter's view of their report. Every rendering is an access to the case and is logged here, unnamed
    (a confidential reporter is not shown to whoever reads the log; an anonymous one is not known)."""
    services.access_record(incident=incident, by=None, what=what)
    context = {
        "incident": incident,
        "status_words": selectors.reporter_status(incident),
        "messages_list": list(incident.messages.order_by("pk")),
        "reply_form": reply_form,
        "sent": sent,
        "key_form": key_form,
    }
    return private(render(request, "incidents/reporter_status.html", context, status=status))


class CheckView(AccessRequired, TemplateView):
    """An anonymous reporter's status check with their reference and key: throttled, and nothing kept between pages."""

    public = True
    template_name = "incidents/check.html"

    def get(self, request, *args, **kwargs):
        return private(self.render_to_response({"form": CheckForm()}))

    def post(self, request, *args, **kwargs):
        form = CheckForm(request.POST)
        if form.is_valid():
            try:
                incident = services.reporter_lookup(
                    reference=form.cleaned_data["reference"], key=form.cleaned_data["key"]
                )
            except services.LookupRefused as refused:
                form.add_error(None, str(refused))
            else:
                reply = ReporterReplyForm(initial=form.cleaned_data)
                return _reporter_page(request, incident, what=IncidentAccess.What.REPORTER_KEY, reply_form=reply)
        return private(self.render_to_response({"form": form}, status=400))


class CheckReplyView(AccessRequired, View):
    """The anonymous reporter's reply to the handler; their reference and key come with it and are checked again."""

    public = True
    http_method_names = POST_ONLY

    def post(self, request, *args, **kwargs):
        form = ReporterReplyForm(request.POST)
        form.is_valid()
        reference, key = form.cleaned_data.get("reference"), form.cleaned_data.get("key")
        if not reference or not key:
            return private(render(request, "incidents/check.html", {"form": CheckForm()}, status=400))
        try:
            incident = services.reporter_lookup(reference=reference, key=key)
        except services.LookupRefused as refused:
            return private(
                render(request, "incidents/check.html", {"form": CheckForm(), "refused": str(refused)}, status=400)
            )
        if not form.errors:
            try:
                services.message_from_reporter(incident=incident, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                fresh = ReporterReplyForm(initial={"reference": incident.reference, "key": key})
                return _reporter_page(
                    request, incident, what=IncidentAccess.What.REPORTER_KEY, reply_form=fresh, sent=True
                )
        return _reporter_page(request, incident, what=IncidentAccess.What.REPORTER_KEY, reply_form=form, status=400)


# --- Reporting: signed in ------------------------------------------------------------------------------------------


class ReportView(AccessRequired, TemplateView):
    """A named or confidential report by a signed-in member of staff."""

    roles = access.REPORT_ROLES
    template_name = "incidents/report_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": ReportForm()})

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                receipt = services.incident_report(by=request.user, mode=form.cleaned_data["mode"], **form.details())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Your report has been made. Its reference is {receipt.incident.reference}.")
                return redirect("incidents:my_report", pk=receipt.incident.pk)
        return self.render_to_response({"form": form}, status=400)


class MyReportsView(AccessRequired, TemplateView):
    roles = access.REPORT_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/my_reports.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reports=selectors.my_reports(self.request.user), **kwargs)


class MyReportObject(AccessRequired):
    roles = access.REPORT_ROLES
    object_rule = access.is_reporter

    def get_object(self):
        return get_object_or_404(Incident.objects.select_related("service", "partner_agency"), pk=self.kwargs["pk"])


class MyReportView(MyReportObject, View):
    http_method_names = GET_ONLY

    def get(self, request, *args, **kwargs):
        return _reporter_page(request, self.object, what=IncidentAccess.What.REPORTER_VIEWED, reply_form=MessageForm())


class MyReportReplyView(MyReportObject, View):
    http_method_names = POST_ONLY

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_from_reporter(incident=self.object, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your message has been sent to the person handling your report.")
                return redirect("incidents:my_report", pk=self.object.pk)
        return _reporter_page(
            request, self.object, what=IncidentAccess.What.REPORTER_VIEWED, reply_form=form, status=400
        )


# --- Handling -------------------------------------------------------------------------------------------------------


class IncidentListView(AccessRequired, TemplateView):
    roles = access.LIST_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/incident_list.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        user, today = request.user, timezone.localdate()
        queryset = selectors.incident_list(user, today=today)
        incident_filter = IncidentFilter(request.GET or None, queryset=queryset, user=user)
        if incident_filter.is_bound and not incident_filter.is_valid():
            results, status = queryset.none(), 400
        else:
            results, status = (incident_filter.qs if incident_filter.is_bound else queryset), 200
        page = Paginator(results, self.paginate_by).get_page(request.GET.get("page"))
        rows = selectors.flag_rows(page.object_list, today=today)
        query = request.GET.copy()
        query.pop("page", None)
        alerts = selectors.partner_alerts(today=today) if access.sees_all(user) else []
        context = {
            "filter": incident_filter,
            "form": incident_filter.form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "alerts": alerts,
        }
        return private(self.render_to_response(context, status=status))


class IncidentObject(AccessRequired):
    """Views about one incident: its case details are loaded once, with everything the case page shows."""

    def get_object(self):
        return get_object_or_404(selectors.incident_detail_queryset(), pk=self.kwargs["pk"])


def _deadline_rows(incident: Incident, today: date) -> list[Deadline]:
    from shared import workdays

    soon = due_soon_cutoff(today, workdays.calendar())
    rows = list(incident.deadlines.all())
    for deadline in rows:
        if deadline.met_on is not None:
            deadline.flag = Flag.NONE
            deadline.flag_label = "Met late" if deadline.met_late else "Met on time"
        else:
            deadline.flag = flag(deadline.due_on, today=today, soon_until=soon)
            deadline.flag_label = FLAG_LABELS[deadline.flag]
    return rows


def case_context(request, incident: Incident, **extra) -> dict:
    user, today = request.user, timezone.localdate()
    can_work = access.can_work(user, incident)
    items = list(incident.checklist.all())
    for item in items:
        item.guide = checklists.GUIDES.get(item.step)
    return {
        "incident": incident,
        "today": today,
        "sees_reporter": access.sees_reporter(user, incident),
        "can_work": can_work and incident.anonymised_on is None,
        "can_triage": access.can_triage(user, incident),
        "transitions": services.available(incident) if can_work else [],
        "checklist": items,
        "deadlines": _deadline_rows(incident, today),
        "messages_list": list(incident.messages.all()),
        "status_changes": list(incident.status_changes.all()),
        "history": selectors.incident_history(incident),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        **extra,
    }


def case_page(request, incident: Incident, *, detail: str = "Case page", status: int = 200, **extra):
    """The case page with every detail, logged as a view each time it is rendered (a form sent back with its
    errors shows the details again, so it is logged again), with the grant it was seen under if any."""
    user = request.user
    grant = (
        None
        if access.sees_all(user) or access.handles(user, incident) or access.in_their_service(user, incident)
        else access.active_grant(user, incident)
    )
    what = IncidentAccess.What.VIEWED_UNDER_GRANT if grant else IncidentAccess.What.VIEWED_CASE
    services.access_record(incident=incident, by=user, what=what, detail=detail, grant=grant)
    context = case_context(request, incident, **extra)
    return private(render(request, "incidents/incident_detail.html", context, status=status))


class IncidentDetailView(IncidentObject, View):
    roles = access.DETAIL_ROLES
    object_rule = access.can_view_case
    http_method_names = GET_ONLY

    def get(self, request, *args, **kwargs):
        return case_page(request, self.object)


class AssignView(IncidentObject, TemplateView):
    roles = access.WORK_ROLES
    object_rule = access.can_triage
    template_name = "incidents/assign.html"

    def get(self, request, *args, **kwargs):
        incident = self.object
        form = AssignForm(initial={"handler": incident.handler_id, "service": incident.service_id})
        return private(self.render_to_response({"incident": incident, "form": form}))

    def post(self, request, *args, **kwargs):
        form = AssignForm(request.POST)
        if form.is_valid():
            try:
                services.incident_assign(
                    incident=self.object,
                    by=request.user,
                    handler=form.cleaned_data["handler"],
                    service=form.cleaned_data["service"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.access_record(
                    incident=self.object, by=request.user, what=IncidentAccess.What.CHANGED, detail="Assigned"
                )
                messages.success(request, f"Assigned to {form.cleaned_data['handler']}.")
                return redirect("incidents:detail", pk=self.object.pk)
        return private(self.render_to_response({"incident": self.object, "form": form}, status=400))


# Each transition on the case page: its form, and how its cleaned data becomes the service's arguments.
TRANSITION_FORMS = {
    "acknowledge": (
        AcknowledgeForm,
        services.incident_acknowledge,
        lambda d: {"acknowledged_on": d["acknowledged_on"], "note": d["reason"]},
    ),
    "start_restorative": (ReasonForm, services.incident_start_restorative, lambda d: {"reason": d["reason"]}),
    "start_investigation": (ReasonForm, services.incident_start_investigation, lambda d: {"reason": d["reason"]}),
    "record_outcome": (OutcomeForm, services.incident_record_outcome, lambda d: d),
    "close": (CloseForm, services.incident_close, lambda d: {"closed_on": d["closed_on"], "reason": d["reason"]}),
    "escalate": (EscalateForm, services.incident_escalate, lambda d: d),
    "reopen": (RequiredReasonForm, services.incident_reopen, lambda d: {"reason": d["reason"]}),
}


class TransitionView(IncidentObject, TemplateView):
    """One move of the incident's status (acknowledge, investigate, outcome, close...): a short form, one service."""

    roles = access.WORK_ROLES
    object_rule = access.can_work
    template_name = "incidents/transition.html"

    def get_object(self):
        if self.kwargs["transition"] not in TRANSITION_FORMS:
            raise Http404("No such step.")
        return super().get_object()

    @property
    def transition(self):
        return services.TRANSITIONS[self.kwargs["transition"]]

    def render_form(self, form, status=200):
        context = {
            "incident": self.object,
            "transition": self.transition,
            "form": form,
            "allowed": self.transition in services.available(self.object),
        }
        return private(self.render_to_response(context, status=status))

    def get(self, request, *args, **kwargs):
        form_class = TRANSITION_FORMS[self.transition.name][0]
        initial = {
            name: timezone.localdate() for name in ("acknowledged_on", "decided_on", "closed_on", "requested_on")
        }
        return self.render_form(form_class(initial=initial))

    def post(self, request, *args, **kwargs):
        form_class, service, arguments = TRANSITION_FORMS[self.transition.name]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(incident=self.object, by=request.user, **arguments(form.cleaned_data))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.access_record(
                    incident=self.object,
                    by=request.user,
                    what=IncidentAccess.What.CHANGED,
                    detail=self.transition.label,
                )
                messages.success(request, f"{self.transition.label}: done.")
                return redirect("incidents:detail", pk=self.object.pk)
        return self.render_form(form, status=400)


def _works_on_item(user, item: ChecklistItem) -> bool:
    return access.can_work(user, item.incident)


class ChecklistStepView(AccessRequired, TemplateView):
    roles = access.WORK_ROLES
    object_rule = _works_on_item
    template_name = "incidents/checklist_step.html"

    def get_object(self):
        if self.kwargs["step"] not in Step.values:
            raise Http404("No such step.")
        return get_object_or_404(
            ChecklistItem.objects.select_related("incident", "incident__partner_agency", "partner_agency"),
            incident_id=self.kwargs["pk"],
            step=self.kwargs["step"],
        )

    def render_form(self, form, status=200):
        item = self.object
        context = {"item": item, "incident": item.incident, "guide": checklists.guide(item.step), "form": form}
        return private(self.render_to_response(context, status=status))

    def get(self, request, *args, **kwargs):
        item = self.object
        initial = {
            "state": item.state if item.resolved else "",
            "done_on": item.done_on or timezone.localdate(),
            "note": item.note,
            "lado_referred": {True: "yes", False: "no"}.get(item.lado_referred),
            "partner_agency": item.partner_agency_id or item.incident.partner_agency_id,
            "review_on": item.review_on,
            "satisfaction": item.incident.satisfaction,
        }
        return self.render_form(ChecklistForm(initial=initial, step=item.step))

    def post(self, request, *args, **kwargs):
        item = self.object
        form = ChecklistForm(request.POST, step=item.step)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.checklist_record(
                    item=item,
                    by=request.user,
                    state=data["state"],
                    done_on=data.get("done_on"),
                    note=data.get("note", ""),
                    lado_referred=data.get("lado_referred"),
                    partner_agency=data.get("partner_agency"),
                    review_on=data.get("review_on"),
                    satisfaction=data.get("satisfaction", ""),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.access_record(
                    incident=item.incident,
                    by=request.user,
                    what=IncidentAccess.What.CHANGED,
                    detail=f"Checklist: {item.get_step_display()}"[:200],
                )
                messages.success(request, f"Checklist step recorded: {item.get_step_display()}.")
                return redirect(reverse("incidents:detail", args=[item.incident_id]) + "#checklist")
        return self.render_form(form, status=400)


def _works_on_deadline(user, deadline: Deadline) -> bool:
    return access.can_work(user, deadline.incident)


class DeadlineExtendView(AccessRequired, TemplateView):
    roles = access.WORK_ROLES
    object_rule = _works_on_deadline
    template_name = "incidents/deadline_extend.html"

    def get_object(self):
        return get_object_or_404(Deadline.objects.select_related("incident"), pk=self.kwargs["pk"])

    def render_form(self, form, status=200):
        from shared import workdays

        deadline = self.object
        most = workdays.calendar().working_days_between(deadline.started_on, deadline.latest_due_on)
        context = {"deadline": deadline, "incident": deadline.incident, "form": form, "most": most}
        return private(self.render_to_response(context, status=status))

    def get(self, request, *args, **kwargs):
        return self.render_form(ExtendForm())

    def post(self, request, *args, **kwargs):
        form = ExtendForm(request.POST)
        if form.is_valid():
            try:
                services.deadline_extend(deadline=self.object, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.access_record(
                    incident=self.object.incident,
                    by=request.user,
                    what=IncidentAccess.What.CHANGED,
                    detail="Deadline extended",
                )
                messages.success(request, "The deadline has been extended and the reason recorded.")
                return redirect(reverse("incidents:detail", args=[self.object.incident_id]) + "#deadlines")
        return self.render_form(form, status=400)


class HandlerMessageView(IncidentObject, View):
    roles = access.WORK_ROLES
    object_rule = access.can_work
    http_method_names = POST_ONLY

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_from_handler(incident=self.object, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.access_record(
                    incident=self.object,
                    by=request.user,
                    what=IncidentAccess.What.CHANGED,
                    detail="Message to the reporter",
                )
                messages.success(request, "Your message has been sent to the reporter.")
                return redirect(reverse("incidents:detail", args=[self.object.pk]) + "#messages")
        return case_page(request, self.object, detail="Case page (message not sent)", status=400, message_form=form,
                         form=form)  # fmt: skip


# --- The data protection officer: access log and grants ------------------------------------------------------------


class AccessLogView(AccessRequired, TemplateView):
    roles = access.ACCESS_LOG_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/access_log.html"
    paginate_by = 100

    def get(self, request, *args, **kwargs):
        log_filter = AccessLogFilter(request.GET or None, queryset=selectors.access_log())
        valid = not log_filter.is_bound or log_filter.is_valid()
        results = log_filter.qs if log_filter.is_bound and valid else selectors.access_log()
        if not valid:
            results = results.none()
        page = Paginator(results, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"filter": log_filter, "form": log_filter.form, "page": page, "query": query.urlencode()}
        return private(self.render_to_response(context, status=200 if valid else 400))


EXPORT_FORMATS = ("csv", "xlsx")


class AccessLogExportView(AccessRequired, View):
    """The access log (as filtered) as a file, made by a background job: it can be long."""

    roles = access.ACCESS_LOG_ROLES
    http_method_names = GET_ONLY

    def get_object(self):
        if self.kwargs["fmt"] not in EXPORT_FORMATS:
            raise Http404("The access log can be exported as csv or xlsx.")
        return None

    def get(self, request, *args, **kwargs):
        log_filter = AccessLogFilter(request.GET or None, queryset=selectors.access_log())
        if log_filter.is_bound and not log_filter.is_valid():
            return redirect(reverse("incidents:access_log") + "?" + request.GET.urlencode())
        params = {"fmt": self.kwargs["fmt"], "filters": {k: v for k, v in request.GET.items() if k != "page"}}
        job = jobs.start("incidents.access_log_export", params=params, by=request.user)
        return redirect("shared:job", pk=job.pk)


class GrantListView(AccessRequired, TemplateView):
    roles = access.ACCESS_LOG_ROLES
    template_name = "incidents/grants.html"

    def page(self, form=None, status=200, refused=None):
        if form is None:
            form = GrantForm(initial={"expires_on": timezone.localdate() + timedelta(days=7)})
        context = {"grants": selectors.grants()[:200], "form": form, "refused": refused, "today": timezone.localdate()}
        return private(self.render_to_response(context, status=status))

    def get(self, request, *args, **kwargs):
        return self.page()

    def post(self, request, *args, **kwargs):
        form = GrantForm(request.POST)
        if form.is_valid():
            try:
                services.grant_create(
                    by=request.user,
                    administrator=form.cleaned_data["administrator"],
                    incident=form.incident,
                    reason=form.cleaned_data["reason"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The administrator may now read that incident until the day you chose.")
                return redirect("incidents:grants")
        return self.page(form, status=400)


class GrantRevokeView(GrantListView):
    http_method_names = POST_ONLY

    def get_object(self):
        return get_object_or_404(AccessGrant, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        try:
            services.grant_revoke(grant=self.object, by=request.user)
        except ValidationError as error:
            return self.page(status=400, refused=refusal(error))  # the grants page, saying why
        messages.success(request, "The grant has been withdrawn.")
        return redirect("incidents:grants")


# --- Leadership: reviews, partner themes, trends --------------------------------------------------------------------


class ReviewListView(AccessRequired, TemplateView):
    roles = access.REVIEW_READ_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/review_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        last_quarter = selectors.quarter_of(selectors.quarter_of(today)[0] - timedelta(days=1))[0]
        form = PeriodForm(initial={"period": f"{last_quarter.isoformat()}:{selectors.quarter_end(last_quarter)}"})
        return super().get_context_data(
            reviews=selectors.reviews(),
            form=form,
            can_start=has_role(self.request.user, *access.REVIEW_ROLES),
            **kwargs,
        )


class ReviewStartView(AccessRequired, View):
    roles = access.REVIEW_ROLES
    http_method_names = POST_ONLY

    def post(self, request, *args, **kwargs):
        form = PeriodForm(request.POST)
        if form.is_valid():
            period = form.cleaned_data["period"]
            try:
                review = services.review_start(by=request.user, period_start=period.start, period_end=period.end)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("incidents:review_detail", pk=review.pk)
        context = {"reviews": selectors.reviews(), "form": form, "can_start": True}
        return render(request, "incidents/review_list.html", context, status=400)


class ReviewObject(AccessRequired):
    def get_object(self):
        return get_object_or_404(
            Review.objects.select_related("completed_by", "created_by").prefetch_related("reviewers", "plan_actions"),
            pk=self.kwargs["pk"],
        )


def review_context(request, review: Review, form=None) -> dict:
    summary = (
        review.summary
        if review.completed
        else selectors.review_summary(review.period_start, review.period_end).as_dict()
    )
    can_edit = access.can_edit_review(request.user, review)
    if form is None and can_edit:
        form = ReviewForm(
            initial={
                "themes": review.themes,
                "reviewers": [p.pk for p in review.reviewers.all()],
                "reviewed_on": review.reviewed_on or timezone.localdate(),
            }
        )
    return {
        "review": review,
        "summary": summary,
        "form": form,
        "can_edit": can_edit,
        "can_act": has_role(request.user, *access.REVIEW_ROLES),
    }


class ReviewDetailView(ReviewObject, View):
    roles = access.REVIEW_READ_ROLES
    http_method_names = GET_ONLY

    def get(self, request, *args, **kwargs):
        return render(request, "incidents/review_detail.html", review_context(request, self.object))


class ReviewSaveView(ReviewObject, View):
    roles = access.REVIEW_ROLES
    object_rule = access.can_edit_review
    http_method_names = POST_ONLY

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            complete = bool(request.POST.get("complete"))
            service = services.review_complete if complete else services.review_save
            try:
                service(
                    review=self.object,
                    by=request.user,
                    themes=data["themes"],
                    reviewers=data["reviewers"],
                    reviewed_on=data["reviewed_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "The review is complete and its summary kept as it was reviewed."
                    if complete
                    else "The review has been saved.",
                )
                return redirect("incidents:review_detail", pk=self.object.pk)
        return render(request, "incidents/review_detail.html", review_context(request, self.object, form), status=400)


def _plan_goals() -> list[tuple[str, list[tuple[str, str]]]]:
    """Goals grouped by plan, read through plans' selectors and the plans' own relations (never its models)."""
    from plans import selectors as plan_selectors

    plans = plan_selectors.plan_list()
    prefetch_related_objects(plans, "goals")
    return [(plan.title, [(str(goal.pk), str(goal)) for goal in plan.goals.all()]) for plan in plans]


def _goal(pk: str):
    from plans import selectors as plan_selectors

    plans = plan_selectors.plan_list()
    prefetch_related_objects(plans, "goals")
    return next((goal for plan in plans for goal in plan.goals.all() if str(goal.pk) == pk), None)


class ReviewActionCreateView(ReviewObject, TemplateView):
    """A new plan action arising from the review, created through plans' own service."""

    roles = access.REVIEW_ROLES
    template_name = "incidents/review_action.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"review": self.object, "form": ReviewActionForm(goals=_plan_goals())})

    def post(self, request, *args, **kwargs):
        form = ReviewActionForm(request.POST, goals=_plan_goals())
        if form.is_valid():
            data = form.cleaned_data
            try:
                link = services.review_create_action(
                    review=self.object,
                    by=request.user,
                    goal=_goal(data["goal"]),
                    code=data["code"],
                    title=data["title"],
                    timescale_text=data["timescale_text"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Action {link.reference} has been added to {link.plan_title}.")
                return redirect(reverse("incidents:review_detail", args=[self.object.pk]) + "#actions")
        return self.render_to_response({"review": self.object, "form": form}, status=400)


class ReviewActionLinkView(ReviewObject, TemplateView):
    roles = access.REVIEW_ROLES
    template_name = "incidents/review_link.html"

    def plans(self):
        from plans import selectors as plan_selectors

        return [(str(plan.pk), plan.title) for plan in plan_selectors.plan_list()]

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"review": self.object, "form": ReviewLinkForm(plans=self.plans())})

    def post(self, request, *args, **kwargs):
        from plans import selectors as plan_selectors

        form = ReviewLinkForm(request.POST, plans=self.plans())
        if form.is_valid():
            reference = form.cleaned_data["reference"].strip().rstrip(".")
            action = (
                plan_selectors.actions_with_rag()
                .filter(plan_id=form.cleaned_data["plan"], reference__iexact=reference)
                .first()
            )
            if action is None:
                form.add_error("reference", f"That plan has no action {reference}.")
            else:
                try:
                    services.review_link_action(review=self.object, by=request.user, action=action)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"Action {action.reference} has been linked to this review.")
                    return redirect(reverse("incidents:review_detail", args=[self.object.pk]) + "#actions")
        return self.render_to_response({"review": self.object, "form": form}, status=400)


class PartnerThemesView(AccessRequired, TemplateView):
    roles = access.THEMES_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/partner_themes.html"

    def get(self, request, *args, **kwargs):
        if "period" in request.GET:
            form = PeriodForm(request.GET)
            period = form.cleaned_data["period"] if form.is_valid() else None
        else:
            period = selectors.periods()[0]
            form = PeriodForm(initial={"period": period.value})
        themes = selectors.partner_themes(period.start, period.end) if period else None
        context = {"form": form, "themes": themes, "period": period}
        return self.render_to_response(context, status=200 if period else 400)


class TrendsView(AccessRequired, TemplateView):
    roles = access.TRENDS_ROLES
    http_method_names = GET_ONLY
    template_name = "incidents/trends.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(trends=selectors.trends(), **kwargs)
