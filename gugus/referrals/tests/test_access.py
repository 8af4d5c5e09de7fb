import pytest

from gugus.accounts.roles import Role
from gugus.cases.access import access_case, cases_visible_to
from gugus.core.errors import NotFound
from gugus.people.access import access_person
from gugus.referrals.access import ALL_SHARES, access_referral, access_victim, referrals_visible_to, victim_shares
from gugus.referrals.services import consent_record, consent_withdraw, referral_accept, referral_complete, referral_send

pytestmark = pytest.mark.django_db

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
VISIBLE = {
    "supervisor",
    "case_worker",
    "supervisor@other",
    "case_worker@other",
    "secretariat_national",
    "secretariat_national@other",
    "secretariat_regional",
    "secretariat_regional@other",
}


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_referral_visibility_and_victim_share_matrix(role_key, users, referral):
    user = users[role_key]
    if role_key in VISIBLE:
        assert list(referrals_visible_to(user)) == [referral]
        assert access_referral(user, referral.pk) == referral
    else:
        assert list(referrals_visible_to(user)) == []
        with pytest.raises(NotFound):
            access_referral(user, referral.pk)
    shares = victim_shares(user, referral.victim)
    if role_key in {"supervisor", "case_worker"} or role_key.startswith("secretariat_"):
        assert shares == ALL_SHARES  # they see the whole case
    elif role_key in {"supervisor@other", "case_worker@other"}:
        assert shares == {"identity", "needs"}  # only what the referral shares
    else:
        assert shares == frozenset()


def test_receiving_unit_does_not_see_the_case_unless_the_file_is_shared(users, units, victim, referral, function):
    receiver = users["case_worker@other"]
    assert list(cases_visible_to(receiver)) == []
    with pytest.raises(NotFound):
        access_person(receiver, victim.person_id)
    consent = consent_record(
        actor=users["case_worker"],
        victim=victim,
        recipient_unit=units["dinsos"],
        function=function("legal_aid"),
        scope=["identity", "case_file"],
        given_on="2025-03-02",
        method="written",
    )
    file_referral = referral_send(
        actor=users["case_worker"],
        victim=victim,
        function=function("legal_aid"),
        to_unit=units["dinsos"],
        consent=consent,
        shares=["identity", "case_file"],
    )
    assert access_case(receiver, victim.case_id) == victim.case
    assert access_person(receiver, victim.person_id).pk == victim.person_id
    # Other agencies' users gain nothing.
    assert list(cases_visible_to(users["analyst@other"])) == []
    # Withdrawn: the case is gone for the receiving unit.
    consent_withdraw(actor=users["case_worker"], consent=consent)
    assert list(cases_visible_to(receiver)) == []
    with pytest.raises(NotFound):
        access_person(receiver, victim.person_id)
    file_referral.refresh_from_db()
    assert file_referral.status == "cancelled"


def test_closed_referral_shares_nothing_more(users, referral):
    worker = users["case_worker@other"]
    referral_accept(actor=worker, referral=referral)
    assert victim_shares(worker, referral.victim) == {"identity", "needs"}
    referral_complete(actor=worker, referral=referral, outcome="delivered")
    assert victim_shares(worker, referral.victim) == frozenset()
    with pytest.raises(NotFound):
        access_victim(worker, referral.victim_id)
    # The referral itself stays in the unit's records.
    assert access_referral(worker, referral.pk) == referral


def test_withdrawn_consent_shares_nothing(users, referral, consent):
    worker = users["case_worker@other"]
    referral_accept(actor=worker, referral=referral)
    consent_withdraw(actor=worker, consent=consent)
    assert victim_shares(worker, referral.victim) == frozenset()
    with pytest.raises(NotFound):
        access_victim(worker, referral.victim_id)
