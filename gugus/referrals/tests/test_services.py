import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.referrals.models import Notification, Referral, ReferralEvent
from gugus.referrals.services import (
    consent_record,
    consent_withdraw,
    deadline_rule_set,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_send,
    referral_start,
    referrals_remind_and_escalate,
)
from gugus.referrals.tests.fixtures import SHARED

pytestmark = pytest.mark.django_db


def test_send_records_matrix_deadline_event_audit_and_notifies(users, units, referral):
    assert referral.status == "sent"
    assert referral.from_unit == units["polda"] and referral.to_unit == units["dinsos"]
    assert referral.proposed_unit == units["dinsos"]
    assert referral.routing_outcome == "in_region"
    assert referral.follows_matrix is True
    assert referral.share_codes == SHARED
    assert referral.due_at - referral.sent_at == dt.timedelta(days=7)
    assert referral.due_at - referral.remind_at == dt.timedelta(days=2)
    assert list(referral.events.values_list("kind", flat=True)) == ["sent"]
    assert AuditEntry.objects.filter(action="referral.send", object_id=str(referral.pk)).count() == 1
    # The receiving unit's users who may respond are told, without personal data in the text.
    notified = set(Notification.objects.filter(referral=referral).values_list("recipient__username", flat=True))
    assert notified == {"supervisor.other", "case_worker.other"}
    text = Notification.objects.filter(referral=referral).first().text
    assert "Siti" not in text and "Polda Kepulauan Riau" in text


def test_referral_without_consent_is_refused(users, units, victim, function):
    before = Referral.objects.count()
    with pytest.raises(ValidationFailed) as error:
        referral_send(
            actor=users["case_worker"],
            victim=victim,
            function=function("social_rehabilitation"),
            to_unit=units["dinsos"],
            shares=SHARED,
        )
    assert error.value.field == "consent"
    assert Referral.objects.count() == before


def test_law_enforcement_exception_needs_basis_and_fits_only_law_enforcement(users, units, victim, function):
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    social = {"actor": users["case_worker"], "victim": victim, "to_unit": units["dinsos"], "shares": ["identity"]}
    with pytest.raises(ValidationFailed) as error:  # a social-services unit is no law-enforcement unit
        referral_send(function=function("investigation"), legal_exception="law_enforcement",
                      legal_basis="KUHAP Pasal 7", **social)  # fmt: skip
    assert error.value.field == "to_unit"
    prosecutor = unit_create(
        actor=system_actor("tests"), code="T-KEJATI-21", agency=Agency.objects.get(abbreviation="Kejaksaan RI"),
        name="Kejaksaan Tinggi Kepulauan Riau", kind="provincial", region=Region.objects.get(code="21"),
    )  # fmt: skip
    common = {"actor": users["case_worker"], "victim": victim, "to_unit": prosecutor, "shares": ["identity"]}
    with pytest.raises(ValidationFailed) as error:
        referral_send(function=function("investigation"), legal_exception="law_enforcement", **common)
    assert error.value.field == "legal_basis"
    with pytest.raises(ValidationFailed) as error:
        referral_send(
            function=function("social_rehabilitation"), legal_exception="law_enforcement", legal_basis="KUHAP", **common
        )
    assert error.value.field == "legal_exception"
    referral = referral_send(
        function=function("investigation"),
        legal_exception="law_enforcement",
        legal_basis="KUHAP Pasal 7; UU 21/2007 Pasal 28",
        **common,
    )
    assert referral.consent is None and referral.legal_exception == "law_enforcement"
    assert referral.due_at - referral.sent_at == dt.timedelta(days=14)


def test_consent_must_match_recipient_purpose_and_scope(users, units, victim, consent, function):
    common = {"actor": users["case_worker"], "victim": victim, "consent": consent, "to_unit": units["dinsos"]}
    with pytest.raises(ValidationFailed) as error:
        referral_send(function=function("social_rehabilitation"), shares=["identity", "documents"], **common)
    assert error.value.field == "shares"
    with pytest.raises(ValidationFailed) as error:
        referral_send(function=function("legal_aid"), shares=["identity"], **common)
    assert error.value.field == "consent"
    with pytest.raises(ValidationFailed) as error:
        referral_send(function=function("prevention"), shares=["identity"], **common)
    assert error.value.field == "function"


