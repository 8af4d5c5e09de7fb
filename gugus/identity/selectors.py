"""Reads of identities: the intake check, the review queue, golden records, counting people.

The intake check finds candidates by keyed blind index only (``PersonToken`` digests of NIK,
passport, phone and the engine's retrieval keys), decrypts just those few records in memory and
scores them with the engine's comparison (``gugus.identity.scoring``). Nothing is compared in
clear in the database, and nothing is written to disk.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Func, IntegerField, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import blind_index
from gugus.identity.keys import KEY_WEIGHTS, key_kind, retrieval_keys
from gugus.identity.models import IdentityMember, ReviewPair
from gugus.identity.scoring import Weights, model_weights, prepare, score
from gugus.linkage.normalise import normalise_nik, normalise_passport, normalise_phone
from gugus.people.models import Person, PersonToken

# A key shared by more records than this says little and would fetch too many: skipped.
KEY_FAN_OUT_LIMIT = 200
# Records decrypted and scored per check, the best-ranked by agreeing keys.
CANDIDATES_SCORED = 20
# Below this probability a candidate is not shown.
SHOW_FROM = 0.05
# Between these two the pair goes to the review queue; from HIGH up it is a likely match (still reviewed).
REVIEW_LOW = 0.2
REVIEW_HIGH = 0.9

EVIDENCE_LABELS = {
    ("nik", "exact"): _("NIK identical"),
    ("nik", "one_typo"): _("NIK differs by one digit or two swapped digits"),
    ("nik", "different"): _("NIK differs"),
    ("birth_date", "exact"): _("same birth date"),
    ("birth_date", "nik_date"): _("birth date agrees with the date in the other NIK"),
    ("birth_date", "one_typo"): _("birth date differs by one digit"),
    ("birth_date", "year_changed"): _("same day and month, another year (falsified document?)"),
    ("birth_date", "same_year_one_partial"): _("same birth year (one record gives the year only)"),
    ("birth_date", "same_year"): _("same birth year, other date"),
    ("birth_date", "different"): _("birth date differs"),
    ("name", "exact"): _("same name"),
    ("name", "compact"): _("same name, written together or apart"),
    ("name", "same_sounds"): _("name sounds the same"),
    ("name", "similar"): _("similar name"),
    ("name", "subset"): _("one name contains the other"),
    ("name", "one_token"): _("one name in common"),
    ("name", "different"): _("different names"),
    ("phone", "exact"): _("a phone number in common"),
    ("phone", "different"): _("different phone numbers"),
    ("passport", "exact"): _("passport number identical"),
    ("passport", "one_typo"): _("passport number differs by one character"),
    ("passport", "different"): _("passport number differs"),
    ("regions", "same_regency"): _("same regency or city"),
    ("regions", "same_province"): _("same province"),
    ("regions", "different"): _("different regions"),
    ("sex", "exact"): _("same sex"),
    ("sex", "different"): _("different sex"),
}
AGREEING = {
    ("nik", "exact"), ("nik", "one_typo"), ("birth_date", "exact"), ("birth_date", "nik_date"),
    ("birth_date", "one_typo"), ("birth_date", "year_changed"), ("birth_date", "same_year_one_partial"),
    ("name", "exact"), ("name", "compact"), ("name", "same_sounds"), ("name", "similar"), ("name", "subset"),
    ("phone", "exact"), ("passport", "exact"), ("passport", "one_typo"), ("regions", "same_regency"), ("sex", "exact"),
}  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """One comparison of a pair: its level code, its label, whether it speaks for the match."""

    field: str
    level: str
    agrees: bool
    weight: float

    @property
    def label(self) -> str:
        return str(EVIDENCE_LABELS.get((self.field, self.level), self.level))


@dataclass
class Candidate:
    """A registered record that may be the same person as the one being checked."""

    person_id: int
    probability: float
    evidence: list[Evidence]
    keys: list[str]  # kinds of the retrieval keys that found it: nik, nik_ab, phone, name_year, ...
    guarded: bool
    agency: str = ""
    unit: str = ""
    identity_id: int | None = None
    person: Person | None = field(default=None, repr=False)

    @property
    def band(self) -> str:
        """likely (≥ REVIEW_HIGH, not guarded), possible (≥ REVIEW_LOW) or weak."""
        if self.probability >= REVIEW_HIGH and not self.guarded:
            return "likely"
        return "possible" if self.probability >= REVIEW_LOW else "weak"

    def evidence_codes(self) -> dict:
        return {
            "levels": {e.field: e.level for e in self.evidence},
            "keys": self.keys,
        }


# --- the population, for the prior ----------------------------------------------------------------

_population: dict[str, float] = {}
POPULATION_TTL_SECONDS = 600


def registry_size() -> int:
    """How many person records there are (counted at most every ten minutes: it only scales the prior)."""
    now = time.monotonic()
    if _population.get("at", -1e9) + POPULATION_TTL_SECONDS < now:
        _population["n"] = max(Person.objects.count(), 2)
        _population["at"] = now
    return int(_population["n"])


def weights_now(model=None) -> Weights:
    return model_weights(model).at_population(registry_size())


# --- a person as the engine's record ----------------------------------------------------------------


def person_record(person: Person) -> dict[str, Any]:
    """A person's decrypted fields as an engine record (in memory only)."""
    return {
        "record_id": str(person.pk),
        "full_name": person.full_name or "",
        "sex": person.sex or "",
        "birth_date": person.birth_date or (str(person.birth_year) if person.birth_year else ""),
        "birth_place": person.birth_place or "",
        "nik": person.nik or "",
        "phones": person.phone_list,
        "passport_no": person.passport_no or "",
        "address_region": person.address_region_id or person.address_as_written or "",
    }


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", ",").replace("\n", ",").split(",") if v.strip()]
    return [str(v) for v in value if str(v).strip()]


