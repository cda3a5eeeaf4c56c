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
    if kind == "input":
        # The widget's own formatting: a date field shows 28/05/2027 as its hint asks, not 2027-05-28.
        context["value"] = field.field.widget.format_value(field.value())
    if kind == "select":
        parts = [f"{field.auto_id}-hint"] if field.help_text else []
        parts += [f"{field.auto_id}-error"] if field.errors else []
        described = " ".join(parts)
        attrs = {"class": "govuk-select" + (" govuk-select--error" if field.errors else "")}
        if described:
            attrs["aria-describedby"] = described
        context["widget_html"] = field.as_widget(attrs=attrs)
    return render_to_string(f"includes/fields/{kind}.html", context)


@register.filter
def error_anchor(field) -> str:
    """Where the error summary links for a field: the first option of a radio or checkbox group, else the field."""
    if _kind(field.field.widget) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def described_by(field) -> str:
    """The ids of a field's hint and error message, for aria-describedby (empty when it has neither)."""
    parts = [f"{field.auto_id}-hint"] if field.help_text else []
    parts += [f"{field.auto_id}-error"] if field.errors else []
    return " ".join(parts)


@register.inclusion_tag("includes/rag_tag.html")
def rag_tag(rag: str, label: str = "", note: str = ""):
    """A RAG colour as a tag with its word always shown (never colour alone)."""
    names = {"no_date": "No date", "blue": "Blue (complete)"}
    return {"rag": rag, "label": label or names.get(rag or "", (rag or "").title()), "note": note}


@register.filter
def get_item(mapping, key):
    """A dict's value by a key held in a variable: {{ row|get_item:column.key }}."""
    return mapping.get(key) if hasattr(mapping, "get") else None
