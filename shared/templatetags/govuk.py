"""Renders form fields and RAG tags as GOV.UK components, so every form looks and behaves the same."""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.simple_tag
def govuk_field(field, label_class: str = "govuk-label--s", width: str = ""):
    """One form field: label, hint (help_text), error message and the input with its GOV.UK classes."""
    kind = _kind(field.field.widget)
    context = {"field": field, "label_class": label_class, "width": width, "kind": kind}
    if kind == "select":
        parts = [f"{field.auto_id}-hint"] if field.help_text else []
        parts += [f"{field.auto_id}-error"] if field.errors else []
        described = " ".join(parts)
        attrs = {"class": "govuk-select" + (" govuk-select--error" if field.errors else "")}
        if described:
            attrs["aria-describedby"] = described
        context["widget_html"] = field.as_widget(attrs=attrs)
    return render_to_string(f"includes/fields/{kind}.html", context)


@register.inclusion_tag("includes/rag_tag.html")
def rag_tag(rag: str, label: str = "", note: str = ""):
    """A RAG colour as a tag with its word always shown (never colour alone)."""
    names = {"no_date": "No date", "blue": "Blue (complete)"}
    return {"rag": rag, "label": label or names.get(rag or "", (rag or "").title()), "note": note}
