"""Demo structures: the national task force under each regulation and a draft revision.

Members that the sources confirm are marked as such; the others are flagged "not confirmed"
(the ``illustrative`` flag, shown with a badge) and editable by the secretariat, as DESIGN.md asks.
The 69/2008 roster uses the names agencies carried in 2008 (Departemen … before Perpres 47/2009).
"""

from __future__ import annotations

import datetime as dt

from gugus.organisations.models import (
    Agency,
    AgencyUnit,
    Membership,
    Region,
    StructureVersion,
    TaskForce,
    Tier,
)
from gugus.organisations.services import (
    membership_add,
    structure_create,
    task_force_create,
    unit_create,
)

P = Membership.Position

# (key, name, regulation, status, from, to, [(abbreviation, position, illustrative)])
STRUCTURES = [
    (
        "69-2008",
        "Perpres 69/2008",
        "Peraturan Presiden Nomor 69 Tahun 2008",
        "historical",
        dt.date(2008, 11, 3),
        dt.date(2021, 4, 19),
        [
            ("Kemenko Kesra", P.CHAIR_1, False),
            ("KNPP", P.DAILY_CHAIR, False),
            ("Polri", P.MEMBER, True),
            ("Depsos", P.MEMBER, True),
            ("Depkes", P.MEMBER, True),
            ("Deplu", P.MEMBER, True),
            ("Depnakertrans", P.MEMBER, True),
            ("Depkumham", P.MEMBER, True),
            ("Depdagri", P.MEMBER, True),
            ("Kejaksaan RI", P.MEMBER, True),
            ("BNP2TKI", P.MEMBER, True),
            ("Depdiknas", P.MEMBER, True),
            ("Depag", P.MEMBER, True),
        ],
    ),
    (
        "22-2021",
        "Perpres 22/2021",
        "Peraturan Presiden Nomor 22 Tahun 2021",
        "historical",
        dt.date(2021, 4, 20),
        dt.date(2023, 8, 9),
        [
            ("Kemenko PMK", P.CHAIR_1, False),
            ("Kemenko Polhukam", P.CHAIR_2, False),
            ("KemenPPPA", P.DAILY_CHAIR, False),
            ("Polri", P.MEMBER, True),
            ("Kemensos", P.MEMBER, True),
            ("Kemenkes", P.MEMBER, True),
            ("Kemenlu", P.MEMBER, True),
            ("Kemnaker", P.MEMBER, True),
            ("Kemenkumham", P.MEMBER, True),
            ("Kemendagri", P.MEMBER, True),
            ("Kejaksaan RI", P.MEMBER, True),
            ("LPSK", P.MEMBER, True),
            ("Kominfo", P.MEMBER, True),
            ("Kemendikbudristek", P.MEMBER, True),
            ("Kemenag", P.MEMBER, True),
            ("Kemenparekraf", P.MEMBER, True),
            ("Bappenas", P.MEMBER, True),
        ],
    ),
    (
        "49-2023",
        "Perpres 49/2023",
        "Peraturan Presiden Nomor 49 Tahun 2023",
        "in_force",
        dt.date(2023, 8, 10),
        None,
        [
            ("Kemenko Polhukam", P.CHAIR_1, False),
            ("Kemenko PMK", P.CHAIR_2, False),
            ("Polri", P.DAILY_CHAIR, False),
            ("Polri", P.SECRETARIAT, False),
            ("TNI", P.MEMBER, False),
            ("PPATK", P.MEMBER, False),
            ("KKP", P.MEMBER, False),
            ("BP2MI", P.MEMBER, False),
            ("Kemendagri", P.MEMBER, False),
            ("Kemenkeu", P.MEMBER, False),
            ("KemenPPPA", P.MEMBER, True),
            ("Kemensos", P.MEMBER, True),
            ("Kemenkes", P.MEMBER, True),
            ("Kemenlu", P.MEMBER, True),
            ("Kemnaker", P.MEMBER, True),
            ("Kemenkumham", P.MEMBER, True),
            ("Kejaksaan RI", P.MEMBER, True),
            ("LPSK", P.MEMBER, True),
            ("Kominfo", P.MEMBER, True),
            ("Kemendikbudristek", P.MEMBER, True),
            ("Kemenag", P.MEMBER, True),
            ("Kemenparekraf", P.MEMBER, True),
            ("Bappenas", P.MEMBER, True),
            ("BPS", P.MEMBER, True),
        ],
    ),
    (
        "draft-2025",
        "Rancangan revisi Perpres (2025)",
        "Rancangan Peraturan Presiden (Kemenko Polkam, 2025)",
        "draft",
        None,
        None,
        [
            ("Kemenko Polkam", P.CHAIR_1, True),
            ("Kemenko PMK", P.CHAIR_2, True),
            ("Polri", P.DAILY_CHAIR, True),
            ("Polri", P.SECRETARIAT, True),
            ("TNI", P.MEMBER, True),
            ("PPATK", P.MEMBER, True),
            ("KKP", P.MEMBER, True),
            ("KP2MI", P.MEMBER, True),
            ("Kemendagri", P.MEMBER, True),
            ("Kemenkeu", P.MEMBER, True),
            ("KemenPPPA", P.MEMBER, True),
            ("Kemensos", P.MEMBER, True),
            ("Kemenkes", P.MEMBER, True),
            ("Kemenlu", P.MEMBER, True),
            ("Kemnaker", P.MEMBER, True),
            ("Kemenkum", P.MEMBER, True),
            ("Kemenimipas", P.MEMBER, True),
            ("Kejaksaan RI", P.MEMBER, True),
            ("LPSK", P.MEMBER, True),
            ("Komdigi", P.MEMBER, True),
            ("Kemendikdasmen", P.MEMBER, True),
            ("Kemenag", P.MEMBER, True),
            # Left deliberately with an old name, so the comparison has an outdated member to show.
            ("Kemenparekraf", P.MEMBER, True),
        ],
    ),
]

