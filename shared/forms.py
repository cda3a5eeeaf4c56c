"""Form pieces every app uses: a day-first date field, and putting a service's errors onto a form (or a page)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

DATE_INPUT_FORMAT = "%d/%m/%Y"


class DayMonthYearField(forms.DateField):
    """A date typed and shown day first, as people in the UK write it (27/3/2026), with one wording for mistakes."""

    def __init__(self, *, example: str = "27/3/2026", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATE_INPUT_FORMAT, "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
        kwargs.setdefault("widget", forms.DateInput(format=DATE_INPUT_FORMAT))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = f"Enter the date as day/month/year, for example {example}."
        self.widget.attrs.setdefault("spellcheck", "false")

    def prepare_value(self, value):
        """A date shown in the field day first (22/11/2026), as typed, not as Python writes it (2026-11-22)."""
        if isinstance(value, date):
            return value.strftime(DATE_INPUT_FORMAT)
        return super().prepare_value(value)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form: beside its field when it names one, else at the top of the summary."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refusal(error: ValidationError | str) -> forms.Form:
    """A form that only carries a refusal for the page's error summary: for a button with no fields of its own
    (switch the layout, withdraw a grant) whose service said no. The page is shown again, status 400."""
    form = forms.Form(data={})
    form.full_clean()
    add_service_errors(form, error if isinstance(error, ValidationError) else ValidationError(error))
    return form


def ask_again(form: forms.BaseForm, field: str, message: str) -> forms.BaseForm:
    """A form bound to what the person gave before, shown again with `message` as the one error of `field`: e.g. a
    file kept from an upload that can no longer be read, to be chosen again, with their other answers kept."""
    form.full_clean()
    form.errors.pop(field, None)  # "Choose the file" would only repeat what the message says
    form.add_error(field, message)
    return form


class ConfirmForm(forms.Form):
    """A page that asks 'are you sure?': one required tick box, so nothing happens on a stray click."""

    confirm = forms.BooleanField(
        label="Yes, I am sure", error_messages={"required": "Tick the box to confirm, or go back."}
    )