def test_choice_against_the_matrix_is_recorded(users, units, victim, function):
    polresta = units["secretariat"]  # any other unit than the proposed one
    consent = consent_record(
        actor=users["case_worker"],
        victim=victim,
        recipient_unit=polresta,
        function=function("social_rehabilitation"),
        scope=["identity"],
        given_on="2025-03-02",
        method="oral",
    )
    referral = referral_send(
        actor=users["case_worker"],
        victim=victim,
        function=function("social_rehabilitation"),
        to_unit=polresta,
        consent=consent,
        shares=["identity"],
        deviation_reason="Rumah aman pusat lebih dekat",
        place="21.71",
    )
    assert referral.proposed_unit == units["dinsos"]
    assert referral.follows_matrix is False
    assert referral.deviation_reason == "Rumah aman pusat lebih dekat"


def test_only_a_unit_responsible_for_the_victim_may_refer(users, units, victim, consent, function):
    with pytest.raises(NotFound):
        referral_send(
            actor=users["case_worker@other"],
            victim=victim,
            function=function("social_rehabilitation"),
            to_unit=units["polda"],
            consent=consent,
            shares=SHARED,
        )
    with pytest.raises(PermissionDenied):
        referral_send(
            actor=users["analyst"],
            victim=victim,
            function=function("social_rehabilitation"),
            to_unit=units["dinsos"],
            consent=consent,
            shares=SHARED,
        )


def test_lifecycle_accept_start_complete(users, referral):
    worker = users["case_worker@other"]
    accepted = referral_accept(actor=worker, referral=referral, version=1)
    assert (accepted.status, accepted.version, accepted.responded_by) == ("accepted", 2, worker)
    started = referral_start(actor=worker, referral=accepted, version=2)
    assert started.status == "in_progress" and started.started_at is not None
    done = referral_complete(actor=worker, referral=started, outcome="delivered", note="Selesai 14 hari", version=3)
    assert (done.status, done.outcome, done.version) == ("completed", "delivered", 4)
    assert list(done.events.values_list("kind", flat=True)) == ["sent", "accepted", "started", "completed"]
    assert done.events.get(kind="completed").note == "Selesai 14 hari"
    # The sender is told each answer.
    answered = Notification.objects.filter(referral=referral, kind="referral_answered")
    assert answered.count() == 3 * 2  # three answers to the sending unit's supervisor and case worker


def test_decline_needs_reason_and_only_receiving_unit_answers(users, referral):
    with pytest.raises(ValidationFailed) as error:
        referral_decline(actor=users["case_worker@other"], referral=referral, reason="")
    assert error.value.field == "reason"
    with pytest.raises(ValidationFailed) as error:
        referral_decline(actor=users["case_worker@other"], referral=referral, reason="other")
    assert error.value.field == "note"
    with pytest.raises(NotFound):
        referral_accept(actor=users["case_worker"], referral=referral)  # the sender cannot accept
    declined = referral_decline(actor=users["supervisor@other"], referral=referral, reason="no_capacity")
    assert (declined.status, declined.decline_reason) == ("declined", "no_capacity")


def test_second_answer_with_the_same_version_gets_a_clear_conflict(users, referral):
    """Two people opened the referral at version 1; the first answer wins, the second is refused."""
    referral_accept(actor=users["case_worker@other"], referral=referral, version=1)
    with pytest.raises(Conflict) as error:
        referral_decline(actor=users["supervisor@other"], referral=referral, reason="no_capacity", version=1)
    assert "case_worker.other" in str(error.value.message)
    assert "accepted" in str(error.value.message).lower() or "diterima" in str(error.value.message).lower()
    referral.refresh_from_db()
    assert (referral.status, referral.version, referral.decline_reason) == ("accepted", 2, "")
    assert ReferralEvent.objects.filter(referral=referral, kind="declined").count() == 0


def test_stale_version_is_refused_even_when_the_status_would_allow_it(users, referral):
    with pytest.raises(Conflict):
        referral_accept(actor=users["case_worker@other"], referral=referral, version=7)
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_cancel_by_sender_only_before_start(users, referral):
    with pytest.raises(NotFound):
        referral_cancel(actor=users["case_worker@other"], referral=referral, reason="sent_in_error")
    cancelled = referral_cancel(actor=users["case_worker"], referral=referral, reason="sent_in_error")
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict):
        referral_accept(actor=users["case_worker@other"], referral=cancelled)