# When each regulation was signed, and where that date and its members come from.
STRUCTURE_SOURCES = {
    "69-2008": (
        dt.date(2008, 11, 3),
        "Peraturan Presiden Nomor 69 Tahun 2008 tentang Gugus Tugas Pencegahan dan Penanganan Tindak Pidana "
        "Perdagangan Orang, on JDIH (peraturan.go.id); the day of signing is still to be confirmed there. "
        "The chair and daily chair are named in the regulation; the other members are not confirmed by a "
        "published source.",
    ),
    "22-2021": (
        dt.date(2021, 4, 20),
        "Peraturan Presiden Nomor 22 Tahun 2021 tentang Perubahan atas Peraturan Presiden Nomor 69 Tahun 2008 "
        "(the first amendment), on JDIH; the day of signing is still to be confirmed there.",
    ),
    "49-2023": (
        dt.date(2023, 8, 10),
        "Peraturan Presiden Nomor 49 Tahun 2023 tentang Perubahan Kedua atas Peraturan Presiden Nomor 69 Tahun "
        "2008, signed on 10 August 2023 (JDIH, peraturan.go.id); chairs in Pasal 6, secretariat in Pasal 11, "
        "budget in Pasal 30; new members as reported at its publication.",
    ),
    "draft-2025": (
        None,
        "Draft revision coordinated by Kemenko Polkam, finalised at the Rakor of 24 October 2025 in Depok; "
        "members follow today's names of ministries and agencies.",
    ),
}

# Regional task forces of the demo: (tier, region code, legal basis).
REGIONAL_TASK_FORCES = [
    ("province", "32", "Pergub Jawa Barat"),
    ("province", "33", "Pergub Jawa Tengah"),
    ("province", "35", "Pergub Jawa Timur"),
    ("province", "21", "Pergub Kepulauan Riau"),
    ("province", "52", "Pergub NTB"),
    ("province", "53", "Pergub NTT"),
    ("province", "61", "Pergub Kalimantan Barat"),
    ("province", "73", "Pergub Sulawesi Selatan"),
    ("regency", "32.12", "Perbup Indramayu"),
    ("regency", "21.71", "Perwal Batam"),
    ("regency", "52.01", "Perbup Lombok Barat"),
    ("regency", "53.02", "Perbup Timor Tengah Selatan"),
    ("regency", "35.07", "Perbup Malang"),
]

