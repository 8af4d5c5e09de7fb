"""The production checklist, as Django system checks run by ``check --deploy`` (and ``gugus check``)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

KEY_NAMES = ("SECRET_KEY", "GUGUS_FIELD_KEYS", "GUGUS_BLIND_INDEX_KEY")


@register(Tags.security, deploy=True)
def check_production(app_configs=None, **kwargs):
    """Keys from the environment, DEBUG off, named hosts, HTTPS behind the proxy, metrics protected."""
    problems = []
    if settings.GUGUS_ENV != "production":
        problems.append(Error(f"GUGUS_ENV is {settings.GUGUS_ENV!r}, not 'production'", id="gugus.E001"))
    for name in KEY_NAMES:
        if not os.environ.get(name):
            problems.append(Error(f"{name} is not set in the environment", id="gugus.E002"))
    if settings.DEBUG:
        problems.append(Error("DEBUG is on", id="gugus.E003"))
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append(Error("ALLOWED_HOSTS must name the site's hosts (not empty, not '*')", id="gugus.E004"))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) != ("HTTP_X_FORWARDED_PROTO", "https"):
        problems.append(Error("SECURE_PROXY_SSL_HEADER must trust X-Forwarded-Proto from the proxy", id="gugus.E005"))
    if not (getattr(settings, "SESSION_COOKIE_SECURE", False) and getattr(settings, "CSRF_COOKIE_SECURE", False)):
        problems.append(Error("session and CSRF cookies must be Secure (unset INSECURE_COOKIES)", id="gugus.E006"))
    origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    if any(not origin.startswith("https://") for origin in origins):
        problems.append(Error("every CSRF_TRUSTED_ORIGINS entry must be https://", id="gugus.E007"))
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(Warning("the database is SQLite: use PostgreSQL in production", id="gugus.W001"))
    if not os.environ.get("GUGUS_METRICS_TOKEN"):
        problems.append(Warning("GUGUS_METRICS_TOKEN is not set: /metrics answers only on loopback", id="gugus.W002"))
    return problems