def test_withdrawing_consent_cancels_unanswered_referrals_and_stops_sharing(users, referral, consent):
    consent_withdraw(actor=users["case_worker"], consent=consent, note="Korban tidak bersedia")
    referral.refresh_from_db()
    assert (referral.status, referral.cancel_reason) == ("cancelled", "consent_withdrawn")
    assert referral.sharing_active is False
    with pytest.raises(Conflict):
        consent_withdraw(actor=users["case_worker"], consent=consent)


def test_withdrawal_after_acceptance_keeps_status_but_blocks_start(users, referral, consent):
    referral_accept(actor=users["case_worker@other"], referral=referral)
    consent_withdraw(actor=users["case_worker@other"], consent=consent)
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.sharing_active is False
    with pytest.raises(Conflict):
        referral_start(actor=users["case_worker@other"], referral=referral)


def test_overdue_referral_escalates_to_the_tier_secretariat_once(users, units, referral, province_task_force):
    mail.outbox.clear()
    users["secretariat_regional"].email = "setgt.kepri@example.go.id"
    users["secretariat_regional"].save(update_fields=["email"])
    later = referral.due_at + dt.timedelta(hours=1)
    counts = referrals_remind_and_escalate(now=later)
    assert counts == {"reminded": 0, "escalated": 1}
    referral.refresh_from_db()
    # Dinas Sosial Batam (21.71) has no regency task force in the fixtures: the province's takes it.
    assert referral.escalated_to == province_task_force
    assert referral.escalated_at == later
    escalated = Notification.objects.filter(referral=referral, kind="escalated")
    assert set(escalated.values_list("recipient__username", flat=True)) == {
        "secretariat_regional",
        "secretariat_regional.other",
        "supervisor.other",
        "case_worker.other",
        "supervisor",
        "case_worker",
    }
    assert ReferralEvent.objects.filter(referral=referral, kind="escalated").count() == 1
    # Idempotent: a second run, or a second scheduler, does nothing more.
    assert referrals_remind_and_escalate(now=later + dt.timedelta(hours=1)) == {"reminded": 0, "escalated": 0}
    assert escalated.count() == 6


def test_reminder_before_deadline_once_then_nothing_after_start(users, referral):
    soon = referral.remind_at + dt.timedelta(minutes=5)
    assert referrals_remind_and_escalate(now=soon) == {"reminded": 1, "escalated": 0}
    assert referrals_remind_and_escalate(now=soon) == {"reminded": 0, "escalated": 0}
    referral_accept(actor=users["case_worker@other"], referral=referral)
    referral_start(actor=users["case_worker@other"], referral=referral)
    assert referrals_remind_and_escalate(now=referral.due_at + dt.timedelta(days=3)) == {"reminded": 0, "escalated": 0}


def test_email_goes_out_on_commit(users, units, victim, consent, function, django_capture_on_commit_callbacks):
    users["case_worker@other"].email = "petugas@dinsos.example"
    users["case_worker@other"].save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_send(
            actor=users["case_worker"],
            victim=victim,
            function=function("social_rehabilitation"),
            to_unit=units["dinsos"],
            consent=consent,
            shares=SHARED,
        )
    assert [m.to for m in mail.outbox] == [["petugas@dinsos.example"]]
    assert f"#{referral.pk}" in mail.outbox[0].body
    assert "Siti" not in mail.outbox[0].body
    assert Notification.objects.get(referral=referral, recipient=users["case_worker@other"]).emailed is True


def test_deadline_rule_overrides_default(users, referral, function, victim, units):
    with pytest.raises(PermissionDenied):
        deadline_rule_set(actor=users["case_worker"], function=function("social_rehabilitation"), days=3)
    deadline_rule_set(actor=users["secretariat_national"], function=function("social_rehabilitation"), days=3)
    consent = consent_record(
        actor=users["case_worker"],
        victim=victim,
        recipient_unit=units["dinsos"],
        function=function("social_rehabilitation"),
        scope=["identity"],
        given_on=timezone.localdate(),
        method="written",
    )
    second = referral_send(
        actor=users["case_worker"],
        victim=victim,
        function=function("social_rehabilitation"),
        to_unit=units["dinsos"],
        consent=consent,
        shares=["identity"],
    )
    assert second.due_at - second.sent_at == dt.timedelta(days=3)
