"""Gugus settings: one module, read from the environment.

GUGUS_ENV selects the mode: ``production`` (the default: every secret must come from the
environment), ``development`` and ``demo`` (secrets generated once into a git-ignored file),
``test`` (ephemeral secrets; chosen automatically under pytest).
"""

import base64
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
GUGUS_HOME = Path(os.environ.get("GUGUS_HOME", Path.cwd() / "var")).resolve()

GUGUS_ENV = os.environ.get("GUGUS_ENV") or ("test" if "PYTEST_VERSION" in os.environ else "production")
if GUGUS_ENV not in {"production", "development", "demo", "test"}:
    raise ImproperlyConfigured(f"GUGUS_ENV must be production, development, demo or test, not {GUGUS_ENV!r}")
IS_PRODUCTION = GUGUS_ENV == "production"


def _new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _local_secrets() -> dict[str, str]:
    """Secrets for development and demo, generated once into GUGUS_HOME/secrets.json (git-ignored)."""
    if GUGUS_ENV == "test":
        # Fixed per process so that encrypted test data stays readable within one run.
        return {"SECRET_KEY": _new_key(), "GUGUS_FIELD_KEYS": "t1:" + _new_key(), "GUGUS_BLIND_INDEX_KEY": _new_key()}
    path = GUGUS_HOME / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    GUGUS_HOME.mkdir(parents=True, exist_ok=True)
    values = {"SECRET_KEY": _new_key(), "GUGUS_FIELD_KEYS": "k1:" + _new_key(), "GUGUS_BLIND_INDEX_KEY": _new_key()}
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values


_local = None


def _secret(name: str) -> str:
    global _local
    value = os.environ.get(name)
    if value:
        return value
    if IS_PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in the environment (GUGUS_ENV=production)")
    if _local is None:
        _local = _local_secrets()
    return _local[name]


SECRET_KEY = _secret("SECRET_KEY")
# Field encryption keys: "id:base64key,id:base64key"; the first encrypts, all decrypt (rotation).
GUGUS_FIELD_KEYS = _secret("GUGUS_FIELD_KEYS")
# Key of the keyed hashes (blind indexes) used for exact lookups of encrypted identifiers.
GUGUS_BLIND_INDEX_KEY = _secret("GUGUS_BLIND_INDEX_KEY")

DEBUG = os.environ.get("DEBUG", "1" if GUGUS_ENV == "development" else "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "" if IS_PRODUCTION else "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "gugus.core",
    "gugus.audit",
    "gugus.accounts",
    "gugus.organisations",
    "gugus.functions",
    "gugus.cases",
    "gugus.people",
    "gugus.regulations",
    "gugus.budgets",
    "gugus.meetings",
    "gugus.referrals",
    "gugus.assistance",
    "gugus.identity",
    "gugus.networks",
    "gugus.api",
    "gugus.ops",
]

MIDDLEWARE = [
    "gugus.ops.logs.RequestLogMiddleware",  # request id and one JSON line per request, no personal data
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gugus.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gugus.accounts.middleware.CapabilityRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gugus.urls"
WSGI_APPLICATION = "gugus.wsgi.application"
ASGI_APPLICATION = "gugus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gugus.accounts.context_processors.capabilities",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{GUGUS_HOME / 'gugus.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    if GUGUS_ENV != "test":
        GUGUS_HOME.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if GUGUS_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: five failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES") != "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", GUGUS_HOME / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", GUGUS_HOME / "media"))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gugus@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "gugus.ops.logs.JsonFormatter"},
    },
    # Every line passes the scrubber (NIK-, phone- and passport-like tokens); JSON unless LOG_FORMAT=plain.
    "filters": {"scrub": {"()": "gugus.ops.logs.ScrubIdentifiers"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if GUGUS_ENV == "test" else "json"),
            "filters": ["scrub"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Request bodies and query strings may hold personal data: never log them.
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "gugus.request": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_REQUESTS", "WARNING" if GUGUS_ENV == "test" else "INFO"),
            "propagate": False,
        },
    },
}
