from gugus.cases.tests.fixtures import open_case  # noqa: F401
from gugus.referrals.tests.conftest import consent, function, matrix, referral, victim  # noqa: F401