def record_from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """An engine record from form or API fields (as typed: the engine normalises)."""
    birth = fields.get("birth_date") or ""
    return {
        "record_id": "new",
        "full_name": str(fields.get("full_name") or ""),
        "sex": str(fields.get("sex") or ""),
        "birth_date": birth.isoformat() if hasattr(birth, "isoformat") else str(birth),
        "birth_place": str(fields.get("birth_place") or ""),
        "nik": str(fields.get("nik") or ""),
        "phones": _as_list(fields.get("phones")),
        "passport_no": str(fields.get("passport_no") or ""),
        "address_region": str(fields.get("address_region") or ""),
        "aliases": _as_list(fields.get("aliases")),
    }


def _lookup_digests(record: Mapping[str, Any], prepared: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """(purpose, digest) -> key kind, for every blind index the record can be found by."""
    digests: dict[tuple[str, str], str] = {}
    nik = normalise_nik(record.get("nik")).nik
    if nik and len(nik) == 16:
        digests[("nik", blind_index("nik", nik))] = "nik"
    passport = normalise_passport(record.get("passport_no"))
    if passport:
        digests[("passport", blind_index("passport", passport))] = "passport"
    for raw_phone in record.get("phones") or []:
        phone = normalise_phone(raw_phone)
        if phone:
            digests[("phone", blind_index("phone", phone))] = "phone"
    year = int(prepared["birth_year"]) if prepared.get("birth_year") else None
    names = [record.get("full_name") or "", *(record.get("aliases") or [])]
    for key in retrieval_keys(nik=nik if nik and len(nik) == 16 else None, names=names, birth_year=year):
        digests[("linkage_key", blind_index("linkage_key", key))] = key_kind(key)
    return digests


def possible_matches(
    fields: Mapping[str, Any],
    *,
    kind: str = Person.Kind.INDIVIDUAL,
    exclude_person_ids: Iterable[int] = (),
    limit: int = 5,
    show_from: float = SHOW_FROM,
    weights: Weights | None = None,
) -> list[Candidate]:
    """Registered records that may be the same person as ``fields``, best first, with the evidence.

    Three queries: how many records share each key, which records share the selective keys,
    and the few best-ranked records themselves (decrypted here, in memory, and scored).
    """
    record = record_from_fields(fields)
    prepared = prepare(record)
    if prepared["name"] is None and not (prepared["nik"] or prepared["passport"] or prepared["phones"]):
        return []
    digests = _lookup_digests(record, prepared)
    if not digests:
        return []
    excluded = set(exclude_person_ids)
    by_digest = {digest: kind_ for (_purpose, digest), kind_ in digests.items()}
    counts = {
        row["digest"]: row["n"]
        for row in PersonToken.objects.filter(digest__in=list(by_digest))
        .values("digest")
        .annotate(n=Count("id"))
        .order_by()
    }
    selective = [d for d, n in counts.items() if n <= KEY_FAN_OUT_LIMIT + len(excluded)]
    if not selective:
        return []
    found: dict[int, set[str]] = defaultdict(set)
    for person_id, digest in PersonToken.objects.filter(digest__in=selective).values_list("person_id", "digest"):
        if person_id not in excluded:
            found[person_id].add(by_digest[digest])
    if not found:
        return []
    ranked = sorted(found, key=lambda pk: (-sum(KEY_WEIGHTS.get(k, 1) for k in found[pk]), pk))[:CANDIDATES_SCORED]
    people = (
        Person.objects.filter(pk__in=ranked, kind=kind)
        .select_related("recorded_by_unit__agency", "identity_member")
        .only(
            "pk", "uuid", "kind", "full_name", "aliases", "nik", "passport_no", "phones", "birth_date", "birth_year",
            "birth_place", "sex", "address_region_id", "address_as_written", "recorded_by_unit__code",
            "recorded_by_unit__agency__abbreviation", "identity_member__identity_id",
        )
    )  # fmt: skip
    weights = weights or weights_now()
    candidates = []
    for person in people:
        result = score(prepared, prepare(person_record(person)), weights)
        if result.probability < show_from:
            continue
        evidence = [
            Evidence(f, level, (f, level) in AGREEING, result.weights.get(f, 0.0))
            for f, level in result.levels.items()
            if level is not None
        ]
        evidence.sort(key=lambda e: -abs(e.weight))
        unit = person.recorded_by_unit
        member = getattr(person, "identity_member", None)
        candidates.append(
            Candidate(
                person_id=person.pk,
                probability=round(result.probability, 6),
                evidence=evidence,
                keys=sorted(found[person.pk]),
                guarded=result.guarded,
                agency=unit.agency.abbreviation if unit else "",
                unit=unit.code if unit else "",
                identity_id=member.identity_id if member else None,
                person=person,
            )
        )
    candidates.sort(key=lambda c: (c.guarded, -c.probability, c.person_id))
    return candidates[:limit]


def person_matches(person: Person, *, limit: int = 5) -> list[Candidate]:
    """Possible matches of a registered person (its own identity's records left out)."""
    record = person_record(person)
    record["aliases"] = person.alias_list
    excluded = {person.pk}
    member = IdentityMember.objects.filter(person=person).first()
    if member is not None:
        excluded |= set(
            IdentityMember.objects.filter(identity_id=member.identity_id).values_list("person_id", flat=True)
        )
    return possible_matches(record, kind=person.kind, exclude_person_ids=excluded, limit=limit)


# --- counting people, not records ------------------------------------------------------------------


class _Negate(Func):
    template = "(-1 * %(expressions)s)"
    output_field = IntegerField()


def identity_key(person_path: str = "person"):
    """An expression naming a row's person by identity: the identity's id, or minus the record's
    id for a record of its own (identity ids are positive, so the two never collide)."""
    prefix = f"{person_path}__" if person_path else ""
    return Coalesce(F(f"{prefix}identity_member__identity_id"), _Negate(F(f"{prefix}id" if prefix else "id")))


def count_people(queryset: QuerySet, person_path: str = "person") -> int:
    """How many people (resolved identities) the rows of ``queryset`` concern."""
    return queryset.aggregate(n=Count(identity_key(person_path), distinct=True))["n"] or 0


# --- the review queue ------------------------------------------------------------------------------


def review_queue(user, *, status: str = ReviewPair.Status.PENDING, limit: int = 50) -> list[ReviewPair]:
    from gugus.identity.access import reviews_visible_to

    qs = reviews_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return list(
        qs.select_related("person_a__recorded_by_unit__agency", "person_b__recorded_by_unit__agency", "merge").order_by(
            "-probability", "id"
        )[:limit]
    )


def evidence_of(pair: ReviewPair) -> list[Evidence]:
    levels = (pair.evidence or {}).get("levels", {})
    return [Evidence(f, lv, (f, lv) in AGREEING, 0.0) for f, lv in levels.items()]


# --- the golden record -----------------------------------------------------------------------------

GOLDEN_FIELDS = [
    ("full_name", _("Full name")),
    ("nik", _("NIK")),
    ("passport_no", _("Passport number")),
    ("phones", _("Phone numbers")),
    ("birth_date", _("Birth date")),
    ("birth_place", _("Birth place")),
    ("sex", _("Sex")),
    ("address_region", _("Address region")),
    ("nationality", _("Nationality")),
]


@dataclass
class GoldenValue:
    """One value of a field across the identity's records, and the agencies whose records give it."""

    value: str
    agencies: list[str]
    records: int
    chosen: bool = False


@dataclass
class GoldenRecord:
    """A person's identity: the records grouped in it and, per field, every value with its sources."""

    identity_id: int | None
    records: list[Person]
    fields: list[tuple[str, str, list[GoldenValue]]]
    merges: list


def identity_records(person: Person) -> list[Person]:
    """Every record of the person's identity (just the person when not merged), oldest first."""
    member = IdentityMember.objects.filter(person=person).first()
    if member is None:
        return [person]
    return list(
        Person.objects.filter(identity_member__identity_id=member.identity_id)
        .select_related("recorded_by_unit__agency", "address_region")
        .order_by("pk")
    )


def _source_agency(person: Person, fallback: dict[int, str]) -> str:
    unit = person.recorded_by_unit
    if unit is not None:
        return unit.agency.abbreviation
    return fallback.get(person.pk, "")


def golden_record(person: Person) -> GoldenRecord:
    """The golden record of ``person``'s identity: per field the value most records give (ties: the
    most recently updated record), every other value too, each with its source agencies.

    Decrypts every record of the identity in memory; the caller audits the read.
    """
    from gugus.people.models import CaseRole

    records = identity_records(person)
    fallback = {
        role.person_id: role.case.reporting_unit.agency.abbreviation
        for role in CaseRole.objects.filter(person__in=records).select_related("case__reporting_unit__agency")
    }
    fields = []
    for name, label in GOLDEN_FIELDS:
        values: dict[str, dict] = {}
        for record in records:
            if name == "phones":
                items = record.phone_list
            elif name == "sex":
                items = [record.get_sex_display()] if record.sex else []
            elif name == "address_region":
                items = [record.address_region.name] if record.address_region else [record.address_as_written]
            else:
                items = [getattr(record, name) or ""]
            for item in items:
                if not item:
                    continue
                entry = values.setdefault(item, {"agencies": [], "records": 0, "latest": record.updated_at})
                agency = _source_agency(record, fallback)
                if agency and agency not in entry["agencies"]:
                    entry["agencies"].append(agency)
                entry["records"] += 1
                entry["latest"] = max(entry["latest"], record.updated_at)
        ordered = sorted(values.items(), key=lambda kv: (-kv[1]["records"], -kv[1]["latest"].timestamp(), kv[0]))
        golden = [GoldenValue(v, e["agencies"], e["records"]) for v, e in ordered]
        if golden:
            if name == "phones":
                for value in golden:
                    value.chosen = True  # a person may use several numbers: all are kept
            else:
                golden[0].chosen = True
        fields.append((name, label, golden))
    from gugus.identity.models import Merge

    member = IdentityMember.objects.filter(person=person).first()
    merges = list(Merge.objects.filter(identity_id=member.identity_id).order_by("-at")) if member else []
    return GoldenRecord(member.identity_id if member else None, records, fields, merges)


VICTIM_STATUSES = ("not_assessed", "suspected", "identified", "not_victim")


def victim_counts_by_status(roles: QuerySet) -> list[dict]:
    """People and records among victim roles, by the current assessment's result, never summed:
    suspected victims, identified victims, non-victims and those not yet assessed are different
    statuses (DESIGN.md, "never counted together"). A person in several cases under different
    statuses counts under each of them. One dict per status with any row, in a fixed order."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce as Fallback

    from gugus.cases.models import Assessment

    current = Assessment.objects.filter(victim=OuterRef("pk"), is_current=True).values("result")[:1]
    rows = (
        roles.annotate(status=Fallback(Subquery(current), Value("not_assessed")))
        .values("status")
        .annotate(records=Count("person_id", distinct=True), people=Count(identity_key(), distinct=True))
    )
    found = {row["status"]: row for row in rows}
    return [
        {"status": status, "people": found[status]["people"], "records": found[status]["records"]}
        for status in VICTIM_STATUSES
        if status in found
    ]


def victim_counts(roles: QuerySet) -> dict:
    """People (resolved identities) and records among victim roles: {"people": n, "records": m}."""
    figures = roles.aggregate(records=Count("person_id", distinct=True), people=Count(identity_key(), distinct=True))
    return {"people": figures["people"] or 0, "records": figures["records"] or 0}
