"""Demo authority matrices: Perpres 49/2023 as people describe it, and the draft revision of 2025.

The 49/2023 matrix shows the overlaps people complain about (repatriation claimed by Kemenlu,
BP2MI and Kemensos; victim protection by LPSK and KemenPPPA; ...) and the gaps nobody owns
(restitution and data at regency level). The draft resolves some of them, leaves others and
introduces one, so the analysis and the comparison have something real to show. The letters are
illustrative, like the members they rest on, and the secretariat edits them.
"""

from __future__ import annotations

from gugus.functions.models import Assignment, Function
from gugus.functions.services import assignment_add, catalogue_load
from gugus.organisations.models import Agency, StructureVersion

N, P, R = "national", "province", "regency"

# {(function code, tier): [(agency abbreviation, letters)]}
MATRIX_49_2023: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("prevention.public_awareness", N): [("KemenPPPA", "AR"), ("Kominfo", "R"), ("Kemendagri", "R"), ("Kemenag", "C")],
    ("prevention.public_awareness", P): [("Dinas PPPA", "AR")],
    ("prevention.public_awareness", R): [("Dinas PPPA", "AR")],
    ("prevention.online_job_ads", N): [("Kominfo", "AR"), ("BP2MI", "AR"), ("Kemnaker", "R")],
    ("prevention.online_job_ads", P): [("Disnaker", "R")],
    ("prevention.content_takedown", N): [("Kominfo", "AR"), ("Polri", "R")],
    ("prevention.placement_agency_supervision", N): [("Kemnaker", "AR"), ("BP2MI", "AR")],
    ("prevention.placement_agency_supervision", P): [("Disnaker", "AR"), ("BP2MI", "R")],
    ("prevention.departure_screening", N): [("Kemenkumham", "AR"), ("BP2MI", "R")],
    ("prevention.departure_screening", R): [("Kemenkumham", "AR")],
    ("victim_identification", N): [("Polri", "AR"), ("KemenPPPA", "AR"), ("Kemensos", "R")],
    ("victim_identification", P): [("Polri", "AR"), ("Dinas PPPA", "R")],
    ("victim_identification", R): [("Dinas PPPA", "AR"), ("Polri", "R")],
    ("investigation", N): [("Polri", "AR"), ("PPATK", "C"), ("Kejaksaan RI", "C")],
    ("investigation", P): [("Polri", "AR")],
    ("investigation", R): [("Polri", "AR")],
    ("prosecution", N): [("Kejaksaan RI", "AR"), ("Polri", "I")],
    ("prosecution", P): [("Kejaksaan RI", "AR")],
    ("prosecution", R): [("Kejaksaan RI", "AR")],
    ("financial_investigation", N): [("PPATK", "AR"), ("Polri", "R")],
    ("witness_victim_protection", N): [("LPSK", "AR"), ("KemenPPPA", "AR")],
    ("witness_victim_protection", P): [("LPSK", "AR"), ("Dinas PPPA", "AR")],
    ("witness_victim_protection", R): [("Dinas PPPA", "AR")],
    ("health_rehabilitation", N): [("Kemenkes", "AR")],
    ("health_rehabilitation", P): [("Dinas Kesehatan", "AR")],
    ("health_rehabilitation", R): [("Dinas Kesehatan", "AR")],
    ("social_rehabilitation", N): [("Kemensos", "AR"), ("KemenPPPA", "R")],
    ("social_rehabilitation", P): [("Dinas Sosial", "AR")],
    ("social_rehabilitation", R): [("Dinas Sosial", "AR")],
    ("legal_aid", N): [("Kemenkumham", "AR"), ("LPSK", "R"), ("KemenPPPA", "R")],
    ("legal_aid", P): [("Dinas PPPA", "R")],
    ("legal_aid", R): [("Dinas PPPA", "R")],
    ("restitution", N): [("LPSK", "AR"), ("Kejaksaan RI", "AR")],
    ("restitution", P): [("Kejaksaan RI", "R")],
    ("repatriation_abroad", N): [("Kemenlu", "AR"), ("BP2MI", "AR"), ("Kemensos", "AR")],
    ("return_home", N): [("Kemensos", "AR"), ("BP2MI", "R")],
    ("return_home", P): [("Dinas Sosial", "AR"), ("BP2MI", "AR")],
    ("return_home", R): [("Dinas Sosial", "AR")],
    ("social_reintegration", N): [("Kemensos", "AR")],
    ("social_reintegration", P): [("Dinas Sosial", "AR")],
    ("social_reintegration", R): [("Dinas Sosial", "AR"), ("Disnaker", "R")],
    ("international_cooperation", N): [("Kemenlu", "AR"), ("Polri", "R"), ("Kemenko Polhukam", "C")],
    ("data_reporting", N): [("Polri", "R"), ("BPS", "R")],
    ("data_reporting", P): [("Pemda", "R")],
    ("coordination", N): [("Kemenko Polhukam", "A"), ("Kemenko PMK", "A"), ("Polri", "R")],
    ("coordination", P): [("Pemda", "AR")],
    ("coordination", R): [("Pemda", "AR")],
    ("budgeting", N): [("Polri", "AR"), ("Kemenkeu", "C"), ("Bappenas", "C")],
    ("budgeting", P): [("Pemda", "AR")],
    ("budgeting", R): [("Pemda", "AR")],
}

