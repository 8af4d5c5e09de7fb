"""Demo budget for fiscal year 2026 (illustrative figures): the national task force on Polri's
APBN line, ministries' own APBN, DAK Non-Fisik PPA flowing from the centre to Jawa Barat and on
to Indramayu, regional APBD lines, a donor grant, realisation to date, and one revision (APBD-P).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gugus.budgets.models import BudgetLine, Flow, Realisation, Revision
from gugus.budgets.services import flow_record, holder_resolve, line_create, line_revise, realisation_record
from gugus.core.demo import DemoClock

# What the budget services stamp with the real "now": moved to the day each entry was made (the audit
# log keeps the seeding's time).
BUDGET_TIMES = [
    (BudgetLine, "created_at"),
    (BudgetLine, "updated_at"),
    (Revision, "recorded_at"),
    (Flow, "recorded_at"),
    (Realisation, "created_at"),
    (Realisation, "updated_at"),
]

YEAR = 2026
M = Decimal("1000000")  # one million rupiah

# (key, holder, source, source detail, programme, activity, output, account, title, function, RAN, millions)
LINES = [
    (
        "pusat",
        "GT-PUSAT",
        "apbn_polri",
        "BA 060 Polri",
        "060.01.DH",
        "5006",
        "5006.QAH.001",
        "521211",
        "Koordinasi Gugus Tugas PP-TPPO Pusat",
        "coordination",
        "RAN 4.1",
        12500,
    ),
    (
        "dak",
        "KEMENPPPA-PUSAT",
        "apbn_ministry",
        "DAK Non-Fisik PPA",
        "047.01.WA",
        "6120",
        "6120.BDB.002",
        "",
        "DAK Non-Fisik PPA untuk layanan korban",
        "social_rehabilitation",
        "RAN 3.2",
        5000,
    ),
    (
        "kemensos",
        "KEMENSOS-PUSAT",
        "apbn_ministry",
        "",
        "027.06.DL",
        "5779",
        "5779.QDB.001",
        "526211",
        "Rehabilitasi sosial korban TPPO",
        "social_rehabilitation",
        "RAN 3.3",
        3000,
    ),
    (
        "jabar",
        "GT-32",
        "transfer",
        "DAK Non-Fisik PPA",
        "1.06.07",
        "2.01",
        "0001",
        "5.1.02",
        "Layanan korban TPPO Provinsi Jawa Barat",
        "social_rehabilitation",
        "RAN 3.2",
        2000,
    ),
    (
        "indramayu",
        "GT-32.12",
        "transfer",
        "DAK Non-Fisik PPA",
        "1.06.07",
        "2.01",
        "0003",
        "5.1.02",
        "Pendampingan korban TPPO Kabupaten Indramayu",
        "social_reintegration",
        "RAN 3.4",
        1200,
    ),
    (
        "indramayu_apbd",
        "GT-32.12",
        "apbd_regency",
        "",
        "1.06.07",
        "2.02",
        "0001",
        "5.1.02",
        "Sosialisasi pencegahan TPPO di desa asal PMI",
        "prevention.public_awareness",
        "RAN 1.1",
        350,
    ),
    (
        "dinsos_indramayu",
        "DINSOS-32.12",
        "apbd_regency",
        "",
        "1.06.03",
        "2.01",
        "0002",
        "5.1.02",
        "Rumah perlindungan sosial",
        "social_rehabilitation",
        "RAN 3.3",
        750,
    ),
    (
        "polda_kepri",
        "POLRI-POLDA-21",
        "apbn_ministry",
        "BA 060 Polri",
        "060.01.DH",
        "3126",
        "3126.QAG.001",
        "",
        "Penyidikan TPPO Polda Kepri",
        "investigation",
        "RAN 2.1",
        1800,
    ),
    (
        "kepri",
        "GT-21",
        "apbd_province",
        "",
        "1.06.07",
        "2.01",
        "0001",
        "5.1.02",
        "Koordinasi Gugus Tugas Provinsi Kepulauan Riau",
        "coordination",
        "RAN 4.1",
        400,
    ),
    (
        "bp3mi_ntb",
        "KP2MI-BP3MI-52",
        "apbn_ministry",
        "",
        "121.01.DN",
        "6310",
        "6310.QAA.001",
        "",
        "Pemulangan PMI korban TPPO",
        "return_home",
        "RAN 3.5",
        900,
    ),
    (
        "donor_ntt",
        "UPTDPPA-53",
        "donor",
        "IOM (illustrative)",
        "",
        "",
        "HIBAH-01",
        "",
        "Identifikasi korban di perbatasan",
        "victim_identification",
        "RAN 2.2",
        350,
    ),
]
FLOWS = [("dak", "jabar", 2000), ("jabar", "indramayu", 1200)]
# (line key, date, millions, document, description)
SPENDING = [
    ("pusat", dt.date(2026, 3, 20), 2100, "SP2D-060-0311", "Rakor dan rapat teknis triwulan I"),
    ("pusat", dt.date(2026, 9, 30), 3900, "SP2D-060-0918", "Rakor, RTM dan sekretariat triwulan II-III"),
    ("kemensos", dt.date(2026, 6, 30), 1650, "SP2D-027-0622", "Rehabilitasi sosial di sentra"),
    ("dak", dt.date(2026, 5, 15), 400, "SP2D-047-0501", "Pendampingan teknis DAK"),
    ("jabar", dt.date(2026, 8, 12), 500, "SP2D-32-0808", "Layanan rujukan provinsi"),
    ("indramayu", dt.date(2026, 10, 2), 610, "SP2D-3212-1001", "Pendampingan dan reintegrasi korban"),
    ("dinsos_indramayu", dt.date(2026, 7, 21), 720, "SP2D-3212-0711", "Operasional rumah perlindungan"),
    ("polda_kepri", dt.date(2026, 8, 29), 950, "SP2D-060-0821", "Penyidikan dan pemberkasan perkara"),
    ("bp3mi_ntb", dt.date(2026, 4, 9), 300, "SP2D-121-0402", "Pemulangan dari Malaysia"),
    ("donor_ntt", dt.date(2026, 9, 5), 120, "HIBAH-IOM-07", "Pelatihan identifikasi korban"),
]


def demo_step(*, rng, actor, out) -> None:
    from gugus.functions.models import Function

    if BudgetLine.objects.filter(fiscal_year=YEAR, natural_key__contains="|GT-PUSAT|").exists():
        print("budgets: demo already loaded", file=out)
        return
    functions = {f.code: f for f in Function.objects.all()}
    made = {}
    clock = DemoClock(BUDGET_TIMES)
    for key, holder, source, detail, programme, activity, output, account, title, function, ran, millions in LINES:
        resolved = holder_resolve(holder)
        if resolved is None:
            continue
        made[key] = line_create(
            actor=actor,
            fiscal_year=YEAR,
            holder=resolved,
            source=source,
            source_detail=detail,
            programme_code=programme,
            activity_code=activity,
            output_code=output,
            account_code=account,
            title=f"{title} (ilustratif)",
            function=functions.get(function),
            ran_activity=ran,
            allocated=millions * M,
            effective_on=dt.date(YEAR, 1, 2),
        )
        clock.stamp(clock.at(dt.date(YEAR, 1, 2)))
    if "dinsos_indramayu" in made:
        line_revise(
            actor=actor,
            line=made["dinsos_indramayu"],
            amount=900 * M,
            kind="apbd_p",
            effective_on=dt.date(YEAR, 9, 15),
            note="APBD-P Kabupaten Indramayu 2026 (ilustratif)",
        )
        clock.stamp(clock.at(dt.date(YEAR, 9, 15)))
    for source, target, millions in FLOWS:
        if source in made and target in made:
            flow_record(actor=actor, source=made[source], target=made[target], amount=millions * M)
            clock.stamp(clock.at(dt.date(YEAR, 1, 2), 14))
    for key, spent_on, millions, document, description in SPENDING:
        if key in made:
            realisation_record(
                actor=actor,
                line=made[key],
                spent_on=spent_on,
                amount=millions * M,
                document_ref=document,
                description=description,
            )
            clock.stamp(clock.at(spent_on, 15))
    print(f"budgets: {BudgetLine.objects.count()} lines for {YEAR}", file=out)
