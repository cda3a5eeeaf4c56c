"""Forms for reporting, handling, the access log and reviews: they check what people typed; services decide."""

from django import forms
from django.db.models import Q

from organisation.models import Unit, User
from shared.forms import DayMonthYearField
from shared.roles import Role

from . import keys
from .models import Affected, Category, ChecklistItem, Kind, Mode, Outcome, PartnerAgency, Satisfaction, Step

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value):
    return {"yes": True, "no": False}.get(value)


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.parent.name})" if unit.kind == Unit.Kind.TEAM and unit.parent else unit.name


def service_queryset():
    return Unit.objects.filter(kind__in=[Unit.Kind.SERVICE, Unit.Kind.TEAM]).select_related("parent").order_by("name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.get_full_name() or person.username


class IncidentDetailsForm(forms.Form):
    """What happened: the same questions whichever way someone reports."""

    kind = forms.ChoiceField(
        label="What happened?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened."},
    )
    occurred_on = DayMonthYearField(
        label="When did it happen?",
        required=True,
        help_text="For example, 27/3/2026. If you are not sure, the nearest day you remember.",
        error_messages={"required": "Enter the date it happened, for example 27/3/2026."},
    )
    location = forms.CharField(
        label="Where did it happen?",
        max_length=200,
        required=False,
        help_text="For example, a home visit, the office, a multi-agency meeting or online.",
    )
    service = ServiceChoiceField(
        label="Which service was it in?",
        queryset=Unit.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service it happened in."},
    )
    categories = forms.ModelMultipleChoiceField(
        label="What kind of racism was it?",
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one kind of racism."},
    )
    affected = forms.MultipleChoiceField(
        label="Who was affected?",
        choices=Affected.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply. You do not need to give names.",
    )
    affected_names = forms.CharField(
        label="Names of the people affected",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if you want to: the handler can ask you later.",
        max_length=2000,
    )
    partner_agency = forms.ModelChoiceField(
        label="Which partner agency was involved?",
        queryset=PartnerAgency.objects.none(),
        required=False,
        empty_label="None, or not a partner agency",
        help_text="Choose one if the racism came from a partner agency or professional.",
    )
    what_happened = forms.CharField(
        label="Describe what happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text="Describe what was said or done, as you remember it.",
        error_messages={"required": "Enter what happened."},
    )
    statement = forms.CharField(
        label="The child's or family's statement, in their own words",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For a disclosure: write down exactly what they said (standard 26).",
    )
    statement_copy_given = forms.TypedChoiceField(
        label="Did you give them a copy of the statement?",
        choices=YES_NO,
        coerce=yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="For a disclosure.",
    )
    restorative_requested = forms.BooleanField(
        label="I would like a restorative route to be tried before a formal process",
        required=False,
        help_text="For example, a facilitated conversation. A formal process can still follow.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = service_queryset()
        self.fields["categories"].queryset = Category.objects.order_by("position", "name")
        self.fields["partner_agency"].queryset = PartnerAgency.objects.filter(active=True).order_by("name")

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occurred_on": data["occurred_on"],
            "location": data["location"],
            "service": data["service"],
            "categories": list(data["categories"]),
            "affected": list(data["affected"]),
            "affected_names": data["affected_names"],
            "partner_agency": data["partner_agency"],
            "what_happened": data["what_happened"],
            "statement": data["statement"],
            "statement_copy_given": data["statement_copy_given"],
            "restorative_requested": data["restorative_requested"],
        }


