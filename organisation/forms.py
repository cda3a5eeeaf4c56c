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

    def save(self, *args, **kwargs):
        """Send the email unless this address asked too often this hour; the page says the same either way, so
        it never reveals whether an address has an account or has been limited."""
        import hashlib
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        from .models import PasswordResetRequest

        digest = hashlib.sha256(self.cleaned_data["email"].strip().lower().encode()).hexdigest()
        hour_ago = timezone.now() - timedelta(hours=1)
        PasswordResetRequest.objects.filter(created_at__lt=hour_ago - timedelta(hours=1)).delete()
        if PasswordResetRequest.objects.filter(email_digest=digest, created_at__gte=hour_ago).count() >= (
            settings.PASSWORD_RESETS_PER_HOUR
        ):
            return
        PasswordResetRequest.objects.create(email_digest=digest)
        super().save(*args, **kwargs)


class NewPasswordForm(SetPasswordForm):
    pass
