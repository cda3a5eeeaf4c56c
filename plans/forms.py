"""Forms for progress, RAG overrides, action edits, plan settings and review comments."""

from django import forms
from django.utils import timezone

from organisation.models import Lead, Unit, User
from shared.forms import DayMonthYearField
from shared.stale import VersionedForm

from .choices import Rag, Status
from .models import Action, Pillar, Plan, Theme


class ActionReferencesField(forms.CharField):
    """Other actions of the plan, typed as their references ("1.1.D, 2.3.A"); cleans to a list of actions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)
        self.plan = None
        self.action = None

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(a.reference for a in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        wanted = [ref.strip() for ref in text.split(",") if ref.strip()]
        found = {a.reference: a for a in Action.objects.filter(plan=self.plan, reference__in=wanted)}
        missing = [ref for ref in wanted if ref not in found]
        if missing:
            raise forms.ValidationError(f"There is no action {', '.join(missing)} in this plan.")
        if self.action is not None and self.action.reference in found:
            raise forms.ValidationError("An action cannot refer to itself.")
        return [found[ref] for ref in dict.fromkeys(wanted)]


class EvidenceLinksField(forms.CharField):
    """Links to evidence, one per line as "title | address"; cleans to a list of (title, address)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{title} | {url}" for title, url in value)
        return value

    def clean(self, value):
        from django.core.validators import URLValidator

        links = []
        for number, line in enumerate(super().clean(value).splitlines(), start=1):
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


class ProgressForm(VersionedForm):
    """A progress update always adds to the history; the status is compared with what the lead saw, so two
    leads posting at once never conflict unless both changed the status differently."""

    prefix = "progress"
    tracked = ("status",)

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
    tracked = ("colour", "reason", "expires")

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
    tracked = (
        "title",
        "detail",
        "measurable",
        "timescale_text",
        "due_date",
        "leads",
        "service_area",
        "themes",
        "pillars",
        "immediate_need",
        "update_requested",
        "recommendation_for_corporate_action",
        "cross_references",
        "evidence_links",
    )

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
    cross_references = ActionReferencesField(
        label="See also",
        help_text="References of related actions in this plan, separated by commas. For example, 1.1.D, 2.3.A",
    )
    evidence_links = EvidenceLinksField(
        label="Evidence links",
        help_text="One per line: a title, a vertical bar, then the web address. "
        "For example, Recruitment protocol | https://intranet.example.org/protocol",
    )

    def __init__(self, *args, plan: Plan, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.action = plan, action
        self.fields["cross_references"].plan = plan
        self.fields["cross_references"].action = action

    def _rebuild_kwargs(self) -> dict:
        return {"plan": self.plan, "action": self.action}


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
    """An answer to one review comment; each comment's form has its own prefix, so errors show beside it."""

    response = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter your answer."}
    )


class LinkLeadForm(forms.Form):
    """Which account a lead named in a plan is: nothing chosen until the owner chooses, then a confirmation."""

    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        label="Account",
        empty_label="Choose an account",
        error_messages={"required": "Choose the account this lead is."},
    )
    confirm = forms.BooleanField(
        label="I have checked this is the same person",
        error_messages={"required": "Tick the box to confirm this account is the person the plan names."},
    )

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "user"
        ].help_text = (
            f"The person the plan calls “{lead.name}”. Linking lets them post updates on the actions listed below."
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


class AsAtForm(forms.Form):
    """The day a plan is shown as it stood; empty means today."""

    day = DayMonthYearField(
        label="Show the plan as it stood on",
        example="31/3/2026",
        help_text="For example, 31/3/2026. Leave empty for today.",
    )

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day and day > timezone.localdate():
            raise forms.ValidationError("Choose today or a day in the past.")
        return day


class ChangesForm(forms.Form):
    """Two days to compare: what changed after the end of the first and by the end of the second."""

    since = DayMonthYearField(label="Changes since", example="1/2/2026", help_text="For example, 1/2/2026.")
    until = DayMonthYearField(label="Up to", example="31/3/2026", help_text="Leave empty for today.")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end must be on or after the start.")
        if until and until > timezone.localdate():
            self.add_error("until", "Choose today or a day in the past.")
        return data
