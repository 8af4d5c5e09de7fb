"""The production checklist run by ``gugus check`` (within ``check --deploy``)."""

from __future__ import annotations

from gugus.ops.checks import check_production

KEYS = {"SECRET_KEY": "s" * 50, "GUGUS_FIELD_KEYS": "k1:x", "GUGUS_BLIND_INDEX_KEY": "b" * 44}


def _ids(problems) -> list[str]:
    return sorted(p.id for p in problems)


def test_a_test_install_fails_the_checklist(settings, monkeypatch):
    for name in KEYS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GUGUS_METRICS_TOKEN", raising=False)
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["*"]
    settings.CSRF_TRUSTED_ORIGINS = ["http://gugus.example"]
    problems = check_production()
    assert _ids(problems) == sorted(
        [
            "gugus.E001",
            "gugus.E002",
            "gugus.E002",
            "gugus.E002",
            "gugus.E003",
            "gugus.E004",
            "gugus.E005",
            "gugus.E006",
            "gugus.E007",
            "gugus.W002",
        ]
        + (["gugus.W001"] if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else [])
    )


def test_a_production_configuration_passes(settings, monkeypatch):
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GUGUS_METRICS_TOKEN", "t" * 32)
    settings.GUGUS_ENV = "production"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["gugus.example.go.id"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://gugus.example.go.id"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.DATABASES = {
        **settings.DATABASES,
        "default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"},
    }
    assert check_production() == []
