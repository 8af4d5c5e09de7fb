"""The legal track is seen by law enforcement in scope, overseen by secretariats, hidden from service
providers unless shared: exact visible sets for every role of both agencies."""

import pytest

from gugus.accounts.roles import Role
from gugus.core.errors import NotFound
from gugus.legal import access, services

pytestmark = pytest.mark.django_db

SEES = {"case_worker", "supervisor", "secretariat_national", "secretariat_regional"}


def test_visible_sets_for_every_role(track, users, prosecutor):
    expected = set(SEES) | {"secretariat_national@other", "secretariat_regional@other"}
    seen = {name for name, user in users.items() if access.investigations_visible_to(user).filter(pk=track.pk).exists()}
    assert seen == expected
    # The prosecutor has no case yet and no track until named as the prosecutor's office.
    assert list(access.investigations_visible_to(prosecutor)) == []


def test_not_found_looks_the_same(track, users):
    for name in ("case_worker@other", "analyst", "outsider", "auditor"):
        with pytest.raises(NotFound):
            access.access_investigation(users[name], track.pk)
    with pytest.raises(NotFound):
        access.access_investigation(users["case_worker"], "abc")
    with pytest.raises(NotFound):
        access.access_investigation(users["case_worker"], track.pk + 1000)


def test_prosecutor_sees_the_track_once_named(track, users, prosecutor, kejati):
    services.step_record(
        actor=users["case_worker"], investigation=track, kind="spdp", on="2025-03-10", prosecutor_unit=kejati
    )
    assert access.access_investigation(prosecutor, track.pk) == track


def test_shared_with_a_service_provider_until_revoked(track, users, units):
    share = services.track_share(actor=users["case_worker"], investigation=track, unit=units["dinsos"], reason="LPSK")
    seen = {n for n, u in users.items() if access.investigations_visible_to(u).filter(pk=track.pk).exists()}
    assert {"case_worker@other", "supervisor@other"} <= seen
    assert "analyst@other" not in seen
    services.track_share_revoke(actor=users["case_worker"], share=share)
    with pytest.raises(NotFound):
        access.access_investigation(users["case_worker@other"], track.pk)


def test_recording_needs_the_investigating_unit(track, users):
    assert access.can_record(users["case_worker"], track) is True
    assert access.can_record(users["secretariat_national"], track) is False
    assert access.can_record(users["case_worker@other"], track) is False
    assert {r for r in Role if access.can_record(users[r.value], track)} == {Role.CASE_WORKER, Role.SUPERVISOR}