# The draft carries the members' current names ...
DRAFT_RENAMES = {"BP2MI": "KP2MI", "Kominfo": "Komdigi", "Kemenko Polhukam": "Kemenko Polkam"}
# ... Kemenkumham's work goes to the successor that does it ...
DRAFT_SPLIT = {"prevention.departure_screening": "Kemenimipas", "legal_aid": "Kemenkum"}
# ... and these slots are rewritten (the rest carried over unchanged).
DRAFT_CHANGES: dict[tuple[str, str], list[tuple[str, str]]] = {
    # Resolved: one Accountable each.
    ("repatriation_abroad", N): [("Kemenlu", "AR"), ("KP2MI", "R"), ("Kemensos", "C")],
    ("witness_victim_protection", N): [("LPSK", "AR"), ("KemenPPPA", "R")],
    ("victim_identification", N): [("Polri", "AR"), ("KemenPPPA", "R"), ("Kemensos", "R")],
    ("prevention.online_job_ads", N): [("Komdigi", "AR"), ("KP2MI", "R"), ("Kemnaker", "R")],
    ("restitution", N): [("LPSK", "AR"), ("Kejaksaan RI", "R")],
    ("coordination", N): [("Kemenko Polkam", "A"), ("Polri", "R"), ("Kemenko PMK", "C")],
    ("return_home", P): [("Dinas Sosial", "AR"), ("KP2MI", "R")],
    # Gaps closed.
    ("data_reporting", N): [("Polri", "AR"), ("BPS", "R")],
    ("restitution", P): [("Kejaksaan RI", "AR"), ("LPSK", "R")],
    # Idle members given work.
    ("prevention.public_awareness", N): [
        ("KemenPPPA", "AR"),
        ("Komdigi", "R"),
        ("Kemendagri", "R"),
        ("Kemenag", "R"),
        ("Kemendikdasmen", "R"),
    ],
    ("prevention.departure_screening", N): [("Kemenimipas", "AR"), ("KP2MI", "R"), ("TNI", "R")],
    ("prevention.placement_agency_supervision", N): [("Kemnaker", "AR"), ("KP2MI", "AR"), ("KKP", "R")],
    ("budgeting", N): [("Polri", "AR"), ("Kemenkeu", "R"), ("Bappenas", "C")],
    # Introduced: the draft also makes the coordinating ministry accountable abroad.
    ("international_cooperation", N): [("Kemenlu", "AR"), ("Kemenko Polkam", "A"), ("Polri", "R")],
}


def draft_matrix() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The draft's letters: 49/2023 under current names, with the draft's changes applied."""
    result = {}
    for (code, tier), holders in MATRIX_49_2023.items():
        renamed = []
        for agency, letters in holders:
            if agency == "Kemenkumham":
                agency = DRAFT_SPLIT[code]
            renamed.append((DRAFT_RENAMES.get(agency, agency), letters))
        result[(code, tier)] = renamed
    result.update(DRAFT_CHANGES)
    return result


def _load(structure: StructureVersion, letters: dict, *, actor, allow_fixed: bool) -> int:
    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    functions = {f.code: f for f in Function.objects.all()}
    added = 0
    for (code, tier), holders in letters.items():
        for abbreviation, responsibilities in holders:
            for letter in responsibilities:
                assignment_add(
                    actor=actor,
                    structure=structure,
                    function=functions[code],
                    agency=agencies[abbreviation],
                    tier=tier,
                    responsibility=letter,
                    legal_basis=structure.regulation,
                    allow_fixed=allow_fixed,
                )
                added += 1
    return added


def demo_step(*, rng, actor, out) -> None:
    catalogue_load(actor=actor)
    loaded = []
    for key, letters in (("49-2023", MATRIX_49_2023), ("draft-2025", None)):
        structure = StructureVersion.objects.filter(task_force__tier="national", key=key).first()
        if structure is None or Assignment.objects.filter(structure=structure).exists():
            continue
        letters = letters if letters is not None else draft_matrix()
        # 49/2023 is in force: its letters are recorded as the regulation stands, not edited.
        loaded.append((key, _load(structure, letters, actor=actor, allow_fixed=key == "49-2023")))
    print(
        f"functions: {Function.objects.count()} functions, {Assignment.objects.count()} assignments"
        + "".join(f"; {key}: {count} letters" for key, count in loaded),
        file=out,
    )