# Units: (code, agency, name, kind, region code, country)
UNITS = [
    ("POLRI-MABES", "Polri", "Bareskrim Polri — Direktorat Tindak Pidana PPA dan PPO", "headquarters", "", ""),
    ("POLRI-SETGT", "Polri", "Sekretariat Gugus Tugas TPPO Pusat", "secretariat", "", ""),
    ("POLRI-POLDA-32", "Polri", "Polda Jawa Barat", "provincial", "32", ""),
    ("POLRI-POLDA-35", "Polri", "Polda Jawa Timur", "provincial", "35", ""),
    ("POLRI-POLDA-21", "Polri", "Polda Kepulauan Riau", "provincial", "21", ""),
    ("POLRI-POLDA-52", "Polri", "Polda Nusa Tenggara Barat", "provincial", "52", ""),
    ("POLRI-POLDA-53", "Polri", "Polda Nusa Tenggara Timur", "provincial", "53", ""),
    ("POLRI-POLRES-32.12", "Polri", "Polres Indramayu", "regency", "32.12", ""),
    ("POLRI-POLRESTA-21.71", "Polri", "Polresta Barelang", "regency", "21.71", ""),
    ("KEMENSOS-PUSAT", "Kemensos", "Direktorat Rehabilitasi Sosial, Kementerian Sosial", "headquarters", "", ""),
    ("DINSOS-32", "Dinas Sosial", "Dinas Sosial Provinsi Jawa Barat", "provincial", "32", ""),
    ("DINSOS-32.12", "Dinas Sosial", "Dinas Sosial Kabupaten Indramayu", "regency", "32.12", ""),
    ("DINSOS-52", "Dinas Sosial", "Dinas Sosial Provinsi Nusa Tenggara Barat", "provincial", "52", ""),
    ("DINSOS-52.01", "Dinas Sosial", "Dinas Sosial Kabupaten Lombok Barat", "regency", "52.01", ""),
    ("DINSOS-21.71", "Dinas Sosial", "Dinas Sosial Kota Batam", "regency", "21.71", ""),
    ("UPTDPPA-53", "Dinas PPPA", "UPTD PPA Provinsi Nusa Tenggara Timur", "service_unit", "53", ""),
    ("UPTDPPA-21", "Dinas PPPA", "UPTD PPA Provinsi Kepulauan Riau", "service_unit", "21", ""),
    ("UPTDPPA-32.12", "Dinas PPPA", "UPTD PPA Kabupaten Indramayu", "service_unit", "32.12", ""),
    ("DPPPA-52", "Dinas PPPA", "Dinas PPPA Provinsi Nusa Tenggara Barat", "provincial", "52", ""),
    ("KEMENPPPA-PUSAT", "KemenPPPA", "Deputi Perlindungan Khusus Anak, KemenPPPA", "headquarters", "", ""),
    ("LPSK-PUSAT", "LPSK", "LPSK Jakarta", "headquarters", "", ""),
    ("LPSK-PERWAKILAN-21", "LPSK", "Perwakilan LPSK Batam", "provincial", "21", ""),
    ("KEMENKES-PUSAT", "Kemenkes", "Direktorat Kesehatan Jiwa, Kemenkes", "headquarters", "", ""),
    ("DINKES-21.71", "Dinas Kesehatan", "Dinas Kesehatan Kota Batam", "regency", "21.71", ""),
    ("KEMENLU-PWNI", "Kemenlu", "Direktorat Pelindungan WNI, Kemenlu", "headquarters", "", ""),
    ("KEMENLU-KBRI-KH", "Kemenlu", "KBRI Phnom Penh — Fungsi Pelindungan WNI", "mission_abroad", "", "KH"),
    ("KEMENLU-KBRI-MM", "Kemenlu", "KBRI Yangon — Fungsi Pelindungan WNI", "mission_abroad", "", "MM"),
    ("KEMENLU-KBRI-MY", "Kemenlu", "KBRI Kuala Lumpur — Fungsi Pelindungan WNI", "mission_abroad", "", "MY"),
    ("KEMENLU-KBRI-SA", "Kemenlu", "KBRI Riyadh — Fungsi Pelindungan WNI", "mission_abroad", "", "SA"),
    ("KP2MI-PUSAT", "KP2MI", "Kementerian P2MI — Deputi Pelindungan", "headquarters", "", ""),
    ("KP2MI-BP3MI-52", "KP2MI", "BP3MI Nusa Tenggara Barat", "provincial", "52", ""),
    ("KP2MI-BP3MI-21", "KP2MI", "BP3MI Kepulauan Riau", "provincial", "21", ""),
    ("KEJAKSAAN-AGUNG", "Kejaksaan RI", "Kejaksaan Agung — Jampidum", "headquarters", "", ""),
    ("KEJATI-21", "Kejaksaan RI", "Kejaksaan Tinggi Kepulauan Riau", "provincial", "21", ""),
    ("IMIGRASI-21.71", "Kemenimipas", "Kantor Imigrasi Kelas I Batam", "regency", "21.71", ""),
    ("KOMDIGI-PUSAT", "Komdigi", "Ditjen Pengawasan Ruang Digital, Komdigi", "headquarters", "", ""),
    ("PPATK-PUSAT", "PPATK", "PPATK", "headquarters", "", ""),
    ("KEMNAKER-PUSAT", "Kemnaker", "Ditjen Binapenta, Kemnaker", "headquarters", "", ""),
    ("DISNAKER-32.12", "Disnaker", "Dinas Tenaga Kerja Kabupaten Indramayu", "regency", "32.12", ""),
    ("SETGT-PROV-35", "Pemda", "Sekretariat Gugus Tugas TPPO Provinsi Jawa Timur", "secretariat", "35", ""),
    ("SETGT-PROV-21", "Pemda", "Sekretariat Gugus Tugas TPPO Provinsi Kepulauan Riau", "secretariat", "21", ""),
    ("BPKAD-32.12", "Pemda", "Bappeda Kabupaten Indramayu", "regency", "32.12", ""),
]


