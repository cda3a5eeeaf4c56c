"""Renders form fields and RAG tags as GOV.UK components, so every form looks and behaves the same."""

from django import forms, template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
        context["widget_html"] = _select_html(field, attrs)
    return render_to_string(f"includes/fields/{kind}.html", context)


def _select_html(field, attrs: dict) -> str:
    """A select built in one pass: Django's widget renders a template per option, which for a select of a few
    hundred people or goals cost more than the rest of the page (docs/performance.md)."""
    widget = field.field.widget
    formatted = widget.format_value(field.value())
    chosen = {formatted} if isinstance(formatted, str) else {str(v) for v in formatted}  # yes/no selects give a str

    def option(value, label) -> str:
        value = "" if value is None else str(value)
        return format_html(
            '<option value="{}"{}>{}</option>', value, mark_safe(" selected") if value in chosen else "", label
        )

    options = []
    choices = getattr(field.field, "choices", None)
    if choices is None:  # a field whose widget holds the choices (a yes/no select)
        choices = widget.choices
    for value, label in choices:
        if isinstance(label, list | tuple):
            inner = mark_safe("".join(option(v, text) for v, text in label))
            options.append(format_html('<optgroup label="{}">{}</optgroup>', value, inner))
        else:
            options.append(option(value, label))
    all_attrs = {**widget.attrs, **attrs, "id": field.auto_id, "name": field.html_name}
    if isinstance(widget, forms.SelectMultiple):
        all_attrs["multiple"] = True
    rendered = flatatt({k: v for k, v in all_attrs.items() if v is not False and v is not None})
    return format_html("<select{}>{}</select>", rendered, mark_safe("".join(options)))


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
