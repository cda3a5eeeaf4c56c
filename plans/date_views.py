"""One page to date the actions that need a date: the "Needs a date" list's actions, each with its timescale as
written and a due date to type, saved together through services.actions_set_due_dates."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.views.generic import TemplateView

from shared.access import AccessRequired
from shared.forms import DayMonthYearField
from shared.roles import Role, has_role
from shared.stale import display

from . import access, services
from .filters import ActionFilter, needs_a_date
from .models import Action

LIMIT = 50  # actions on one page: the rest are dated on the next visit


def editable_actions(user):
    """Actions this person may date: their own plans' (every plan's for an administrator)."""
    actions = Action.objects.select_related("plan", "goal").order_by("plan__title", "goal__position", "reference")
    if has_role(user, Role.ADMINISTRATOR):
        return actions
    return actions.filter(plan__owners=user)


class DueDatesForm(forms.Form):
    """A due date per action, with the version and the due date the page showed (for the stale-edit check)."""

    actions_shown = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, actions: list[Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        self.fields["actions_shown"].initial = ",".join(str(a.pk) for a in actions)
        for action in actions:
            self.fields[f"due-{action.pk}"] = DayMonthYearField(
                label=f"{action.reference} {action.title[:90]}",
                help_text=f"{action.plan}. Timescale as written: “{action.timescale_text or 'none'}”. "
                "For example, 31/3/2026.",
                example="31/3/2026",
            )
            self.fields[f"version-{action.pk}"] = forms.IntegerField(widget=forms.HiddenInput, initial=action.version)
            self.fields[f"shown-{action.pk}"] = forms.DateField(
                widget=forms.HiddenInput, required=False, initial=action.due_date
            )
            action.date_field = f"due-{action.pk}"

    def dates(self) -> list[services.DueDate]:
        return [
            services.DueDate(
                action=action,
                due_date=self.cleaned_data[f"due-{action.pk}"],
                version=self.cleaned_data[f"version-{action.pk}"],
                shown=self.cleaned_data.get(f"shown-{action.pk}"),
            )
            for action in self.actions
            if self.cleaned_data.get(f"due-{action.pk}")
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f"due-{a.pk}") for a in self.actions):
            raise forms.ValidationError("Enter a due date for at least one action.")
        return data


class ActionDatesView(AccessRequired, TemplateView):
    roles = access.OWNER_ROLES
    template_name = "plans/action_dates.html"
    http_method_names = ["get", "post", "head", "options"]

    def listed(self) -> list[Action]:
        """The actions the "Needs a date" list shows with the same filters, that this person may date."""
        query = self.request.GET.copy()
        query["needs_date"] = "true"
        base = editable_actions(self.request.user)
        found = ActionFilter(query, queryset=base)
        results = found.qs if found.is_valid() else base.filter(needs_a_date())
        return list(results.distinct()[:LIMIT])

    def posted(self) -> list[Action]:
        ids = [int(pk) for pk in self.request.POST.get("actions_shown", "").split(",") if pk.isdigit()][:LIMIT]
        return list(editable_actions(self.request.user).filter(Q(pk__in=ids)))

    def get(self, request, *args, **kwargs):
        actions = self.listed()
        return self.render_to_response({"form": DueDatesForm(actions=actions), "actions": actions})

    def post(self, request, *args, **kwargs):
        actions = self.posted()
        form = DueDatesForm(request.POST, actions=actions)
        if form.is_valid():
            try:
                saved = services.actions_set_due_dates(by=request.user, dates=form.dates())
            except services.DatesRefused as refused:
                return self.refused(form, actions, refused)
            messages.success(request, f"Due dates saved for {len(saved)} action{'s' if len(saved) != 1 else ''}.")
            back = request.GET.urlencode()
            return redirect(f"{self.request.path.rsplit('dates/', 1)[0]}?{back or 'needs_date=true'}")
        return self.render_to_response({"form": form, "actions": actions}, status=400)

    def refused(self, form: DueDatesForm, actions: list[Action], refused) -> object:
        """Nothing was saved: say which actions someone else changed (and to what), keep what this person typed."""
        current = {a.pk: a for a in Action.objects.filter(pk__in=[a.pk for a in actions])}
        data = form.data.copy()
        for action in actions:
            if action.pk in refused.stale:
                stored = current[action.pk]
                form.add_error(
                    f"due-{action.pk}",
                    f"Someone else set this action's due date to {display(stored.due_date)} after you opened "
                    "this page. Check it, then save again.",
                )
                data[f"version-{action.pk}"] = str(stored.version)
                data[f"shown-{action.pk}"] = stored.due_date.isoformat() if stored.due_date else ""
            for message in refused.invalid.get(action.pk, []):
                form.add_error(f"due-{action.pk}", message)
        rebuilt = DueDatesForm(data, actions=actions)
        rebuilt.is_valid()
        for name, errors in form.errors.items():
            for error in errors:
                if error not in rebuilt.errors.get(name, []):
                    rebuilt.add_error(name if name != "__all__" else None, error)
        return self.render_to_response({"form": rebuilt, "actions": actions}, status=409)
