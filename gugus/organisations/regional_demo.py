"""Demo structures of two regional task forces: the province of Jawa Timur and the regency of
Indramayu, each under its own regional act, with regional units as members, sub-task-forces and
an authority matrix at its tier.

The regional acts' numbers and dates are not taken from a published source: the source says so,
and the secretariat records the real ones. Runs after the function catalogue is loaded.
"""

from __future__ import annotations

import datetime as dt

from gugus.organisations.models import Agency, AgencyUnit, Membership, Region, StructureVersion, TaskForce
from gugus.organisations.services import membership_add, structure_create, sub_task_force_add, unit_create

P = Membership.Position
DEMO_SOURCE = (
    "Contoh data demo: nomor dan tanggal keputusan kepala daerah belum diambil dari sumber terbitan; "
    "sekretariat gugus tugas daerah mencatat yang sebenarnya."
)

# Units the two structures need: (code, agency, name, kind, region code)
UNITS = [
    ("PEMPROV-35", "Pemda", "Pemerintah Provinsi Jawa Timur", "provincial", "35"),
    ("DPPPA-35", "Dinas PPPA", "Dinas PPPA Provinsi Jawa Timur", "provincial", "35"),
    ("DINSOS-35", "Dinas Sosial", "Dinas Sosial Provinsi Jawa Timur", "provincial", "35"),
    ("DISNAKERTRANS-35", "Disnaker", "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Timur", "provincial", "35"),
    ("DINKES-35", "Dinas Kesehatan", "Dinas Kesehatan Provinsi Jawa Timur", "provincial", "35"),
    ("KP2MI-BP3MI-35", "KP2MI", "BP3MI Jawa Timur", "provincial", "35"),
    ("PEMKAB-32.12", "Pemda", "Pemerintah Kabupaten Indramayu", "regency", "32.12"),
    ("DPPPA-32.12", "Dinas PPPA", "Dinas PPPA Kabupaten Indramayu", "regency", "32.12"),
    ("DINKES-32.12", "Dinas Kesehatan", "Dinas Kesehatan Kabupaten Indramayu", "regency", "32.12"),
    ("SETGT-KAB-32.12", "Pemda", "Sekretariat Gugus Tugas TPPO Kabupaten Indramayu", "secretariat", "32.12"),
]

SUBS = [
    ("pencegahan", "Sub Gugus Tugas Pencegahan dan Partisipasi Masyarakat"),
    ("rehabilitasi", "Sub Gugus Tugas Rehabilitasi Kesehatan, Rehabilitasi Sosial, Pemulangan dan Reintegrasi"),
    ("penegakan-hukum", "Sub Gugus Tugas Penegakan Hukum"),
]

# (region code, key, name, regulation, signed on, members [(unit code, position, sub code)], matrix)
STRUCTURES = [
    (
        "35",
        "pergub-35",
        "Gugus Tugas PP-TPPO Provinsi Jawa Timur",
        "Keputusan Gubernur Jawa Timur tentang Gugus Tugas PP-TPPO Provinsi Jawa Timur",
        dt.date(2024, 3, 1),
        [
            ("PEMPROV-35", P.CHAIR_1, ""),
            ("DPPPA-35", P.DAILY_CHAIR, ""),
            ("SETGT-PROV-35", P.SECRETARIAT, ""),
            ("DPPPA-35", P.SUB_COORDINATOR, "pencegahan"),
            ("DINSOS-35", P.SUB_COORDINATOR, "rehabilitasi"),
            ("POLRI-POLDA-35", P.SUB_COORDINATOR, "penegakan-hukum"),
            ("DINKES-35", P.MEMBER, "rehabilitasi"),
            ("DISNAKERTRANS-35", P.MEMBER, "pencegahan"),
            ("KP2MI-BP3MI-35", P.MEMBER, "pencegahan"),
        ],
        [
            ("social_rehabilitation", "Dinas Sosial", "A"),
            ("health_rehabilitation", "Dinas Kesehatan", "A"),
            ("investigation", "Polri", "A"),
            ("prevention.public_awareness", "Dinas PPPA", "A"),
            ("prevention.placement_agency_supervision", "Disnaker", "A"),
            ("prevention.placement_agency_supervision", "KP2MI", "C"),
        ],
    ),
    (
        "32.12",
        "perbup-32-12",
        "Gugus Tugas PP-TPPO Kabupaten Indramayu",
        "Keputusan Bupati Indramayu tentang Gugus Tugas PP-TPPO Kabupaten Indramayu",
        dt.date(2023, 11, 1),
        [
            ("PEMKAB-32.12", P.CHAIR_1, ""),
            ("DPPPA-32.12", P.DAILY_CHAIR, ""),
            ("SETGT-KAB-32.12", P.SECRETARIAT, ""),
            ("UPTDPPA-32.12", P.SUB_COORDINATOR, "rehabilitasi"),
            ("POLRI-POLRES-32.12", P.SUB_COORDINATOR, "penegakan-hukum"),
            ("DISNAKER-32.12", P.SUB_COORDINATOR, "pencegahan"),
            ("DINSOS-32.12", P.MEMBER, "rehabilitasi"),
            ("DINKES-32.12", P.MEMBER, "rehabilitasi"),
            ("BPKAD-32.12", P.MEMBER, ""),
        ],
        [
            ("victim_identification", "Dinas PPPA", "A"),
            ("social_rehabilitation", "Dinas Sosial", "A"),
            ("return_home", "Dinas Sosial", "A"),
            ("social_reintegration", "Dinas Sosial", "A"),
            ("investigation", "Polri", "A"),
            ("prevention.public_awareness", "Disnaker", "R"),
        ],
    ),
]


def demo_step(*, rng, actor, out) -> None:
    from gugus.functions.models import Function
    from gugus.functions.services import assignment_add

    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    for code, abbreviation, name, kind, region_code in UNITS:
        if not AgencyUnit.objects.filter(code=code).exists():
            unit_create(
                actor=actor, code=code, agency=agencies[abbreviation], name=name, kind=kind,
                region=Region.objects.get(code=region_code),
            )  # fmt: skip
    made = 0
    for region_code, key, name, regulation, signed_on, members, matrix in STRUCTURES:
        task_force = TaskForce.objects.filter(region_id=region_code).first()
        if task_force is None or StructureVersion.objects.filter(task_force=task_force, key=key).exists():
            continue
        structure = structure_create(
            actor=actor, task_force=task_force, key=key, name=name, status=StructureVersion.Status.IN_FORCE,
            regulation=regulation, effective_from=signed_on, signed_on=signed_on, source=DEMO_SOURCE,
        )  # fmt: skip
        subs = {
            code: sub_task_force_add(actor=actor, structure=structure, code=code, name=label, allow_fixed=True)
            for code, label in SUBS
        }
        for unit_code, position, sub in members:
            unit = AgencyUnit.objects.get(code=unit_code)
            membership_add(
                actor=actor, structure=structure, agency=unit.agency, unit=unit, position=position,
                since=signed_on, legal_basis=regulation, sub_task_force=subs.get(sub), allow_fixed=True,
            )  # fmt: skip
        for function_code, abbreviation, letter in matrix:
            function = Function.objects.filter(code=function_code).first()
            if function is not None:
                assignment_add(
                    actor=actor, structure=structure, function=function, agency=agencies[abbreviation],
                    tier=task_force.tier, responsibility=letter, legal_basis=regulation, allow_fixed=True,
                )  # fmt: skip
        made += 1
    print(f"organisations (regional): {made} regional structures", file=out)
