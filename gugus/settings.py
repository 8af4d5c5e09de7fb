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
from csp.constants import NONCE as CSP_NONCE  # django-csp's placeholder for the request's nonce
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
        return {
            "SECRET_KEY": _new_key(),
            "GUGUS_FIELD_KEYS": "t1:" + _new_key(),
            "GUGUS_BLIND_INDEX_KEY": _new_key(),
            "GUGUS_AUDIT_KEY": _new_key(),
        }
    path = GUGUS_HOME / "secrets.json"
    values = json.loads(path.read_text()) if path.exists() else {}
    missing = {
        "SECRET_KEY": _new_key,
        "GUGUS_FIELD_KEYS": lambda: "k1:" + _new_key(),
        "GUGUS_BLIND_INDEX_KEY": _new_key,
        "GUGUS_AUDIT_KEY": _new_key,  # added later: older secrets files gain it on first start
    }
    if any(name not in values for name in missing):
        GUGUS_HOME.mkdir(mode=0o700, parents=True, exist_ok=True)
        values.update({name: make() for name, make in missing.items() if name not in values})
        # Created owner-only from the start (no moment where the file is world-readable).
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(json.dumps(values, indent=2))
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
    if name not in _local:
        # A secret added after the local file was made: generate it and keep it with the others.
        _local[name] = _new_key()
        if GUGUS_ENV != "test":
            path = GUGUS_HOME / "secrets.json"
            path.write_text(json.dumps(_local, indent=2))
            path.chmod(0o600)
    return _local[name]


SECRET_KEY = _secret("SECRET_KEY")
# Field encryption keys: "id:base64key,id:base64key"; the first encrypts, all decrypt (rotation).
GUGUS_FIELD_KEYS = _secret("GUGUS_FIELD_KEYS")
# Key of the keyed hashes (blind indexes) used for exact lookups of encrypted identifiers.
GUGUS_BLIND_INDEX_KEY = _secret("GUGUS_BLIND_INDEX_KEY")
# Ed25519 private key (base64 of its 32-byte seed) that signs hand-off packages (gugus.exchange).
GUGUS_SIGNING_KEY = _secret("GUGUS_SIGNING_KEY")
# Identified exports of more people than this need a second approver; their files expire.
GUGUS_EXPORT_APPROVAL_THRESHOLD = int(os.environ.get("GUGUS_EXPORT_APPROVAL_THRESHOLD", "50"))
GUGUS_EXPORT_TTL_HOURS = float(os.environ.get("GUGUS_EXPORT_TTL_HOURS", "24"))
# Key of the audit log's MACs and checkpoint signatures (gugus/audit/integrity.py): outside the database.
GUGUS_AUDIT_KEY = _secret("GUGUS_AUDIT_KEY")
# Signed checkpoints of the audit chain head, appended to a file the database role cannot write.
GUGUS_AUDIT_CHECKPOINTS = os.environ.get("GUGUS_AUDIT_CHECKPOINTS") or (
    "" if GUGUS_ENV == "test" else str(GUGUS_HOME / "audit-checkpoints.jsonl")
)
GUGUS_AUDIT_CHECKPOINT_EVERY = int(os.environ.get("GUGUS_AUDIT_CHECKPOINT_EVERY", "500"))
# Reads of personal data go to the unsealed journal and are chained later (gugus/audit/services.py);
# "immediate" seals each read in its own call (the tests, so they see every read in the chain).
GUGUS_AUDIT_SEAL_READS = os.environ.get("GUGUS_AUDIT_SEAL_READS") or (
    "immediate" if GUGUS_ENV == "test" else "deferred"
)

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
    "django_otp",  # second factor for administrators and roles that see personal data (issue 19)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",  # security keys and passkeys as a second factor (gugus/accounts/webauthn.py)
    # serves Swagger UI and ReDoc from its own static files, so /api/docs loads nothing from a CDN
    "ninja",
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
    "gugus.exchange",
    "gugus.reports",
    "django_tasks",
    "django_tasks_db",
    "gugus.portal",
    "gugus.legal",
    "gugus.api",
    "gugus.ops",
    "csp",  # the Content-Security-Policy (its template context and checks); the header comes from its middleware
]