def demo_step(*, rng, actor, out) -> None:
    national, _ = TaskForce.objects.get_or_create(
        tier=Tier.NATIONAL,
        region=None,
        defaults={
            "name": "Gugus Tugas PP-TPPO Pusat",
            "legal_basis": "Perpres 49/2023",
            "formed_on": dt.date(2008, 11, 3),
        },
    )
    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    previous = None
    for key, name, regulation, status, start, end, members in STRUCTURES:
        structure = StructureVersion.objects.filter(task_force=national, key=key).first()
        if structure is None:
            signed_on, source = STRUCTURE_SOURCES[key]
            structure = structure_create(
                signed_on=signed_on,
                source=source,
                actor=actor,
                task_force=national,
                key=key,
                name=name,
                status=status,
                regulation=regulation,
                effective_from=start,
                effective_to=end,
                based_on=previous if status == "draft" else None,
                note="Members marked “not confirmed” are not named in a published source we could check; "
                "the secretariat corrects them."
                if status != "draft"
                else "Draft coordinated by Kemenko Polkam: members under today's names, to be confirmed.",
            )

            for abbreviation, position, illustrative in members:
                membership_add(
                    actor=actor,
                    structure=structure,
                    agency=agencies[abbreviation],
                    position=position,
                    since=start,
                    legal_basis=regulation,
                    illustrative=illustrative,
                    allow_fixed=True,
                )
        previous = structure
    for tier, code, basis in REGIONAL_TASK_FORCES:
        region = Region.objects.get(code=code)
        if not TaskForce.objects.filter(tier=tier, region=region).exists():
            label = "Provinsi" if tier == "province" else ""
            task_force_create(
                actor=actor,
                tier=tier,
                region=region,
                name=f"Gugus Tugas PP-TPPO {label} {region.name}".replace("  ", " "),
                legal_basis=basis,
                formed_on=dt.date(2019 + rng.randint(0, 5), 1 + rng.randint(0, 11), 1),
            )
    for code, abbreviation, name, kind, region_code, country in UNITS:
        if not AgencyUnit.objects.filter(code=code).exists():
            unit_create(
                actor=actor,
                code=code,
                agency=agencies[abbreviation],
                name=name,
                kind=kind,
                region=Region.objects.get(code=region_code) if region_code else None,
                country=country,
            )
    print(
        f"organisations: {StructureVersion.objects.count()} structures, {TaskForce.objects.count()} task forces, "
        f"{AgencyUnit.objects.count()} units",
        file=out,
    )
