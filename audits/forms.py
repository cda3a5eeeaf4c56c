"""Forms: starting and conducting an audit, moderating it, actions arising, the programme, the language check."""

from __future__ import annotations

from django import forms

from organisation.models import Lead, Unit, User
from shared.forms import DayMonthYearField
from shared.roles import Role
from shared.stale import VersionedForm

from . import selectors
from .models import AuditTemplate, AuditType, Framework, Grade, Rating
from .references import validate_subject_reference
from .services import AUDIT_FIELDS, PROGRAMME_FIELDS, rating_key

MAX_TEXT = 20_000
MAX_CHECKED_TEXT = 200_000  # characters: a long set of minutes; the check itself is linear

YES_NO = [("yes", "Yes, I agree"), ("no", "No, I disagree")]


def _units():
    return Unit.objects.order_by("name")


def _auditors():
    return User.objects.filter(groups__name=Role.AUDITOR, is_active=True).order_by("first_name", "last_name")


class SubjectReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Case or record reference")
        kwargs.setdefault(
            "help_text",
            "For example CF-2024-0193 or LAC/123. Never the child's or family's name or initials: audit records are "
            "read by people who do not need to know who the child is.",
        )
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("validators", [validate_subject_reference])
        kwargs.setdefault("error_messages", {"required": "Enter the case or record reference."})
        super().__init__(**kwargs)
        self.widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})


class StartAuditForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Type of audit",
        queryset=AuditTemplate.objects.none(),
        empty_label="Choose a template",
        error_messages={"required": "Choose the type of audit."},
    )
    unit = forms.ModelChoiceField(
        label="Team or service audited",
        queryset=Unit.objects.none(),
        empty_label="Choose a team or service",
        error_messages={"required": "Choose the team or service audited."},
    )
    subject_reference = SubjectReferenceField()
    audit_date = DayMonthYearField(
        label="Date of the audit",
        required=True,
        help_text="For example, 27/3/2026.",
        error_messages={"required": "Enter the date of the audit."},
    )
    programme_entry = forms.ModelChoiceField(
        label="Counts towards this line of the audit programme",
        queryset=None,
        required=False,
        empty_label="None: not part of the programme",
        help_text="Your programme lines for this unit and type of audit.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = selectors.active_templates()
        self.fields["unit"].queryset = _units()
        self.fields["programme_entry"].queryset = selectors.open_entries_for(user)
        self.fields["programme_entry"].label_from_instance = lambda e: (
            f"{e.template.name}, {e.unit.name}: {e.audits_due} by {e.due_by:%d/%m/%Y}"
        )


class AuditFormBase(VersionedForm):
    """The audit itself. Subclassed per audit by audit_form_class, with a rating and an evidence note per line."""

    subject_reference = SubjectReferenceField()
    audit_date = DayMonthYearField(label="Date of the audit", required=True, help_text="For example, 27/3/2026.")
    strengths = forms.CharField(
        label="Strengths",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the practice does well against the standards.",
    )
    learning = forms.CharField(
        label="Learning and areas to develop",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    overall_grade = forms.ChoiceField(
        label="Overall grade",
        required=False,
        choices=Grade.choices,
        widget=forms.RadioSelect,
        help_text="On the Ofsted scale. You can save a draft without one.",
    )
    lines: list = []

    def line_fields(self):
        """(rating, rating field, evidence field) per line, in order, for the template."""
        return [(rating, self[rating_key(rating)[0]], self[rating_key(rating)[1]]) for rating in self.lines]


def audit_form_class(ratings) -> type[AuditFormBase]:
    """A form class for one audit's lines (VersionedForm needs its tracked fields on the class)."""
    ratings = list(ratings)
    attrs: dict = {"lines": ratings}
    names = list(AUDIT_FIELDS)
    for rating in ratings:
        rating_name, evidence_name = rating_key(rating)
        standard = rating.item.standard
        hint = standard.text if standard else ""
        if rating.item.guidance:
            hint = f"{hint} Look for: {rating.item.guidance}".strip()
        attrs[rating_name] = forms.ChoiceField(
            label=rating.item.label, required=False, choices=Rating.choices, widget=forms.RadioSelect, help_text=hint
        )
        attrs[evidence_name] = forms.CharField(
            label=f"Evidence for standard {standard.number}" if standard else "Evidence for this question",
            required=False,
            max_length=MAX_TEXT,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="What in the record shows it. Use the case reference, not names.",
        )
        names += [rating_name, evidence_name]
    attrs["tracked"] = tuple(names)
    return type("AuditForm", (AuditFormBase,), attrs)


class ModerationFormBase(forms.Form):
    overall_agrees = forms.ChoiceField(
        label="Do you agree with the overall grade?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the overall grade."},
    )
    overall_grade = forms.ChoiceField(
        label="The overall grade you would give",
        required=False,
        choices=Grade.choices,
        widget=forms.RadioSelect,
        help_text="Only if you disagree.",
    )
    overall_reason = forms.CharField(
        label="Why",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you disagree; useful feedback for the auditor if you agree.",
    )
    lines: list = []

    def line_fields(self):
        return [(r, self[f"agrees_{r.pk}"], self[f"moderated_{r.pk}"], self[f"reason_{r.pk}"]) for r in self.lines]

    def clean(self):
        """Everything a disagreement needs, said at once (the service checks the same again)."""
        data = super().clean()
        for rating in self.lines:
            if data.get(f"agrees_{rating.pk}") != "no":
                continue
            label = rating.item.label
            if not data.get(f"moderated_{rating.pk}"):
                self.add_error(f"moderated_{rating.pk}", f"Choose the rating you would give {label}.")
            elif data[f"moderated_{rating.pk}"] == rating.rating:
                self.add_error(
                    f"moderated_{rating.pk}",
                    f"You disagree with the rating of {label}: choose a different rating, or agree.",
                )
            if not (data.get(f"reason_{rating.pk}") or "").strip():
                self.add_error(f"reason_{rating.pk}", f"Say why you disagree with the rating of {label}.")
        if data.get("overall_agrees") == "no":
            if not data.get("overall_grade"):
                self.add_error("overall_grade", "Choose the overall grade you would give.")
            if not (data.get("overall_reason") or "").strip():
                self.add_error("overall_reason", "Say why you disagree with the overall grade.")
        return data


def moderation_form_class(ratings) -> type[ModerationFormBase]:
    ratings = list(ratings)
    attrs: dict = {"lines": ratings}
    for rating in ratings:
        label = rating.item.label
        attrs[f"agrees_{rating.pk}"] = forms.ChoiceField(
            label=f"Do you agree with the rating of {label}?",
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": f"Say whether you agree with the rating of {label}."},
        )
        attrs[f"moderated_{rating.pk}"] = forms.ChoiceField(
            label="The rating you would give",
            required=False,
            choices=Rating.choices,
            widget=forms.RadioSelect,
            help_text="Only if you disagree.",
        )
        attrs[f"reason_{rating.pk}"] = forms.CharField(
            label="Why you disagree", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
        )
    return type("ModerationForm", (ModerationFormBase,), attrs)


class ActionArisingForm(forms.Form):
    """A new plan action: which goal, what, who leads it, by when."""

    prefix = "new"
    goal = forms.TypedChoiceField(
        label="Plan and goal it belongs to", coerce=int, error_messages={"required": "Choose the goal."}
    )
    title = forms.CharField(
        label="What needs to be done",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs to be done."},
    )
    lead = forms.ModelChoiceField(
        label="Lead",
        queryset=Lead.objects.none(),
        empty_label="Choose who will lead it",
        error_messages={"required": "Choose who will lead the action."},
    )
    timescale_text = forms.CharField(
        label="Timescale",
        max_length=300,
        help_text="As you would write it in the plan, for example 'By March 2027'.",
        error_messages={"required": "Say by when, for example 'By March 2027'."},
    )
    standard = forms.ModelChoiceField(
        label="Standard it arises from", queryset=None, required=False, empty_label="Not one standard"
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        from plans import selectors as plan_selectors

        self.goals = {goal.pk: goal for goal in plan_selectors.goals_for_choice()}
        by_plan: dict[str, list] = {}
        for goal in self.goals.values():
            by_plan.setdefault(goal.plan.title, []).append((goal.pk, f"{goal.number}. {goal.title}"[:120]))
        self.fields["goal"].choices = [("", "Choose a goal"), *by_plan.items()]
        self.fields["lead"].queryset = Lead.objects.order_by("name")
        self.fields["standard"].queryset = _audit_standards(audit)

    def clean_goal(self):
        goal = self.goals.get(self.cleaned_data["goal"])
        if goal is None:
            raise forms.ValidationError("Choose a goal from the list.")
        return goal


class LinkActionForm(forms.Form):
    """An existing plan action, by its plan and reference (as written in the plan: 2.1.A)."""

    prefix = "link"
    plan = forms.TypedChoiceField(label="Plan", coerce=int, error_messages={"required": "Choose the plan."})
    reference = forms.CharField(
        label="Action reference",
        max_length=120,
        help_text="As the plan writes it, for example 2.1.A.",
        error_messages={"required": "Enter the action's reference."},
    )
    standard = forms.ModelChoiceField(
        label="Standard it relates to", queryset=None, required=False, empty_label="Not one standard"
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        from plans import selectors as plan_selectors

        self.plans = {plan.pk: plan for plan in plan_selectors.plans_for_choice()}
        self.fields["plan"].choices = [("", "Choose a plan")] + [(p.pk, p.title) for p in self.plans.values()]
        self.fields["standard"].queryset = _audit_standards(audit)

    def clean(self):
        from plans import selectors as plan_selectors

        data = super().clean()
        plan, reference = self.plans.get(data.get("plan")), (data.get("reference") or "").strip()
        if plan is None or not reference:
            return data
        action = plan_selectors.action_detail_queryset().filter(plan_id=plan.pk, reference=reference).first()
        if action is None:
            self.add_error("reference", f"There is no action {reference} in {plan.title}.")
        data["action"] = action
        return data


def _audit_standards(audit):
    from .models import Standard

    return Standard.objects.filter(ratings__audit=audit).distinct().order_by("number")


class LanguageSampleForm(forms.Form):
    label = forms.CharField(
        label="What you checked",
        max_length=200,
        help_text="For example 'Child protection conference minutes, March'. Do not include names.",
        error_messages={"required": "Say what you checked."},
    )
    text = forms.CharField(
        label="The text of the minutes",
        max_length=MAX_CHECKED_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste it here. Only the counts are kept: the text itself is not saved.",
        error_messages={"required": "Paste the text of the minutes to check."},
    )


class LanguageCheckForm(forms.Form):
    text = forms.CharField(
        label="Text to check",
        max_length=MAX_CHECKED_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste case notes, minutes, an assessment or a progress update. Nothing you paste is saved.",
        error_messages={"required": "Paste the text you want to check."},
    )


class ProgrammeFields(forms.Form):
    unit = forms.ModelChoiceField(
        label="Team or service",
        queryset=Unit.objects.none(),
        empty_label="Choose a team or service",
        error_messages={"required": "Choose the team or service."},
    )
    template = forms.ModelChoiceField(
        label="Type of audit",
        queryset=AuditTemplate.objects.none(),
        empty_label="Choose a template",
        error_messages={"required": "Choose the type of audit."},
    )
    audits_due = forms.IntegerField(
        label="How many audits",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Say how many audits.",
            "invalid": "Enter a whole number, for example 6.",
            "min_value": "Plan at least one audit.",
        },
    )
    starts_on = DayMonthYearField(
        label="Audits dated from",
        required=True,
        example="1/4/2026",
        help_text="For example, 1/4/2026.",
        error_messages={"required": "Enter the day audits start counting from."},
    )
    due_by = DayMonthYearField(
        label="Due by",
        required=True,
        example="30/6/2026",
        help_text="For example, 30/6/2026.",
        error_messages={"required": "Enter the date the audits are due by."},
    )
    auditor = forms.ModelChoiceField(
        label="Auditor",
        queryset=User.objects.none(),
        empty_label="Choose an auditor",
        error_messages={"required": "Choose who will do the audits."},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()
        self.fields["template"].queryset = selectors.active_templates()
        self.fields["auditor"].queryset = _auditors()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("due_by") and data["due_by"] < data["starts_on"]:
            self.add_error("due_by", "The due date must be on or after the start date.")
        return data


class ProgrammeEditForm(ProgrammeFields, VersionedForm):
    tracked = PROGRAMME_FIELDS


class ComplianceFilterForm(forms.Form):
    """The filter is in the URL: ?framework=&unit=&audit_type=&year=. A bad value is a form error, not a crash."""

    framework = forms.ModelChoiceField(
        label="Version of the standards", queryset=Framework.objects.none(), required=False, empty_label=None
    )
    unit = forms.ModelChoiceField(
        label="Team or service", queryset=Unit.objects.none(), required=False, empty_label="All"
    )
    audit_type = forms.ChoiceField(label="Type of audit", required=False, choices=[("", "All")] + AuditType.choices)
    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("-effective_from")
        self.fields["unit"].queryset = _units()
        self.fields["year"].choices = [("", "All years")] + [
            (year, f"{year}/{str(year + 1)[-2:]}") for year in selectors.financial_years()
        ]
