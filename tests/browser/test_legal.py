# ruff: noqa: F811 (pytest fixtures imported from the apps' conftests are parameters here)
"""End to end, the investigator's path: an investigation referral received and accepted, the referring
case visible, the legal track opened from the police report, a suspect and an article recorded, the
case file complete (P-21), the verdict."""

import pytest

from gugus.cases.tests.fixtures import open_case  # noqa: F401
from gugus.legal.tests.conftest import kejati  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_investigator_from_referral_to_verdict(  # noqa: F811
    page,
    login,
    live_server,
    users,
    units,
    open_case,
    matrix,
    function,
    kejati,  # noqa: F811
):
    from gugus.legal.models import Investigation, Suspect
    from gugus.legal.services import articles_load

    articles_load()  # the tables are emptied between transactional tests
    from gugus.referrals.services import referral_send

    case = open_case(unit=units["dinsos"], actor=users["supervisor@other"])
    referral = referral_send(
        actor=users["case_worker@other"],
        victim=case.roles.get(role="victim"),
        function=function("investigation"),
        to_unit=units["polda"],
        shares=["identity"],
        legal_exception="law_enforcement",
        legal_basis="KUHAP Pasal 106",
    )
    url = live_server.url
    login("case_worker")
    assert page.request.get(f"{url}/cases/{case.pk}/").status == 404  # not before accepting
    page.goto(f"{url}/")

    # Referral received: in the investigations page with its own state; accepted on the referral's page.
    page.click("[data-testid=menu-legal]")
    row = page.locator(f"[data-referral='{referral.pk}']")
    assert row.locator("[data-testid=referral-state]").inner_text() == "Diterima: menunggu unit penyidik"
    row.locator("a").first.click()
    page.click("[data-testid=accept]")
    page.wait_for_selector(".message")

    # The case is visible now: parties and narrative.
    page.goto(f"{url}/legal/")
    page.click(f"[data-referral='{referral.pk}'] [data-testid=open-case-track]")
    page.click("[data-testid=case-link]")
    assert page.inner_text("[data-testid=case-number]") == case.number
    assert "Dijanjikan kerja admin" in page.inner_text("[data-testid=narrative]")
    page.click("[data-testid=legal-link]")

    # The legal track from the police report and the warrant.
    page.fill("input[name=report_number]", "LP/B/55/III/2025/SPKT")
    page.fill("input[name=report_date]", "2025-03-04")
    page.fill("input[name=sprindik_number]", "SP.Sidik/12/III/2025")
    page.fill("input[name=sprindik_date]", "2025-03-05")
    page.click("[data-testid=open-submit]")
    page.wait_for_selector("[data-testid=report-number]")
    track = Investigation.objects.get()
    referral.refresh_from_db()
    assert referral.status == "in_progress"

    # A suspect and the article charged.
    page.fill("[data-testid=suspect-form] input[name=full_name]", "Rina Wulandari")
    page.click("[data-testid=suspect-submit]")
    page.wait_for_selector("[data-suspect]")
    assert "Rina Wulandari" in page.inner_text("[data-testid=suspects]")
    option = page.locator("[data-testid=charge-form] select[name=article] option", has_text="Pasal 4 UU 21/2007")
    page.select_option("[data-testid=charge-form] select[name=article]", option.get_attribute("value"))
    page.click("[data-testid=charge-submit]")
    page.wait_for_selector("[data-testid=suspect-charges] div")
    assert "Pasal 4 UU 21/2007" in page.inner_text("[data-testid=suspect-charges]")

    # The stages to P-21 and the trial.
    def stage(kind, on, reference="", prosecutor=None):
        page.select_option("[data-testid=step-form] select[name=kind]", kind)
        page.fill("[data-testid=step-form] input[name=on]", on)
        page.fill("[data-testid=step-form] input[name=reference]", reference)
        if prosecutor:
            page.select_option("[data-testid=step-form] select[name=prosecutor_unit]", prosecutor)
        page.click("[data-testid=step-submit]")
        page.wait_for_selector(f"[data-step={kind}]")

    stage("spdp", "2025-03-10", prosecutor=kejati.code)
    stage("file_sent", "2025-05-02")
    stage("p21", "2025-05-08", "B-1234/L.10/Eku.1/05/2025")
    assert page.inner_text("[data-testid=track-stage]") == "Berkas perkara lengkap (P-21)"
    stage("handover", "2025-05-15")
    stage("indictment", "2025-06-02", "PDM-77/BTM/06/2025")

    # The verdict, with sentence and restitution.
    page.click("[data-testid=verdict-form] >> xpath=..")
    page.fill("[data-testid=verdict-form] input[name=court_name]", "Pengadilan Negeri Batam")
    page.fill("[data-testid=verdict-form] input[name=decided_on]", "2025-09-01")
    page.select_option("[data-testid=verdict-form] select[name=outcome]", "convicted")
    page.fill("[data-testid=verdict-form] input[name=prison_months]", "84")
    page.fill("[data-testid=verdict-form] input[name=restitution_ordered_idr]", "150.000.000")
    page.click("[data-testid=verdict-submit]")
    page.wait_for_selector("[data-testid=suspect-verdicts] strong")
    assert "Dipidana" in page.inner_text("[data-testid=suspect-verdicts]")
    assert page.inner_text("[data-testid=suspect-status]").startswith("Dipidana")
    suspect = Suspect.objects.get(investigation=track)
    assert (suspect.status, suspect.verdicts.get().prison_months) == ("convicted", 84)
    assert list(track.steps.values_list("kind", flat=True)) == [
        "police_report", "sprindik", "spdp", "file_sent", "p21", "handover", "indictment", "verdict",
    ]  # fmt: skip
