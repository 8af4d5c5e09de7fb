"""Demo: a small register of licensed placement agencies (illustrative names), the advisories for
Cambodia and Myanmar, the recruiter's phone number of the networks demo approved for publication,
and two public reports (one kept as a network lead, one waiting in the national queue).

Actors are the demo users of the roles that do this work (no ``actor=None``). Idempotent."""

from __future__ import annotations

import datetime as dt

from gugus.accounts.models import User
from gugus.cases.models import Case
from gugus.portal import importer, services
from gugus.portal.models import Advisory, PublicReport, PublishedIdentifier

SOURCE = "Daftar P3MI berizin KP2MI (contoh data demo)"
REGISTER = (
    "Nama P3MI,Nomor Izin,Status Izin,Berlaku Sampai,Provinsi,Sumber,Tanggal Sumber\n"
    f"PT Sinar Bahtera Mandiri,DEMO-P3MI-001,Aktif,2028-06-30,Jawa Timur,{SOURCE},2026-10-01\n"
    f"PT Karya Samudra Sejahtera,DEMO-P3MI-002,Aktif,2027-12-31,Nusa Tenggara Barat,{SOURCE},2026-10-01\n"
    f"PT Mitra Tenaga Nusantara,DEMO-P3MI-003,Dibekukan,2027-03-31,Jawa Barat,{SOURCE},2026-10-01\n"
    f"PT Cahaya Abadi Global,DEMO-P3MI-004,Dicabut,,Kepulauan Riau,{SOURCE},2026-10-01\n"
).encode()
ADVISORIES = [
    ("KH", "Kamboja banyak menjadi lokasi markas penipuan daring. Tawaran kerja sebagai admin, customer service "
     "atau operator dengan visa turis hampir selalu palsu. Periksa ke BP3MI dan KBRI Phnom Penh.",
     "Cambodia hosts many online scam compounds. Offers of admin, customer-service or operator work on a tourist "
     "visa are almost always false. Check with BP3MI and the Indonesian embassy in Phnom Penh."),
    ("MM", "Di wilayah perbatasan Myanmar (Myawaddy) ada markas penipuan daring tempat WNI disekap. Jangan terima "
     "tawaran kerja ke Thailand yang berujung menyeberang ke Myanmar.",
     "Myanmar's border areas (Myawaddy) hold scam compounds where Indonesians are confined. Do not accept offers "
     "for Thailand that end with a crossing into Myanmar."),
]  # fmt: skip


def demo_step(*, rng, actor, out) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[
        "sekretariat.pusat", "sekretariat.kepri", "petugas.polda.kepri", "supervisor.polda.kepri"])}  # fmt: skip
    if len(users) < 4 or Advisory.objects.filter(country="KH").exists():
        return
    national = users["sekretariat.pusat"]
    importer.register_import(actor=national, content=REGISTER, filename="register.csv")
    for country, text_id, text_en in ADVISORIES:
        services.advisory_set(
            actor=national, country=country, level="high_risk", text_id=text_id, text_en=text_en,
            source="Gugus Tugas PP-TPPO (contoh data demo)", issued_on=dt.date(2026, 9, 15),
        )  # fmt: skip
    case = Case.objects.filter(import_key="demo-network-1").first()
    if case is not None and not PublishedIdentifier.objects.exists():
        proposal = services.publication_propose(
            actor=users["petugas.polda.kepri"], case=case, kind="phone", value="+62 812 7000 4411"
        )
        services.publication_decide(actor=users["supervisor.polda.kepri"], publication=proposal, approve=True)
    if not PublicReport.objects.exists():
        lead = services.report_submit(
            kind="job_offer",
            what_happened="Sepupu saya ditawari kerja admin di Kamboja lewat Facebook, gaji 15 juta, visa turis.",
            region="21.71",
            destination_country="KH",
            offer_text="Dibutuhkan admin online, gaji 15 jt, tiket ditanggung, berangkat minggu depan.",
            phones="0812-7000-4411",
            social_accounts="t.me/lokerkamboja_admin",
        ).report
        services.report_to_lead(actor=users["sekretariat.kepri"], report=lead)
        services.report_submit(
            kind="suspected_case",
            what_happened="Tetangga kami belum pulang dari Malaysia sejak tiga bulan; paspornya ditahan majikan.",
            child_at_risk="no",
        )
    print("portal: 4 licensed agencies, 2 advisories, 1 published number, 2 public reports", file=out)
