"""The legal track through its services: stages in KUHAP's order, suspects, charges, verdict, restitution."""

from decimal import Decimal

import pytest

from gugus.audit.models import AuditEntry
from gugus.core.errors import Conflict, NotFound, ValidationFailed
from gugus.legal import services
from gugus.legal.models import Investigation, Step, Suspect
from gugus.legal.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_open_records_report_and_warrant_with_who_recorded(track, users, units):
    assert track.unit == units["polda"]
    assert track.stage == Investigation.Stage.INVESTIGATING
    steps = list(track.steps.values_list("kind", "on", "reference", "recorded_by__username", "recorded_unit__code"))
    assert [(k, str(on), ref[:6], who, unit) for k, on, ref, who, unit in steps] == [
        ("police_report", "2025-03-03", "LP/B/1", "case_worker", "T-POLDA-21"),
        ("sprindik", "2025-03-05", "SP.Sid", "case_worker", "T-POLDA-21"),
    ]
    entry = AuditEntry.objects.filter(action="legal.investigation_open").get()
    assert entry.data["case"] == track.case_id and entry.data["sprindik"] is True


def test_open_refused_to_a_service_provider_and_bad_dates_named(legal_case, users):
    with pytest.raises(NotFound):
        services.investigation_open(
            actor=users["case_worker@other"], case=legal_case, report_number="LP/1", report_date="2025-03-03"
        )
    with pytest.raises(ValidationFailed) as error:
        services.investigation_open(
            actor=users["case_worker"], case=legal_case, report_number="LP/1", report_date="3 Maret", today=TODAY
        )
    assert error.value.field == "report_date"
    with pytest.raises(ValidationFailed) as error:
        services.investigation_open(
            actor=users["case_worker"],
            case=legal_case,
            report_number="LP/1",
            report_date="2025-03-03",
            sprindik_number="SP/1",
            sprindik_date="2025-03-01",
            today=TODAY,
        )
    assert error.value.field == "sprindik_date"
    assert Investigation.objects.count() == 0


def test_same_report_number_twice_is_a_conflict(track, users):
    with pytest.raises(Conflict):
        services.investigation_open(
            actor=users["supervisor"], case=track.case, report_number=track.report_number, report_date="2025-03-03"
        )


def test_p21_before_the_file_is_sent_is_refused(track, users):
    with pytest.raises(ValidationFailed) as error:
        services.step_record(
            actor=users["case_worker"], investigation=track, kind="p21", on="2025-04-01", reference="B-1"
        )
    assert error.value.code == "stage_order"
    assert track.steps.count() == 2


def _to_trial(track, users, prosecutor, kejati):
    services.step_record(
        actor=users["case_worker"],
        investigation=track,
        kind="spdp",
        on="2025-03-10",
        prosecutor_unit=kejati,
        today=TODAY,
    )
    services.step_record(
        actor=users["case_worker"], investigation=track, kind="file_sent", on="2025-05-02", today=TODAY
    )
    services.step_record(
        actor=prosecutor,
        investigation=track,
        kind="p21",
        on="2025-05-08",
        reference="B-1234/L.10/Eku.1/05/2025",
        today=TODAY,
    )
    services.step_record(actor=users["case_worker"], investigation=track, kind="handover", on="2025-05-15", today=TODAY)
    services.step_record(
        actor=prosecutor,
        investigation=track,
        kind="indictment",
        on="2025-06-02",
        reference="PDM-77/BTM/06/2025",
        today=TODAY,
    )


