import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import Role
from gugus.cases import access
from gugus.cases.access import access_case, cases_visible_to
from gugus.cases.models import Case
from gugus.core.errors import NotFound
from gugus.organisations.models import Region
from gugus.organisations.services import task_force_create, unit_create
from gugus.people.access import access_person

pytestmark = pytest.mark.django_db

# Who sees a case reported by Polda Kepri (province 21) about a victim from Indramayu (32.12).
VISIBLE_POLDA_CASE = {
    "supervisor",
    "case_worker",
    "secretariat_national",  # national task force: every case
    "secretariat_regional",  # province 21 task force: the reporting unit is in its province
    "secretariat_national@other",
    "secretariat_regional@other",
}
ALL_USERS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_case_visibility_matrix(user_key, users, open_case):
    case = open_case()
    user = users[user_key]
    visible = user_key in VISIBLE_POLDA_CASE
    assert list(cases_visible_to(user)) == ([case] if visible else [])
    if visible:
        assert access_case(user, case.pk) == case
        assert access_person(user, case.roles.get().person_id).pk == case.roles.get().person_id
    else:
        with pytest.raises(NotFound):
            access_case(user, case.pk)
        with pytest.raises(NotFound):
            access_person(user, case.roles.get().person_id)


def test_missing_and_malformed_ids_look_the_same(users):
    for case_id in (999999, "abc", None):
        with pytest.raises(NotFound):
            access_case(users["supervisor"], case_id)


def test_regional_secretariat_sees_its_region_by_origin_or_unit(users, units, open_case):
    batam_origin = open_case(unit=units["dinsos"], actor=users["supervisor@other"], origin="21.71")
    from_elsewhere = open_case(origin="53.02")  # reported by Polda Kepri: the unit is in province 21
    west_java = unit_create(
        actor=system_actor("tests"),
        code="T-POLDA-32",
        agency=units["polda"].agency,
        name="Polda Jawa Barat",
        kind="provincial",
        region=Region.objects.get(code="32"),
    )
    far_away = open_case(unit=west_java, actor=system_actor("tests"), origin="32.12")
    kepri_origin_elsewhere = open_case(unit=west_java, actor=system_actor("tests"), origin="21.71")
    expected = {batam_origin, from_elsewhere, kepri_origin_elsewhere}
    assert set(cases_visible_to(users["secretariat_regional"])) == expected
    assert far_away in set(cases_visible_to(users["secretariat_national"]))

    regency = task_force_create(
        actor=system_actor("tests"),
        tier="regency",
        region=Region.objects.get(code="21.71"),
        name="Gugus Tugas Kota Batam",
    )
    user = users["secretariat_regional@other"]
    user.task_force = regency
    user.save(update_fields=["task_force"])
    assert set(cases_visible_to(user)) == {batam_origin, kepri_origin_elsewhere}


def test_referral_extension_point_grants_nothing_today(users, open_case):
    open_case()
    grant = access._referral_grants(users["case_worker@other"])
    # the grants are subqueries of the case list: without a referral they select no case
    assert grant is None or not Case.objects.filter(grant).exists()


def test_user_without_unit_or_task_force_sees_nothing(users, open_case):
    open_case()
    user = users["case_worker"]
    user.unit = None
    user.save(update_fields=["unit"])
    assert list(cases_visible_to(user)) == []
