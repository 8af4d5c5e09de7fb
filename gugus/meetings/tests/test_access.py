import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import Role
from gugus.core.errors import NotFound
from gugus.meetings import access
from gugus.meetings.tests.conftest import editable_for, visible_for

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_meetings_visible_and_editable_per_role(role_key, users, meetings_data):
    user = users[role_key]
    names = {m.pk: k for k, v in meetings_data.items() for m in [v["meeting"]]}
    visible = {names[pk] for pk in access.meetings_visible_to(user).values_list("pk", flat=True)}
    assert visible == visible_for(role_key)
    editable = {names[pk] for pk in access.meetings_editable_by(user).values_list("pk", flat=True)}
    assert editable == editable_for(role_key)
    for key, data in meetings_data.items():
        if key in visible:
            assert access.access_meeting(user, data["meeting"].pk) == data["meeting"]
        else:
            with pytest.raises(NotFound):
                access.access_meeting(user, data["meeting"].pk)
        if key not in editable:
            with pytest.raises(NotFound):
                access.access_action_item_for_edit(user, data["item"].pk)


@pytest.mark.django_db
def test_my_agency_items_follow_renames(users, meetings_data):
    """An item owned by BP2MI in 2023 belongs to a KP2MI user today."""
    import datetime as dt

    from gugus.accounts.services import user_create
    from gugus.meetings import services
    from gugus.organisations.models import Agency, AgencyUnit
    from gugus.organisations.services import unit_create

    agreement = meetings_data["national"]["agreement"]
    meeting = agreement.meeting
    meeting.held_on = dt.date(2023, 11, 14)
    meeting.save(update_fields=["held_on"])
    item = services.action_item_add(
        actor=system_actor("tests"),
        agreement=agreement,
        description="Focal point",
        owner_agency=Agency.objects.get(abbreviation="BP2MI"),
        due_on=dt.date(2023, 12, 15),
    )
    unit = unit_create(
        actor=system_actor("tests"),
        code="T-KP2MI",
        agency=Agency.objects.get(abbreviation="KP2MI"),
        name="KP2MI",
        kind="headquarters",
    )
    officer = user_create(
        actor=system_actor("tests"), username="kp2mi", password="x" * 20, role="case_worker", unit=unit, validate=False
    )
    mine = list(access.action_items_of_my_agency(officer))
    assert mine == [item]
    assert list(access.action_items_of_my_agency(users["case_worker@other"])) == []
    assert AgencyUnit.objects.filter(code="T-KP2MI").exists()
