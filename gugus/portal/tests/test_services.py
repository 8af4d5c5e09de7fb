import pytest

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.crypto import blind_index
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.networks.services import identifier_digest
from gugus.portal import services
from gugus.portal.models import PublicReport, ReportAddition, ReportToken
from gugus.portal.text import follow_up_digest

pytestmark = pytest.mark.django_db


def test_a_report_is_encrypted_its_code_shown_once_and_only_its_digest_kept(file_report):
    from django.db import connection

    report, code = file_report(contact="wa 0813 1111 2222")
    assert report.code_digest == follow_up_digest(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_happened, phones, contact, code_digest FROM portal_publicreport")
        raw = cursor.fetchone()
    assert raw[0].startswith("gv1:") and "Kamboja" not in raw[0]
    assert raw[1].startswith("gv1:") and "+6281270004411" not in raw[1]
    assert raw[2].startswith("gv1:")
    assert code not in raw[3]
    fresh = PublicReport.objects.get(pk=report.pk)
    assert fresh.phone_list == ["+6281270004411"]
    assert fresh.account_list == [("bank_account", "BRI", "0123010004565 01".replace(" ", "")),
                                  ("social_media", "telegram", "lokerkamboja")]  # fmt: skip
    assert fresh.anonymous is False and fresh.region_id == "21.71" and fresh.status == "received"
    entry = AuditEntry.objects.get(action="portal.report_submit")
    assert entry.actor_label == "public" and entry.object_id == str(report.pk)
    assert entry.data == {"kind": "job_offer", "region": "21.71", "phones": 1, "accounts": 2, "anonymous": False}


def test_phone_and_account_tokens_are_the_networks_digests(file_report):
    report, _code = file_report()
    tokens = set(ReportToken.objects.filter(report=report).values_list("purpose", "kind", "digest"))
    assert tokens == {
        ("phone", "", blind_index("phone", "+6281270004411")),
        ("identifier", "bank_account", identifier_digest("bank_account", "BRI", "0123010004565" + "01")),
        ("identifier", "social_media", identifier_digest("social_media", "telegram", "lokerkamboja")),
    }


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("kind", "other", "invalid_choice"),
        ("what_happened", "   ", "required"),
        ("what_happened", "x" * 4001, "too_long"),
        ("phones", "12", "phone_format"),
        ("phones", "\n".join(f"0812000000{i:02d}" for i in range(11)), "too_many"),
        ("bank_accounts", "1234", "account_format"),
        ("social_accounts", "@", "account_format"),
        ("offer_link", "javascript:alert(1)", "link_format"),
        ("region", "99.99", "validation_failed"),
        ("destination_country", "Atlantis", "validation_failed"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(file_report, field, value, code):
    with pytest.raises(ValidationFailed) as error:
        file_report(**{field: value})
    assert error.value.field == field and error.value.code == code
    assert PublicReport.objects.count() == 0 and ReportToken.objects.count() == 0
    assert not AuditEntry.objects.filter(action="portal.report_submit").exists()


def test_markup_is_stored_as_inert_text(file_report):
    report, _ = file_report(what_happened="<script>alert(1)</script> gaji > 10 juta &amp; <b>bonus</b>\u202e")
    stored = PublicReport.objects.get(pk=report.pk).what_happened
    assert stored == "‹script›alert(1)‹/script› gaji › 10 juta &amp; ‹b›bonus‹/b›"


def test_follow_up_shows_status_only_and_takes_additions(file_report):
    report, code = file_report()
    status = services.report_public_status(code=code.lower().replace("-", " "))
    assert (status.status, status.status_label, status.additions) == ("received", "Received", 0)
    assert services.report_public_status(code="AAAAA-AAAAA-AAAAA-AAAAA-AAAAA") is None
    assert services.report_public_status(code="<script>") is None
    status = services.report_add_information(code=code, information="Nomor baru: 0813 2222 3333")
    assert status.additions == 1
    assert ReportAddition.objects.get(report=report).text == "Nomor baru: 0813 2222 3333"
    with pytest.raises(NotFound):
        services.report_add_information(code="AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", information="x")
    with pytest.raises(ValidationFailed) as error:
        services.report_add_information(code=code, information=" ")
    assert error.value.field == "information"


def test_triage_into_a_case_through_the_cases_services(file_report, users, units):
    from gugus.cases.models import Case

    report, code = file_report()
    officer = users["secretariat_regional"]  # the Kepulauan Riau task force: 21.71 lies in it
    report = services.report_take(actor=officer, report=report, version=1)
    assert services.report_public_status(code=code).status == "handling"
    with pytest.raises(Conflict):
        services.report_take(actor=officer, report=report, version=1)
    done = services.report_to_case(
        actor=officer, report=report, unit=units["polda"], exploitation_types=["online_scam"], version=2
    )
    case = Case.objects.get(pk=done.case_id)
    assert (done.status, done.outcome, done.version) == ("handed_over", "case", 3)
    assert case.reporting_unit == units["polda"] and case.channel == "online" and case.origin_region_id == "21.71"
    assert case.destination_country == "KH" and case.modus == "fake_job_ad" and case.created_by == officer
    assert "Kamboja" in case.narrative and case.exploitation_types == ["online_scam"]
    assert "+6281270004411" in case.narrative and "telegram lokerkamboja" in case.narrative
    assert services.report_public_status(code=code).status_label == "Handed to the authorities"
    actions = list(AuditEntry.objects.filter(object_type="portal.publicreport").values_list("action", flat=True))
    assert actions == ["portal.report_submit", "portal.report_take", "portal.report_to_case"]
    assert AuditEntry.objects.filter(action="case.open", object_id=str(case.pk)).count() == 1


def test_triage_out_of_scope_or_without_the_role_is_refused(file_report, users, units):
    report, _ = file_report(region="52.01")  # Lombok Barat: not Kepulauan Riau
    with pytest.raises(NotFound):
        services.report_take(actor=users["secretariat_regional"], report=report)
    for role in ("supervisor", "case_worker", "analyst", "auditor", "system_admin", "outsider"):
        with pytest.raises((PermissionDenied, NotFound)):
            services.report_close(actor=users[role], report=report, reason="other")
    # the national secretariat holds every queue
    closed = services.report_close(actor=users["secretariat_national"], report=report, reason="insufficient")
    assert (closed.status, closed.outcome, closed.close_reason) == ("closed", "closed", "insufficient")
    with pytest.raises(Conflict):
        services.report_to_lead(actor=users["secretariat_national"], report=closed)


def test_a_case_goes_only_to_a_unit_in_the_secretariats_region(file_report, users, reference_data):
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    far = unit_create(actor=system_actor("tests"), code="T-POLDA-52", agency=Agency.objects.get(abbreviation="Polri"),
                      name="Polda NTB", kind="provincial", region=Region.objects.get(code="52"))  # fmt: skip
    report, _ = file_report()
    with pytest.raises(ValidationFailed) as error:
        services.report_to_case(actor=users["secretariat_regional"], report=report, unit=far,
                                exploitation_types=["online_scam"])  # fmt: skip
    assert error.value.field == "unit"
    assert PublicReport.objects.get(pk=report.pk).status == "received"


def test_lead_keeps_identifiers_and_the_reporter_sees_being_handled(file_report, users):
    report, code = file_report()
    lead = services.report_to_lead(actor=users["secretariat_national"], report=report)
    assert (lead.status, lead.outcome) == ("handling", "network_lead")
    assert services.report_public_status(code=code).status == "handling"
    bare, _ = file_report(phones="", bank_accounts="", social_accounts="")
    with pytest.raises(ValidationFailed):
        services.report_to_lead(actor=users["secretariat_national"], report=bare)


def test_a_closed_report_takes_no_more_information(file_report, users):
    report, code = file_report()
    services.report_close(actor=users["secretariat_national"], report=report, reason="duplicate")
    with pytest.raises(Conflict):
        services.report_add_information(code=code, information="lagi")
