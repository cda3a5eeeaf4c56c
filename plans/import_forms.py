"""Forms of the browser import: the upload, and the column mapping offered from the file's own headers."""

from django import forms
from django.conf import settings

from shared.forms import DayMonthYearField

from .importing.columns import FIELDS
from .models import PlanImport

ACCEPT = ".docx,.xlsx,.csv,.tsv,.txt"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text=f"A Word (.docx), Excel (.xlsx), CSV or TSV file, up to "
        f"{settings.PLAN_IMPORT_MAX_BYTES // (1024 * 1024)} MB and {settings.PLAN_IMPORT_MAX_ROWS} rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choose the file to import.", "empty": "The file you chose is empty."},
    )
    plan_title = forms.CharField(
        label="Plan title",
        max_length=200,
        help_text="A new title creates a plan; an existing title updates that plan, matching actions by reference.",
        error_messages={"required": "Enter the plan's title."},
    )
    layout = forms.ChoiceField(
        label="Layout of the table",
        choices=PlanImport.Layout.choices,
        widget=forms.RadioSelect,
        initial=PlanImport.Layout.NUMBERED,
    )
    plan_start = DayMonthYearField(
        label="Plan starts",
        help_text="Used where a timescale leaves out the year. For example, 1/4/2020.",
        example="1/4/2020",
    )
    plan_end = DayMonthYearField(label="Plan ends", help_text="For example, 31/3/2021.", example="31/3/2021")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.PLAN_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB: the largest file you can import is "
                f"{settings.PLAN_IMPORT_MAX_BYTES // (1024 * 1024)} MB. Split the plan or remove images."
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("plan_start") and data.get("plan_end") and data["plan_end"] < data["plan_start"]:
            self.add_error("plan_end", "The plan must end after it starts.")
        return data


class MappingForm(forms.Form):
    """One select per field, offering the headers found in the file."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file")] + [(h, h) for h in headers]
        for name in FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=name.replace("_", " ").capitalize(),
                choices=choices,
                required=False,
                initial=initial_mapping.get(name, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {name: header for name, header in self.cleaned_data.items() if header}
