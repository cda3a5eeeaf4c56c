"""Forms of the browser import: the upload, the column mapping in use, and the choices for re-import conflicts."""

from django import forms
from django.conf import settings

from shared.forms import DayMonthYearField

from .importing.columns import FIELD_LABELS, FIELDS
from .models import PlanImport

ACCEPT = ".docx,.xlsx,.csv,.tsv,.txt"
AUTO = "auto"


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
        help_text="You can switch on the next page if the one found is not right.",
        choices=[(AUTO, "Find it for me (recommended)"), *PlanImport.Layout.choices],
        widget=forms.RadioSelect,
        initial=AUTO,
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
    """One select per field showing the header in use (found by a guess or chosen), offering the file's headers."""

    prefix = "map"

    def __init__(self, *args, headers: list[str], in_use: dict[str, str], guessed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file")] + [(h, h) for h in headers]
        for name in FIELDS:
            guess = name in guessed and in_use.get(name)
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name] + (" (guessed)" if guess else ""),
                help_text=f"Guessed from the header “{in_use[name]}”: check it." if guess else "",
                choices=choices,
                required=name == "title",
                initial=in_use.get(name, ""),
                error_messages={"required": "Choose the column that holds each action's title."},
            )

    def clean(self):
        data = super().clean()
        chosen = [header for header in data.values() if header]
        for name, header in list(data.items()):
            if header and chosen.count(header) > 1 and name in self.fields:
                self.add_error(name, f"“{header}” is chosen for more than one field: choose it once.")
        return data

    def mapping(self) -> dict[str, str]:
        """Every field as the person left it: a header, or "" for "not in this file"."""
        return {name: self.cleaned_data.get(name, "") for name in FIELDS}


class ConflictForm(forms.Form):
    """For each field changed both in the app and in the file since the last import: which value to keep."""

    def __init__(self, *args, conflicts: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for index, conflict in enumerate(conflicts):
            self.fields[f"conflict_{index}"] = forms.ChoiceField(
                label=f"{conflict.reference}: {conflict.label}",
                help_text=f"When last imported: {conflict.last_import}",
                choices=[
                    ("app", f"Keep the app's value: {conflict.app}"),
                    ("file", f"Use the file's: {conflict.file}"),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose which {conflict.label.lower()} to keep for {conflict.reference}."},
            )

    def choices(self) -> dict[tuple[str, str], str]:
        return {
            (conflict.reference, conflict.field): self.cleaned_data[f"conflict_{index}"]
            for index, conflict in enumerate(self.conflicts)
        }
