"""Sign in, sign out and password reset, rendered in the service's own templates."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy
from django.views.generic import RedirectView, TemplateView

from .forms import NewPasswordForm, PasswordResetRequestForm, SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Django's default address, which people and other systems type: it must reach the sign-in page.
    path(
        "login/",
        login_not_required(
            RedirectView.as_view(pattern_name="login", query_string=True, http_method_names=["get", "head"])
        ),
        name="login_redirect",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "signed-out/",
        login_not_required(TemplateView.as_view(template_name="registration/signed_out.html")),
        name="signed_out",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetRequestForm),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
