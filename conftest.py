"""Root of the test suite: the shared fixtures live in gugus/fixtures.py."""

pytest_plugins = ["gugus.fixtures"]
