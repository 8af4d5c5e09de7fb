"""Demo meetings: the Rakor of 24 October 2025 in Depok that finalised the draft revision,
the ministerial meeting (RTM) it led to, and an earlier Rakor made up for the demo (its title says so) held under the
names agencies carried in 2023 (so the page can show their current names beside them).
"""

from __future__ import annotations

import datetime as dt

from gugus.core.demo import DemoClock
from gugus.meetings.models import ActionItem, Meeting
from gugus.meetings.services import action_item_add, action_item_update, agreement_add, meeting_create
from gugus.organisations.models import Agency, StructureVersion, TaskForce

RAKOR_2025_PARTICIPANTS = [
    "Kemenko Polkam",
    "Kemenko PMK",
    "Polri",
    "KemenPPPA",
    "Kemensos",
    "Kemenlu",
    "KP2MI",
    "Kemenimipas",
    "Kemenkum",
    "Kemendagri",
    "Kemenkeu",
    "Bappenas",
    "Kejaksaan RI",
    "LPSK",
    "Komdigi",
    "Kemnaker",
]

RAKOR_2023_PARTICIPANTS = ["Kemenko Polhukam", "Polri", "BP2MI", "Kemenkumham", "Kominfo", "KemenPPPA", "Kemenlu"]


def demo_step(*, rng, actor, out) -> None:
    national = TaskForce.objects.filter(tier="national").first()
    if national is None or Meeting.objects.filter(held_on=dt.date(2025, 10, 24), place__startswith="Depok").exists():
        print("meetings: demo already loaded" if national else "meetings: no national task force", file=out)
        return
    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    draft = StructureVersion.objects.filter(task_force=national, key="draft-2025").first()
    # A meeting and what it agreed are written up the day it is held, an item's progress the day it is
    # reported (DemoClock; the audit log keeps the seeding's time). The coming meeting is planned now.
    clock = DemoClock([(Meeting, "created_at"), (Meeting, "updated_at"), (ActionItem, "created_at"),
                       (ActionItem, "updated_at")])  # fmt: skip

    earlier = meeting_create(
        actor=actor,
        task_force=national,
        kind=Meeting.Kind.RAKOR,
        title="Rakor Gugus Tugas PP-TPPO: pelaksanaan Perpres 49/2023 (contoh data demo)",
        held_on=dt.date(2023, 11, 14),
        place="Jakarta",
        chair="Deputi Kemenko Polhukam",
        chair_agency=agencies["Kemenko Polhukam"],
        agenda="Pembagian tugas sub gugus tugas setelah Perpres 49/2023 (rapat contoh untuk demo).",
        participants=[agencies[a] for a in RAKOR_2023_PARTICIPANTS],
    )
    old = agreement_add(actor=actor, meeting=earlier, text="Setiap anggota menunjuk focal point Gugus Tugas.")
    focal = action_item_add(
        actor=actor,
        agreement=old,
        description="Menyampaikan nama focal point ke Sekretariat Gugus Tugas.",
        owner_agency=agencies["BP2MI"],
        due_on=dt.date(2023, 12, 15),
    )
    clock.stamp(clock.at(dt.date(2023, 11, 14), 16))
    action_item_update(
        actor=actor,
        item=focal,
        status=ActionItem.Status.DONE,
        evidence="Surat penunjukan focal point diterima Sekretariat.",
        completed_on=dt.date(2023, 12, 11),
    )
    clock.stamp(clock.at(dt.date(2023, 12, 11), 10))

    rakor = meeting_create(
        actor=actor,
        task_force=national,
        kind=Meeting.Kind.RAKOR,
        title="Rapat Koordinasi finalisasi rancangan revisi Perpres Gugus Tugas PP-TPPO",
        held_on=dt.date(2025, 10, 24),
        place="Depok, Jawa Barat",
        chair="Plt. Deputi Bidang Koordinasi Keamanan dan Ketertiban Masyarakat (Kamtibmas), Kemenko Polkam",
        chair_agency=agencies["Kemenko Polkam"],
        agenda=(
            "1. Finalisasi rancangan revisi Perpres 49/2023.\n"
            "2. Keanggotaan Gugus Tugas sesuai nomenklatur kementerian/lembaga saat ini.\n"
            "3. Struktur organisasi yang efisien.\n"
            "4. Mekanisme penganggaran dari pusat ke daerah."
        ),
        minutes=(
            "Rapat menyepakati rancangan revisi untuk dibawa ke Rapat Tingkat Menteri sebelum disampaikan "
            "kepada Presiden. Rincian tindak lanjut tercantum pada kesepakatan di bawah."
        ),
        participants=[agencies[a] for a in RAKOR_2025_PARTICIPANTS],
    )
    if draft is not None:
        from gugus.regulations.services import revision_step_record

        # The Rakor finalised the draft: the first step of its path to the President.
        revision_step_record(actor=actor, structure=draft, stage="rakor_finalised", on=rakor.held_on, meeting=rakor)
    membership = agreement_add(
        actor=actor,
        meeting=rakor,
        text="Keanggotaan Gugus Tugas disesuaikan dengan nomenklatur kementerian/lembaga yang berlaku saat ini.",
    )
    efficient = agreement_add(
        actor=actor,
        meeting=rakor,
        text=(
            "Organisasi Gugus Tugas dibuat efisien: hemat struktur namun kaya fungsi, tanpa tumpang tindih kewenangan."
        ),
    )
    budget = agreement_add(
        actor=actor,
        meeting=rakor,
        text="Mekanisme penganggaran Gugus Tugas dari pusat ke daerah diatur dalam rancangan revisi.",
    )
    items = [
        (
            membership,
            "Memutakhirkan daftar anggota rancangan sesuai nomenklatur Kabinet Merah Putih.",
            "Kemenko Polkam",
            dt.date(2025, 11, 7),
            "done",
            "Daftar anggota rancangan versi 31 Oktober 2025.",
            dt.date(2025, 10, 31),
            draft,
        ),
        (
            membership,
            "Harmonisasi rancangan revisi Perpres.",
            "Kemenkum",
            dt.date(2025, 12, 19),
            "in_progress",
            "",
            None,
            None,
        ),
        (
            efficient,
            "Memetakan setiap fungsi ke satu instansi penanggung jawab per tingkat (katalog fungsi).",
            "Polri",
            dt.date(2026, 1, 30),
            "open",
            "",
            None,
            draft,
        ),
        (
            efficient,
            "Menyusun tugas sub gugus tugas berbasis fungsi.",
            "KemenPPPA",
            dt.date(2026, 2, 27),
            "done",
            "Rancangan lampiran pembagian fungsi disampaikan ke Sekretariat.",
            dt.date(2026, 2, 20),
            None,
        ),
        (
            budget,
            "Merumuskan mekanisme alokasi APBN ke daerah (termasuk DAK Non-Fisik PPA).",
            "Kemenkeu",
            dt.date(2026, 3, 31),
            "open",
            "",
            None,
            None,
        ),
        (
            budget,
            "Menyiapkan pedoman penganggaran APBD untuk Gugus Tugas provinsi dan kabupaten/kota.",
            "Kemendagri",
            dt.date(2026, 12, 15),
            "in_progress",
            "",
            None,
            None,
        ),
        (
            budget,
            "Menyelaraskan kegiatan RAN PP-TPPO dengan kode program/kegiatan anggaran.",
            "Bappenas",
            dt.date(2026, 12, 3),
            "open",
            "",
            None,
            None,
        ),
    ]
    for agreement, text, owner, due, status, evidence, completed, concerns in items:
        item = action_item_add(
            actor=actor,
            agreement=agreement,
            description=text,
            owner_agency=agencies[owner],
            due_on=due,
            concerns=concerns,
            concerns_label="Rancangan revisi Perpres (2025)" if concerns is None and agreement is not budget else "",
        )
        clock.stamp(clock.at(rakor.held_on, 16))
        if status != "open":
            action_item_update(actor=actor, item=item, status=status, evidence=evidence or None, completed_on=completed)
            clock.stamp(clock.at(completed or rakor.held_on + dt.timedelta(days=21), 10))
    meeting_create(
        actor=actor,
        task_force=national,
        kind=Meeting.Kind.MINISTERIAL,
        title="Rapat Tingkat Menteri: rancangan revisi Perpres Gugus Tugas PP-TPPO",
        held_on=dt.date(2026, 12, 10),
        place="Jakarta",
        chair="Menteri Koordinator Bidang Politik dan Keamanan",
        chair_agency=agencies["Kemenko Polkam"],
        agenda="Persetujuan rancangan revisi Perpres sebelum disampaikan kepada Presiden.",
        participants=[agencies[a] for a in RAKOR_2025_PARTICIPANTS[:4] + ["Kemenkeu", "Kemendagri", "Kemenkum"]],
        preceded_by=rakor,
    )
    print(f"meetings: {Meeting.objects.count()} meetings, {ActionItem.objects.count()} action items", file=out)