def test_whole_path_to_restitution_paid(track, users, prosecutor, kejati, article):
    role = track.case.roles.get(role="suspect")
    suspect = services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=role, status_on="2025-03-06", today=TODAY
    )
    services.charge_add(actor=users["case_worker"], suspect=suspect, article=article("uu_21_2007", "4"))
    services.charge_add(actor=users["case_worker"], suspect=suspect, article=article("kuhp", "55", "1"))
    with pytest.raises(Conflict):
        services.charge_add(actor=users["case_worker"], suspect=suspect, article=article("uu_21_2007", "4"))
    _to_trial(track, users, prosecutor, kejati)
    suspect.refresh_from_db()
    assert suspect.status == Suspect.Status.DEFENDANT  # at stage II the suspect becomes a defendant
    verdict = services.verdict_record(
        actor=prosecutor,
        suspect=suspect,
        court_name="Pengadilan Negeri Batam",
        decision_number="312/Pid.Sus/2025/PN Btm",
        decided_on="2025-09-01",
        outcome="convicted",
        prison_months="84",
        fine_idr="Rp 200.000.000",
        restitution_ordered_idr="150.000.000",
        today=TODAY,
    )
    suspect.refresh_from_db()
    assert (suspect.status, verdict.prison_months, verdict.fine_idr, verdict.restitution_ordered_idr) == (
        "convicted",
        84,
        Decimal("200000000"),
        Decimal("150000000"),
    )
    services.verdict_final(actor=prosecutor, verdict=verdict, final_on="2025-09-09", today=TODAY)
    with pytest.raises(ValidationFailed):
        services.restitution_paid(
            actor=prosecutor, verdict=verdict, amount="200.000.000", paid_on="2025-09-20", today=TODAY
        )
    verdict = services.restitution_paid(
        actor=prosecutor, verdict=verdict, amount="150.000.000", paid_on="2025-09-20", today=TODAY
    )
    assert (verdict.restitution_paid_idr, str(verdict.restitution_paid_on)) == (Decimal("150000000"), "2025-09-20")
    track.refresh_from_db()
    assert track.stage == Investigation.Stage.FINAL
    assert list(track.steps.values_list("kind", flat=True)) == [
        "police_report",
        "sprindik",
        "spdp",
        "file_sent",
        "p21",
        "handover",
        "indictment",
        "verdict",
        "final",
        "restitution_paid",
    ]
    assert track.steps.get(kind="p21").recorded_by == prosecutor
    with pytest.raises(Conflict):
        services.step_record(actor=users["case_worker"], investigation=track, kind="sp3", on="2025-10-01", today=TODAY)


def test_prosecutor_cannot_record_investigation_stages_and_dinsos_nothing(track, users, prosecutor, kejati):
    services.step_record(
        actor=users["case_worker"],
        investigation=track,
        kind="spdp",
        on="2025-03-10",
        prosecutor_unit=kejati,
        today=TODAY,
    )
    with pytest.raises(NotFound):
        services.step_record(actor=prosecutor, investigation=track, kind="file_sent", on="2025-05-02", today=TODAY)
    with pytest.raises(NotFound):
        services.step_record(actor=users["case_worker@other"], investigation=track, kind="file_sent", on="2025-05-02")
    assert track.steps.filter(kind=Step.Kind.FILE_SENT).count() == 0


def test_new_suspect_joins_the_case_as_suspect(track, users):
    suspect = services.suspect_add(
        actor=users["case_worker"], investigation=track, full_name="Hendra Gunawan", sex="L", status="abroad"
    )
    assert suspect.case_role.role == "suspect" and suspect.case_role.case_id == track.case_id
    assert suspect.status == "abroad"
    with pytest.raises(ValidationFailed):
        services.suspect_status_set(actor=users["case_worker"], suspect=suspect, status="convicted", on="2025-04-01")
    victim = track.case.roles.get(role="victim")
    with pytest.raises(ValidationFailed):
        services.suspect_add(actor=users["case_worker"], investigation=track, case_role=victim)


def test_sharing_the_track_with_a_unit_and_revoking_it(track, users, units):
    share = services.track_share(
        actor=users["case_worker"], investigation=track, unit=units["dinsos"], reason="Restitusi"
    )
    with pytest.raises(Conflict):
        services.track_share(actor=users["case_worker"], investigation=track, unit=units["dinsos"], reason="Lagi")
    services.track_share_revoke(actor=users["case_worker"], share=share)
    assert AuditEntry.objects.filter(action__in=["legal.share", "legal.share_revoke"]).count() == 2


def test_articles_load_is_idempotent_and_refills_an_emptied_table():
    from gugus.legal.articles import ARTICLES
    from gugus.legal.models import Article

    services.articles_load()  # loaded by the migration, unless a transactional test emptied the table
    assert services.articles_load() == 0
    Article.objects.filter(law="uu_ite").delete()
    assert services.articles_load() == sum(1 for row in ARTICLES if row[0] == "uu_ite") == 4
    assert Article.objects.count() == len(ARTICLES)
