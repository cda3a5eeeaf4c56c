"""A background job's page: its progress while it runs, then its file or what went wrong. Only for who asked."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from . import jobs, notifications
from .access import AccessRequired
from .models import Job, ReminderPreference
from .roles import Role


def requested_it(user, job: Job) -> bool:
    """A job's progress and file are for the person who asked for it."""
    return job.requested_by_id is not None and job.requested_by_id == user.pk


class JobAccess(AccessRequired):
    roles = frozenset(Role)
    object_rule = requested_it

    def get_object(self) -> Job:
        return get_object_or_404(Job, pk=self.kwargs["pk"])


class JobView(JobAccess, TemplateView):
    template_name = "shared/job.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.object, **kwargs)


class JobStatusView(JobAccess, View):
    """What the progress page's script polls: small, uncached, nothing personal."""

    http_method_names = ["get", "options"]

    def get(self, request, *args, **kwargs):
        job = self.object
        response = JsonResponse(
            {
                "state": job.state,
                "state_label": job.get_state_display(),
                "done": job.progress_done,
                "total": job.progress_total,
                "percent": job.percent,
                "note": job.progress_note,
                "finished": job.finished,
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class JobDownloadView(JobAccess, View):
    http_method_names = ["get", "options"]

    def get(self, request, *args, **kwargs):
        job = self.object
        if job.state != Job.State.SUCCEEDED or not job.file:
            raise Http404("This file is not ready, or has been removed after its time.")
        response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or "download")
        response["Content-Type"] = job.content_type or "application/octet-stream"
        response["Cache-Control"] = "private, no-store"
        return response


class JobRetryView(JobAccess, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        if self.object.state != Job.State.FAILED:
            return redirect("shared:job", pk=self.object.pk)
        return redirect("shared:job", pk=jobs.retry(self.object, by=request.user).pk)


class RemindersForm(forms.Form):
    """How often this person gets each kind of reminder the apps send."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in notifications.kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=ReminderPreference.Frequency.choices,
                initial=current.get(kind.key, ReminderPreference.Frequency.DEFAULT),
                widget=forms.RadioSelect,
                required=False,  # a kind left out of the post (an app added since the page loaded) keeps its choice
            )


class RemindersView(AccessRequired, TemplateView):
    """Each person chooses how often they are reminded; anyone signed in with a role."""

    roles = frozenset(Role)
    template_name = "shared/reminders.html"
    http_method_names = ["get", "post", "head", "options"]

    def current(self) -> dict[str, str]:
        return dict(ReminderPreference.objects.filter(person=self.request.user).values_list("kind", "frequency"))

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": RemindersForm(current=self.current())})

    def post(self, request, *args, **kwargs):
        form = RemindersForm(request.POST, current=self.current())
        if form.is_valid():
            for kind, frequency in form.cleaned_data.items():
                if frequency:
                    notifications.preference_set(person=request.user, kind=kind, frequency=frequency)
            messages.success(request, "Your reminder choices have been saved.")
            return redirect("shared:reminders")
        return self.render_to_response({"form": form}, status=400)