class ReportForm(IncidentDetailsForm):
    """A signed-in person's named or confidential report."""

    mode = forms.ChoiceField(
        label="Who should know you made this report?",
        choices=[
            (Mode.NAMED, "Named: the people handling it can see it was me"),
            (Mode.CONFIDENTIAL, "Confidential: only the handler and safeguarding leads can see it was me"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose named or confidential."},
    )
    field_order = ["mode"]


class CheckForm(forms.Form):
    """An anonymous reporter's way back to their report."""

    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="For example, INC-7K4P-9QXM.",
        error_messages={"required": "Enter the reference you were given."},
    )
    key = forms.CharField(
        label="Secret key",
        max_length=60,
        widget=forms.PasswordInput(render_value=True),
        help_text="The key you were shown once when you made the report, for example ABCD-EFGH-JKLM-NPQR-STUV.",
        error_messages={"required": "Enter your secret key."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["key"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_reference(self):
        reference = keys.normalise_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError("Enter the reference as you were given it, for example INC-7K4P-9QXM.")
        return reference


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter your message."},
    )


class ReporterReplyForm(CheckForm):
    """The anonymous reporter's reply: their reference and key come with it, since nothing is kept between pages."""

    text = MessageForm.base_fields["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget = forms.HiddenInput()
        self.fields["key"].widget = forms.HiddenInput()


def handlers_queryset():
    return (
        User.objects.filter(
            Q(groups__name=Role.INCIDENT_HANDLER.value) | Q(groups__name=Role.SAFEGUARDING_LEAD.value), is_active=True
        )
        .distinct()
        .prefetch_related("groups", "units")
        .order_by("first_name", "last_name", "username")
    )


class HandlerChoiceField(PersonChoiceField):
    """Each handler with the services they take incidents in, so triage can choose within the service."""

    def label_from_instance(self, person):
        name = super().label_from_instance(person)
        if any(group.name == Role.SAFEGUARDING_LEAD.value for group in person.groups.all()):
            return f"{name}, safeguarding lead (any service)"
        units = ", ".join(sorted(unit.name for unit in person.units.all()))
        return f"{name}, {units}" if units else f"{name} (no service set: cannot be assigned)"


class AssignForm(forms.Form):
    handler = HandlerChoiceField(
        label="Handler",
        queryset=User.objects.none(),
        empty_label="Choose a handler",
        help_text="An incident handler who works in the service (or a service above it), or a safeguarding lead.",
        error_messages={"required": "Choose a handler."},
    )
    service = ServiceChoiceField(
        label="Service",
        queryset=Unit.objects.none(),
        help_text="Change it if the report named the wrong service.",
        error_messages={"required": "Choose the service."},
    )
    reason = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers_queryset()
        self.fields["service"].queryset = service_queryset()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Why, or what was agreed. It is kept with the change.",
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter the reason."},
    )


class AcknowledgeForm(forms.Form):
    acknowledged_on = DayMonthYearField(
        label="Date acknowledged", required=True, error_messages={"required": "Enter the date it was acknowledged."}
    )
    reason = forms.CharField(
        label="How it was acknowledged (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a call to the person to say it is taken seriously.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    summary = forms.CharField(
        label="Summary of the outcome and the actions being taken",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        error_messages={"required": "Enter a summary of the outcome."},
    )
    decided_on = DayMonthYearField(
        label="Date of the outcome", required=True, error_messages={"required": "Enter the date of the outcome."}
    )


class CloseForm(forms.Form):
    closed_on = DayMonthYearField(
        label="Date closed", required=True, error_messages={"required": "Enter the date it was closed."}
    )
    reason = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(forms.Form):
    requested_on = DayMonthYearField(
        label="Date the next stage was asked for",
        required=True,
        help_text="The working-day clock for the next stage starts from this day.",
        error_messages={"required": "Enter the date the next stage was asked for."},
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason."}
    )


class ChecklistForm(forms.Form):
    """One step: done (with what the step needs) or not applicable (with why)."""

    state = forms.ChoiceField(
        label="Is this step done?",
        choices=[(ChecklistItem.State.DONE, "Done"), (ChecklistItem.State.NOT_APPLICABLE, "Not applicable")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose done or not applicable."},
    )
    done_on = DayMonthYearField(label="Date done", help_text="For example, 27/3/2026.")
    lado_referred = forms.TypedChoiceField(
        label="Was a referral made to the LADO?",
        choices=YES_NO,
        coerce=yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    partner_agency = forms.ModelChoiceField(
        label="Partner agency it was escalated to",
        queryset=PartnerAgency.objects.none(),
        required=False,
        empty_label="Choose a partner agency",
    )
    review_on = DayMonthYearField(label="Next review date", help_text="For example, 27/6/2026.")
    satisfaction = forms.ChoiceField(
        label="Was the person satisfied with the outcome?",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text="What was done; for the LADO, the outcome of the referral or why none was needed; if not "
        "applicable, why.",
    )

    STEP_FIELDS = {
        Step.LADO: {"lado_referred"},
        Step.PARTNER_ESCALATION: {"partner_agency"},
        Step.REVIEW_POINTS: {"review_on"},
        Step.SATISFACTION: {"satisfaction"},
    }
    OPTIONAL = {"lado_referred", "partner_agency", "review_on", "satisfaction"}

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.STEP_FIELDS.get(step, set())
        for name in self.OPTIONAL - keep:
            del self.fields[name]
        if "partner_agency" in self.fields:
            self.fields["partner_agency"].queryset = PartnerAgency.objects.order_by("name")


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(
        label="Working days it now allows",
        min_value=1,
        max_value=365,
        error_messages={"required": "Enter the number of working days."},
    )
    reason = forms.CharField(
        label="Reason for the extension",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record the reason for the extension."},
    )


class GrantForm(forms.Form):
    administrator = PersonChoiceField(
        label="Administrator",
        queryset=User.objects.none(),
        empty_label="Choose an administrator",
        error_messages={"required": "Choose an administrator."},
    )
    reference = forms.CharField(
        label="Incident reference",
        max_length=40,
        help_text="For example, INC-7K4P-9QXM.",
        error_messages={"required": "Enter the incident's reference."},
    )
    reason = forms.CharField(
        label="Why they need to read it",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the administrator needs to read this incident."},
    )
    expires_on = DayMonthYearField(
        label="Last day it may be used",
        required=True,
        help_text="At most a month from today.",
        error_messages={"required": "Enter the last day the grant may be used."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administrator"].queryset = (
            User.objects.filter(Q(groups__name=Role.ADMINISTRATOR.value) | Q(is_superuser=True), is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def clean_reference(self):
        from .models import Incident

        reference = keys.normalise_reference(self.cleaned_data["reference"])
        incident = Incident.objects.filter(reference=reference).first() if reference else None
        if incident is None:
            raise forms.ValidationError("There is no incident with that reference.")
        self.incident = incident
        return reference


class PeriodForm(forms.Form):
    """A financial quarter or year: fixed periods only, so two summaries cannot be subtracted from each other."""

    period = forms.ChoiceField(
        label="Period",
        error_messages={"required": "Choose the period.", "invalid_choice": "Choose a period from the list."},
    )

    def __init__(self, *args, **kwargs):
        from . import selectors

        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.value, p.label) for p in selectors.periods()]

    def clean_period(self):
        from . import selectors

        period = selectors.period_from(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError("Choose a period from the list.")
        return period


class ReviewForm(forms.Form):
    reviewed_on = DayMonthYearField(label="Date of the review meeting", help_text="For example, 14/7/2026.")
    reviewers = forms.ModelMultipleChoiceField(
        label="Who reviewed it",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Senior leaders who took part. You are added when you complete it.",
    )
    themes = forms.CharField(
        label="Themes noted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text="What the log shows, what to raise with partners, what needs action. No names.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            User.objects.filter(groups__name=Role.SENIOR_LEADERSHIP.value, is_active=True)
            .distinct()
            .order_by("first_name", "last_name")
        )


class ReviewActionForm(forms.Form):
    goal = forms.ChoiceField(label="Goal it belongs to", error_messages={"required": "Choose the goal."})
    code = forms.CharField(
        label="Action code",
        max_length=40,
        help_text="As the plan numbers it, for example 1.6.",
        error_messages={"required": "Enter the action's code."},
    )
    title = forms.CharField(
        label="What the action is",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the action is."},
    )
    timescale_text = forms.CharField(
        label="Timescale", required=False, max_length=300, help_text="As people write it, for example Spring 2027."
    )

    def __init__(self, *args, goals: list[tuple[str, list[tuple[str, str]]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "Choose a goal"), *goals]


class ReviewLinkForm(forms.Form):
    plan = forms.ChoiceField(label="Plan", error_messages={"required": "Choose the plan."})
    reference = forms.CharField(
        label="Action reference",
        max_length=120,
        help_text="As the plan shows it, for example 1.2.A.",
        error_messages={"required": "Enter the action's reference."},
    )

    def __init__(self, *args, plans: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "Choose a plan"), *plans]