MIDDLEWARE = [
    "gugus.ops.logs.RequestLogMiddleware",  # request id and one JSON line per request, no personal data
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (docs/security.md, section 5)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gugus.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gugus.core.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() from the session's device
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gugus.accounts.middleware.CapabilityRequiredMiddleware",
    "gugus.core.errorpages.ErrorPageMiddleware",  # styled 403/404 pages (issue 11)
    "axes.middleware.AxesMiddleware",
    "gugus.core.headers.NoStoreMiddleware",
    "gugus.core.session_limits.SessionLimitMiddleware",
    "gugus.accounts.second_factor.SecondFactorMiddleware",  # after the capability check (issue 19)
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
        GUGUS_HOME.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created owner-only before SQLite opens it (its -wal and -shm files take the same mode).
        _sqlite_path = Path(DATABASES["default"]["NAME"])
        if not _sqlite_path.exists():
            _sqlite_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(_sqlite_path, os.O_WRONLY | os.O_CREAT, 0o600))
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
# The client's address behind our reverse proxies (docs/security.md): 1 behind one nginx.
GUGUS_TRUSTED_PROXY_COUNT = int(os.environ.get("GUGUS_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "gugus.core.proxy.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Administrators and roles that see personal data: 15 minutes idle, 12 hours in all.
GUGUS_SESSION_IDLE_SECONDS = int(os.environ.get("GUGUS_SESSION_IDLE_SECONDS", str(15 * 60)))
GUGUS_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("GUGUS_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
# API bearer tokens expire after this many days unless issued with --expires-days (issue 19).
GUGUS_API_TOKEN_DAYS = int(os.environ.get("GUGUS_API_TOKEN_DAYS", "90"))
# Break-glass access to an out-of-scope case lasts this long unless asked shorter (issue 19).
GUGUS_BREAK_GLASS_HOURS = int(os.environ.get("GUGUS_BREAK_GLASS_HOURS", "2"))
# The second factor (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Gugus TPPO"
# Security keys (WebAuthn, django-otp-webauthn). The relying-party id is the site's host name (no
# port, never an IP address: browsers refuse one); keys registered under one id do not work under
# another. The origins the browser may report: GUGUS_WEBAUTHN_ORIGINS (comma-separated), by default
# https://<rp id> in production and http://localhost:8000 elsewhere (the demo: browse to localhost,
# not 127.0.0.1, to use a key).
OTP_WEBAUTHN_RP_ID = os.environ.get("GUGUS_WEBAUTHN_RP_ID") or (
    ALLOWED_HOSTS[0].lstrip(".") if IS_PRODUCTION and ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*" else "localhost"
)
OTP_WEBAUTHN_RP_NAME = os.environ.get("GUGUS_WEBAUTHN_RP_NAME", "Gugus TPPO")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    o
    for o in os.environ.get(
        "GUGUS_WEBAUTHN_ORIGINS", f"https://{OTP_WEBAUTHN_RP_ID}" if IS_PRODUCTION else "http://localhost:8000"
    ).split(",")
    if o
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a second factor after the password, never instead of it
OTP_WEBAUTHN_HELPER_CLASS = "gugus.accounts.webauthn.GugusWebAuthnHelper"
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "gugus.webauthn"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, fonts, images and requests from this site only: no inline script, no on*= handler,
# no eval, no inline style (every <script>, handler and style= lives in a static file). A script that
# must stay inline carries request.csp_nonce. pico.css draws its icons from data: URIs. The public
# portal has a stricter policy still (no script at all, gugus.portal.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES") != "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS on by default (one year); the proxy terminates TLS and forwards X-Forwarded-Proto.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    # Plain HTTP is redirected to HTTPS (the proxy should do it first; this is the second line).
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    # The preload directive does nothing until the domain is submitted to the browsers' list.
    SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"

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
# Whole request bodies (uploads included) above this are refused with 413 (gugus/core/input_guard.py).
GUGUS_MAX_UPLOAD_BYTES = int(os.environ.get("GUGUS_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gugus@localhost")
# How long a password-reset or set-password link stays valid (Django's token expiry), in seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("GUGUS_PASSWORD_RESET_TIMEOUT", str(24 * 3600)))

# Background tasks through the Django Tasks API (the django-tasks backport): the database backend
# by default, on SQLite and PostgreSQL alike; a deployment moves to a Redis-backed worker pool with
# GUGUS_TASKS_BACKEND=django_tasks_rq.RQBackend (and GUGUS_TASKS_OPTIONS as JSON), no code change.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GUGUS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
        "OPTIONS": json.loads(os.environ.get("GUGUS_TASKS_OPTIONS", "{}")),
    }
}
# A checked import list of more rows than this is written by the worker, with its progress shown.
GUGUS_IMPORT_WORKER_ROWS = int(os.environ.get("GUGUS_IMPORT_WORKER_ROWS", "200"))
# Statistics for viewers not entitled to the rows hide counts under this threshold.
GUGUS_SUPPRESSION_THRESHOLD = int(os.environ.get("GUGUS_SUPPRESSION_THRESHOLD", "5"))

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

# Uploads never touch the disk in clear: every one is held in memory until it is encrypted
# (case attachments) or refused; the input guard caps request bodies at GUGUS_MAX_UPLOAD_BYTES.
FILE_UPLOAD_HANDLERS = ["gugus.core.uploads.InMemoryUploadHandler"]
