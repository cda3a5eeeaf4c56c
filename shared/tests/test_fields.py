"""The shared GOV.UK field templates: errors that point where the person must go, dates as people write them."""

from datetime import date

import pytest
from django import forms
from django.template import Context, Template

from shared.forms import DayMonthYearField


class Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("red", "Red"), ("green", "Green")], widget=forms.RadioSelect, help_text="One")
    themes = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    due = DayMonthYearField(label="Due")
    upload = forms.FileField(required=False)


def render(source: str, form) -> str:
    return Template("{% load govuk %}" + source).render(Context({"form": form}))


def test_the_error_summary_links_to_the_first_option_of_a_radio_or_checkbox_group():
    form = Choices({})
    form.is_valid()
    html = render('{% include "includes/error_summary.html" %}', form)
    assert 'href="#id_colour_0"' in html and 'href="#id_themes_0"' in html
    assert 'id="id_colour_0"' in render("{% govuk_field form.colour %}", form)


def test_a_radio_groups_fieldset_is_described_by_its_hint_and_its_error():
    form = Choices({})
    form.is_valid()
    html = render("{% govuk_field form.colour %}", form)
    assert 'aria-describedby="id_colour-hint id_colour-error"' in html
    assert 'id="id_colour-error"' in html


def test_a_date_is_shown_day_first_as_the_hint_asks():
    form = Choices(initial={"due": date(2027, 5, 28)})
    assert 'value="28/05/2027"' in render("{% govuk_field form.due %}", form)


def test_a_chosen_file_lost_to_another_fields_error_is_asked_for_again():
    form = Choices({"colour": "red"})
    form.is_valid()
    assert "Choose the file again" in render("{% govuk_field form.upload %}", form)
    assert "Choose the file again" not in render("{% govuk_field form.upload %}", Choices())


@pytest.mark.parametrize("typed", ["28/5/2027", "28/05/27", "28-05-2027", "28.05.2027", "2027-05-28"])
def test_dates_typed_the_ways_people_type_them_are_read_day_first(typed):
    assert DayMonthYearField().clean(typed) == date(2027, 5, 28)
