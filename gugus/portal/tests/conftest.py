import pytest

from gugus.cases.tests.fixtures import open_case, victim  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def file_report(reference_data):
    """``file_report(**fields)`` files a public report through the service; returns (report, code)."""
    from gugus.portal.services import report_submit

    def make(**fields):
        values = {
            "kind": "job_offer",
            "what_happened": "Adik saya ditawari kerja admin di Kamboja, gaji 15 juta.",
            "region": "21.71",
            "destination_country": "KH",
            "phones": "0812-7000-4411",
            "bank_accounts": "BRI 0123-01-000456-50-1",
            "social_accounts": "t.me/lokerkamboja",
        }
        values.update(fields)
        filed = report_submit(**values)
        return filed.report, filed.code

    return make
