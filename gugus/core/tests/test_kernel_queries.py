"""The scoping kernel never turns into a query per row: fixed query counts for the lists and
selectors it serves, measured with one and with several rows (issue 11)."""

from __future__ import annotations

import pytest

from gugus.assistance.access import services_visible_to
from gugus.cases.access import cases_visible_to
from gugus.people.access import people_visible_to
from gugus.referrals.access import access_victim, referrals_visible_to, victims_served_by
from gugus.referrals.services import referral_accept

pytestmark = pytest.mark.django_db


def _count(queryset) -> int:
    return len(list(queryset))


@pytest.mark.parametrize("cases", [1, 4])
def test_scoped_lists_take_fixed_queries(cases, users, open_case, django_assert_num_queries):
    for _ in range(cases):
        open_case()
    worker, regional = users["case_worker"], users["secretariat_regional"]
    # the user's unit and task force are loaded once per request by the middleware; here, once
    worker.unit, regional.task_force  # noqa: B018
    # one: the referral grants are subqueries of the list's own query
    with django_assert_num_queries(1):
        assert _count(cases_visible_to(worker)) == cases
    with django_assert_num_queries(1):
        assert _count(cases_visible_to(regional)) == cases
    with django_assert_num_queries(1):
        assert _count(people_visible_to(worker)) == cases
    with django_assert_num_queries(1):
        assert _count(referrals_visible_to(worker)) == 0
    with django_assert_num_queries(1):
        assert _count(services_visible_to(worker)) == 0


def test_served_victims_and_access_victim_take_fixed_queries(users, referral, django_assert_num_queries):
    worker = users["case_worker@other"]
    referral_accept(actor=worker, referral=referral)
    worker.unit  # noqa: B018
    with django_assert_num_queries(1):
        assert _count(victims_served_by(worker)) == 1
    # the victim, the open referrals to the unit, the whole-case test (the case, its grants as subqueries)
    with django_assert_num_queries(3):
        assert access_victim(worker, referral.victim_id).shares == {"identity", "needs"}
