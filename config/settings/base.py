"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "shared",
    "organisation",
    "plans",
    "workforce",
    "incidents",
    "audits",
    "dashboard",
    "scrutiny",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed sign-ins (the admin site's too) and refuses more (docs/deployment.md).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shared.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A query still running after this is cancelled by PostgreSQL itself, so a slow request cannot leave a query
# running after gunicorn gives up on its worker (60 s, docs/deployment.md). Workers use the same limit:
# a job is many small statements, never one long one.
DB_STATEMENT_TIMEOUT_MS = int(env("DB_STATEMENT_TIMEOUT_MS", "30000"))
# JIT off: the app's queries are short, and PostgreSQL's JIT compiler spent seconds compiling the colour
# expressions that run in milliseconds without it (docs/performance.md, hotspot 1).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c jit=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Ten wrong passwords for one account from one address, or for one account from anywhere, lock it for 15
# minutes; an administrator can unlock it sooner (admin: Axes > Access attempts). Successful sign-ins are
# not logged, so the log cannot be set against the time of an anonymous incident report.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Behind TRUSTED_PROXY_COUNT proxies the browser's address is read from X-Forwarded-For (shared/network.py).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "shared.network.client_address"
PASSWORD_RESETS_PER_HOUR = int(env("PASSWORD_RESETS_PER_HOUR", "3"))
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed_out"

# A shared office machine must not stay signed in: sessions end after 8 hours or when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build"]
# Files people download from background jobs (exports, packs); any Django storage backend in production
# (docs/deployment.md), a local folder by default. Never served as static files: downloads go through a view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "anti-racist-plans@localhost")
# The service's own address, for links in emails sent by background jobs (no request to take it from).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Reminders about an overdue action go on its first day overdue, on this day, then every REPEAT days.
REMINDER_OVERDUE_SECOND_DAY = int(env("REMINDER_OVERDUE_SECOND_DAY", "7"))
REMINDER_REPEAT_DAYS = int(env("REMINDER_REPEAT_DAYS", "30"))

# Nothing is loaded from another origin: GOV.UK Frontend is built into our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Upload limits for plan imports (bytes, rows); larger requests are refused before parsing.
PLAN_IMPORT_MAX_BYTES = int(env("PLAN_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
PLAN_IMPORT_MAX_ROWS = int(env("PLAN_IMPORT_MAX_ROWS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Error reports (emails to ADMINS, error trackers) carry no typed value and no local variable when DEBUG is off:
# they could hold incident details or an anonymous reporter's key; nor who was signed in, their address, headers
# or cookies (shared/errors.py, docs/data-protection.md).
DEFAULT_EXCEPTION_REPORTER_FILTER = "shared.errors.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "shared.errors.PrivateExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings are worth reading.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every sign-in otherwise; failures and lock-outs are warnings
    },
}

# Background work: django-tasks with its database backend, so no extra server is needed (docs/decisions/0004).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}
# Counts of people below this are hidden wherever figures leave the workforce analyst's own screens
# (docs/disclosure-control.md).
DISCLOSURE_THRESHOLD = int(env("DISCLOSURE_THRESHOLD", "5"))
JOBS_KEEP_RECORDS_DAYS = int(env("JOBS_KEEP_RECORDS_DAYS", "90"))
# Workforce data (docs/workforce-data.md): upload limits; files larger than WORKFORCE_INLINE_BYTES are checked
# and loaded by background jobs; the margin within which a group's share counts as representative (percentage
# points, the CFS plan's "within 5% of the Hackney population"); below this share of staff with a recorded
# ethnicity, pages warn that the picture is unreliable.
WORKFORCE_IMPORT_MAX_BYTES = int(env("WORKFORCE_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
WORKFORCE_IMPORT_MAX_ROWS = int(env("WORKFORCE_IMPORT_MAX_ROWS", "100000"))
WORKFORCE_INLINE_BYTES = int(env("WORKFORCE_INLINE_BYTES", str(256 * 1024)))
WORKFORCE_MARGIN_POINTS = int(env("WORKFORCE_MARGIN_POINTS", "5"))
WORKFORCE_MIN_DISCLOSURE = int(env("WORKFORCE_MIN_DISCLOSURE", "90"))
