"""Account forms, labelled for the GOV.UK field templates."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask an administrator.",
    }


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NewPasswordForm(SetPasswordForm):
    pass


class DayMonthYearField(forms.DateField):
    """A date typed day first, as people in the UK write it (27/3/2026), with one wording for mistakes."""

    def __init__(self, *, example: str = "27/3/2026", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)
        self.error_messages["invalid"] = f"Enter the date as day/month/year, for example {example}."
        self.widget.attrs.setdefault("spellcheck", "false")
