from gugus.cases.tests.fixtures import open_case  # noqa: F401
