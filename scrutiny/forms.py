"""Forms for packs and the committee's questions; forms on a draft two owners may edit carry its version."""

from __future__ import annotations

from django import forms

from shared.forms import DayMonthYearField
from shared.stale import VersionedForm, sign_base

from . import selectors
from .models import CommitteeQuestion


class PackFields(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text='What the committee will call it, for example "Anti-racist action plan: update to scrutiny".',
        error_messages={"required": "Enter a title for the pack."},
    )
    meeting_date = DayMonthYearField(
        label="Meeting date", required=True, error_messages={"required": "Enter the day the committee meets."}
    )
    as_at = DayMonthYearField(
        label="Show the plans as at",
        required=True,
        help_text="The plans are shown as they stood at the end of this day. Usually today or the end of last month.",
        error_messages={"required": "Enter the day to show the plans as at."},
    )
    changes_since = DayMonthYearField(
        label="List the changes since",
        help_text="Leave it empty to list the changes since the last published pack on these plans "
        "(or the 90 days before the 'as at' day if there is none).",
    )
    plans = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one plan.", "invalid_choice": "Choose plans from the list."},
    )
    panels = forms.MultipleChoiceField(
        label="Dashboard panels to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each is shown for every plan in the pack, as the dashboard shows it on the day the pack is "
        "published. Only panels with no personal data, and that you can see on your own dashboard, can be chosen.",
        error_messages={"invalid_choice": "Choose panels from the list."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plans"].queryset = selectors.plans_for_packs(user)
        self.fields["panels"].choices = selectors.packable_panels(user)

    def clean(self):
        data = super().clean()
        since, as_at = data.get("changes_since"), data.get("as_at")
        if since and as_at and since >= as_at:
            self.add_error("changes_since", "The 'changes since' day must be before the 'as at' day.")
        return data


class PackCreateForm(PackFields):
    pass


class PackEditForm(PackFields, VersionedForm):
    tracked = ("title", "meeting_date", "as_at", "changes_since", "plans", "panels")

    def __init__(self, *args, user, pack, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.pack = pack
        # Plans already in the pack stay choosable (an administrator may have added another owner's plan).
        self.fields["plans"].queryset = (
            (selectors.plans_for_packs(user) | pack.plans.all()).distinct().order_by("title")
        )
        # So do panels already chosen (an administrator may have added one this person cannot see).
        self.fields["panels"].choices = selectors.packable_panels(user, keep=pack.panels)

    def _rebuild_kwargs(self) -> dict:
        return {"user": self.user, "pack": self.pack}


class NarrativesForm(VersionedForm):
    """A text box per goal of the pack's plans: the owners' commentary, shown beside that goal's changes."""

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        names = []
        for goal in goals:
            name = selectors.narrative_field(goal.pk)
            self.fields[name] = forms.CharField(
                label=f"{goal.number}. {goal.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=goal.plan.title if len({g.plan_id for g in goals}) > 1 else "",
            )
            names.append(name)
        self.tracked = tuple(names)

    @classmethod
    def for_pack(cls, values: dict, *, version: int, goals) -> NarrativesForm:
        names = [selectors.narrative_field(g.pk) for g in goals]
        initial = {**values, "version": version, "base": sign_base({n: values.get(n, "") for n in names})}
        return cls(initial=initial, goals=goals)

    def goal_fields(self):
        return [self[selectors.narrative_field(g.pk)] for g in self.goals]

    def _rebuild_kwargs(self) -> dict:
        return {"goals": self.goals}


class PublishForm(forms.Form):
    """Carries the version the person previewed, so what they publish is what they saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class MakePublicForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that anyone with the address will be able to read this pack and download its files, "
        "without signing in",
        error_messages={"required": "Tick the box to confirm that anyone may read this pack."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the pack's record. The public page and councillors' list show only that it was withdrawn.",
        error_messages={"required": "Say why the pack is withdrawn."},
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is it a question or a recommendation?",
        choices=CommitteeQuestion.Kind.choices,
        widget=forms.RadioSelect,
        initial=CommitteeQuestion.Kind.QUESTION,
        error_messages={"required": "Choose question or recommendation."},
    )
    about = forms.ChoiceField(
        label="What is it about?",
        error_messages={"required": "Choose what it is about.", "invalid_choice": "Choose from the list."},
    )
    text = forms.CharField(
        label="The question or recommendation",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the question or recommendation."},
    )
    asked_on = DayMonthYearField(
        label="Asked on",
        required=True,
        help_text="Usually the day of the meeting.",
        error_messages={"required": "Enter the day it was asked."},
    )
    respond_by = DayMonthYearField(
        label="Respond by", required=True, error_messages={"required": "Enter the day a response is due."}
    )
    respondent = forms.ChoiceField(
        label="Who must respond?",
        required=False,
        help_text="A lead named in the plan, or the plan's owners.",
        error_messages={"invalid_choice": "Choose from the list."},
    )

    def __init__(self, *args, about_choices, respondent_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Choose...")] + about_choices
        self.fields["respondent"].choices = respondent_choices

    def clean(self):
        data = super().clean()
        asked, due = data.get("asked_on"), data.get("respond_by")
        if asked and due and due < asked:
            self.add_error("respond_by", "The response is due on or after the day it was asked.")
        return data

    def target(self) -> tuple[str, int | None]:
        """('plan', None), ('goal', id) or ('action', id) from the chosen value."""
        value = self.cleaned_data["about"]
        if ":" not in value:
            return "plan", None
        kind, pk = value.split(":", 1)
        return kind, int(pk)


class RespondForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text='The committee reads it in the next pack, under "Our response".',
        error_messages={"required": "Enter the response."},
    )


class WithdrawQuestionForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The next pack shows that it was withdrawn, with this reason.",
        error_messages={"required": "Say why it is withdrawn."},
    )
