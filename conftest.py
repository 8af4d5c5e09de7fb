"""Root of the test suite: the shared fixtures live in gugus/fixtures.py and in each app's
tests/fixtures.py, registered here as plugins (never re-exported by a conftest)."""

pytest_plugins = ["gugus.fixtures", "gugus.cases.tests.fixtures", "gugus.referrals.tests.fixtures"]
