"""Forms for progress, RAG overrides, action edits, plan settings and review comments."""

from django import forms
from django.utils import timezone

from organisation.forms import DayMonthYearField
from organisation.models import Lead, Unit, User

from .choices import Rag, Status
from .models import Action, Pillar, Plan, Theme


class VersionedForm(forms.Form):
    """Carries the version of the action the person saw, so a later save by someone else is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(VersionedForm):
    prefix = "progress"

    text = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what has happened since the last update."},
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices, error_messages={"required": "Choose a status."})
    written_on = DayMonthYearField(
        label="Date of this update", help_text="Leave empty for today. For example, 27/3/2026."
    )

    def clean_written_on(self):
        value = self.cleaned_data.get("written_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of an update cannot be in the future.")
        return value


class RagOverrideForm(VersionedForm):
    prefix = "colour"

    colour = forms.ChoiceField(
        label="Colour to show",
        choices=[(c, Rag(c).label) for c in (Rag.RED, Rag.AMBER, Rag.GREEN)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose red, amber or green."},
    )
    reason = forms.CharField(
        label="Why",
        max_length=500,
        help_text="Shown next to the colour.",
        error_messages={"required": "Say why the colour should differ from the computed one."},
    )
    expires = DayMonthYearField(
        label="Stop showing it after",
        help_text="Leave empty to keep it until removed. For example, 30/6/2026.",
        example="30/6/2026",
    )


class ActionEditForm(VersionedForm):
    title = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Enter the action's title."}
    )
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    measurable = forms.CharField(
        label="Measurable (success measure)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    timescale_text = forms.CharField(
        label="Timescale as written",
        required=False,
        max_length=300,
        help_text="For example: Spring 2021, By April 2021, Q1 2021/22, Ongoing.",
    )
    due_date = DayMonthYearField(label="Due date", help_text="Set it when the timescale cannot be read.")
    leads = forms.ModelMultipleChoiceField(
        queryset=Lead.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    service_area = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label="Service area")
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    pillars = forms.ModelMultipleChoiceField(
        queryset=Pillar.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label="Corporate pillars"
    )
    immediate_need = forms.BooleanField(required=False, label="Immediate need")
    update_requested = forms.BooleanField(required=False, label="Ask the leads for an update")
    recommendation_for_corporate_action = forms.CharField(
        label="Recommendation for corporate action", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    see_also = forms.CharField(
        label="See also",
        required=False,
        max_length=1000,
        help_text="References of related actions in this plan, separated by commas. For example, 1.1.D, 2.3.A",
    )
    evidence = forms.CharField(
        label="Evidence links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: a title, a vertical bar, then the web address. "
        "For example, Recruitment protocol | https://intranet.example.org/protocol",
    )

    def __init__(self, *args, plan: Plan, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.action = plan, action

    def clean_see_also(self) -> list[Action]:
        wanted = [ref.strip() for ref in self.cleaned_data["see_also"].split(",") if ref.strip()]
        found = {a.reference: a for a in Action.objects.filter(plan=self.plan, reference__in=wanted)}
        missing = [ref for ref in wanted if ref not in found]
        if missing:
            raise forms.ValidationError(f"There is no action {', '.join(missing)} in this plan.")
        if self.action.reference in found:
            raise forms.ValidationError("An action cannot refer to itself.")
        return [found[ref] for ref in wanted]

    def clean_evidence(self) -> list[tuple[str, str]]:
        from django.core.validators import URLValidator

        links = []
        for number, line in enumerate(self.cleaned_data["evidence"].splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, url = line.partition("|")
            try:
                if not bar:
                    raise forms.ValidationError("missing")
                URLValidator(schemes=["http", "https"])(url.strip())
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number}: write a title, a vertical bar (|), then a web address starting https://"
                ) from None
            links.append((title.strip()[:200] or url.strip()[:200], url.strip()))
        return links

    @classmethod
    def initial_for(cls, action: Action) -> dict:
        return {
            "version": action.version,
            "title": action.title,
            "detail": action.detail,
            "measurable": action.measurable,
            "timescale_text": action.timescale_text,
            "due_date": action.due_date,
            "leads": list(action.leads.all()),
            "service_area": action.service_area,
            "themes": list(action.themes.all()),
            "pillars": list(action.pillars.all()),
            "immediate_need": action.immediate_need,
            "update_requested": action.update_requested,
            "recommendation_for_corporate_action": action.recommendation_for_corporate_action,
            "see_also": ", ".join(a.reference for a in action.cross_references.all()),
            "evidence": "\n".join(f"{link.title} | {link.url}" for link in action.evidence_links.all()),
        }


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "description",
            "period_start",
            "period_end",
            "governance_body",
            "review_rhythm",
            "update_window_days",
            "due_soon_days",
            "owners",
            "owning_units",
        ]
        widgets = {
            "owners": forms.CheckboxSelectMultiple,
            "owning_units": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = User.objects.filter(groups__name="Plan owner").distinct()
        self.fields["governance_body"].queryset = Lead.objects.filter(kind=Lead.Kind.GROUP)
        self.fields["owning_units"].queryset = Unit.objects.exclude(kind=Unit.Kind.TEAM)


class CommentForm(forms.Form):
    prefix = "comment"

    text = forms.CharField(
        label="Comment or question",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your comment."},
    )
    assigned_to = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        label="Assign to",
        help_text="Who should answer it.",
    )


class AnswerForm(forms.Form):
    response = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter your answer."}
    )


class LinkLeadForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        label="Account",
        error_messages={"required": "Choose the account this lead is."},
    )


class GoalForm(forms.Form):
    number = forms.CharField(
        label="Number",
        max_length=20,
        help_text="As the plan writes it, for example 4 or 5.1.",
        error_messages={"required": "Enter the goal's number."},
    )
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the goal's title."})
    outcome = forms.CharField(
        label="Outcome statement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What success looks like.",
    )


class NewActionForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="As the plan writes it: 1.6 for a headline action, F or iv under another action.",
        error_messages={"required": "Enter the action's code."},
    )
    title = forms.CharField(
        label="Title",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the action's title."},
    )
    timescale_text = forms.CharField(
        label="Timescale as written",
        required=False,
        max_length=300,
        help_text="For example: Spring 2027, By April 2027, Ongoing.",
    )
    leads = forms.ModelMultipleChoiceField(
        queryset=Lead.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
