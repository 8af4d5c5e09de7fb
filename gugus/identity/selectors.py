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

from django.db.models import Count, F, FloatField, Func, IntegerField, QuerySet
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
    ("nik", "same_birth"): _("another NIK with the same birth date and sex"),
    ("nik", "conflict"): _("two valid NIKs with different birth dates or sexes: two people"),
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
    ("name", "initials"): _("same first name, the other names given as initials"),
    ("name", "tokens"): _("every name of one record resembles a name of the other"),
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
    ("name", "initials"), ("name", "tokens"),
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


# Pending pairs read per queue page before ordering: the most uncertain ones of each kind.
QUEUE_CANDIDATES_PER_ITEM = 10


def review_priority(pair: ReviewPair, *, victim: bool) -> tuple:
    """How much a decision on the pair matters, as a sort key (smaller first).

    Pairs about a victim come first, then other individuals, organisations last; within each,
    the most uncertain first: a probability near one half, or a high score the guard held back
    (the score and the rules disagree).
    """
    tier = 0 if victim else (2 if pair.person_a.kind == Person.Kind.ORGANISATION else 1)
    uncertainty = 1.0 if pair.guarded else 1.0 - abs(pair.probability - 0.5) * 2
    return (tier, -round(uncertainty, 6), pair.pk)


def _pair_agencies(pair: ReviewPair) -> set[str]:
    agencies = set()
    for person in (pair.person_a, pair.person_b):
        unit = person.recorded_by_unit
        agencies.add(unit.agency.abbreviation if unit else "")
    return agencies


def spread_over_agencies(pairs: list[ReviewPair], limit: int) -> list[ReviewPair]:
    """The first ``limit`` pairs in order, but no agency's records in half of them or more while
    pairs of other agencies wait: those of an agency at its share are held back, and fill the
    page only when nothing else is left."""
    share = max(1, (limit - 1) // 2)
    counts: dict[str, int] = defaultdict(int)
    chosen: list[ReviewPair] = []
    held: list[ReviewPair] = []
    for pair in pairs:
        if len(chosen) >= limit:
            break
        agencies = _pair_agencies(pair)
        if any(counts[a] >= share for a in agencies):
            held.append(pair)
            continue
        chosen.append(pair)
        for agency in agencies:
            counts[agency] += 1
    chosen += held[: max(0, limit - len(chosen))]
    return chosen


def review_queue(user, *, status: str = ReviewPair.Status.PENDING, limit: int = 50) -> list[ReviewPair]:
    """The review queue of ``user``: pending pairs ordered by how much a decision matters
    (``review_priority``) and spread over agencies (``spread_over_agencies``); decided pairs
    newest first. Two queries."""
    from django.db.models import Exists, OuterRef

    from gugus.identity.access import reviews_visible_to
    from gugus.people.models import CaseRole

    qs = reviews_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("person_a__recorded_by_unit__agency", "person_b__recorded_by_unit__agency", "merge")
    if status != ReviewPair.Status.PENDING:
        return list(qs.order_by("-decided_at", "-probability", "id")[:limit])
    victims = CaseRole.objects.filter(role=CaseRole.Role.VICTIM)
    qs = qs.annotate(
        victim_a=Exists(victims.filter(person_id=OuterRef("person_a_id"))),
        victim_b=Exists(victims.filter(person_id=OuterRef("person_b_id"))),
        distance=Func(F("probability") - 0.5, function="ABS", output_field=FloatField()),
    )
    # the most uncertain first in each tier, so that the candidates read hold every tier's best
    ordered = qs.order_by("-victim_a", "-victim_b", "person_a__kind", "-guarded", "distance", "id")
    candidates = list(ordered[: limit * QUEUE_CANDIDATES_PER_ITEM])
    candidates.sort(key=lambda p: review_priority(p, victim=p.victim_a or p.victim_b))
    return spread_over_agencies(candidates, limit)


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
    # True for "held by <agency>": a record the viewer may not read gives this field; no value shown.
    withheld: bool = False


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


def field_values(record: Person, name: str) -> list[str]:
    """The values a record gives for a golden-record field, as shown (empty values left out)."""
    if name == "phones":
        items = record.phone_list
    elif name == "sex":
        items = [record.get_sex_display()] if record.sex else []
    elif name == "address_region":
        items = [record.address_region.name] if record.address_region else [record.address_as_written]
    else:
        items = [getattr(record, name) or ""]
    return [str(item) for item in items if item]


# Fields whose surviving value a reviewer may choose when merging (a person keeps all phones).
CHOOSABLE_FIELDS = [name for name, _label in GOLDEN_FIELDS if name != "phones"]


def golden_choices(records: list[Person]) -> dict[str, Person]:
    """Per field, the record whose value reviewers chose in the identity's merges still in force
    (the latest merge wins); fields nobody chose are left out."""
    member_ids = {r.pk: r for r in records}
    if len(records) < 2:
        return {}
    from gugus.identity.models import Merge

    identity_id = IdentityMember.objects.filter(person_id=records[0].pk).values_list("identity_id", flat=True).first()
    chosen: dict[str, Person] = {}
    merges = Merge.objects.filter(identity_id=identity_id, undone_at=None).exclude(choices={}).order_by("at", "id")
    for merge in merges:
        for name, person_id in (merge.choices or {}).items():
            record = member_ids.get(int(person_id))
            if record is not None and name in CHOOSABLE_FIELDS:
                chosen[name] = record
    return chosen


@dataclass
class FieldComparison:
    """One field of two records side by side, and whether they disagree (a warning when it matters)."""

    name: str
    label: str
    left: list[str]
    right: list[str]
    differs: bool
    warning: str = ""


def _nik_key(value: str) -> tuple | None:
    info = normalise_nik(value)
    return (info.birth_date, info.sex) if info.is_valid and info.birth_date else None


def _comparable(name: str, value: str) -> str:
    if name == "nik":
        return normalise_nik(value).nik or value
    if name == "passport_no":
        return normalise_passport(value) or value
    if name == "phones":
        return normalise_phone(value) or value
    return " ".join(value.lower().split())


def review_queue_page(user, *, status: str = ReviewPair.Status.PENDING) -> list[ReviewPair]:
    """The review queue as its page shows it (the records' names): a read, recorded here (``review_queue``)."""
    from gugus.audit.reads import read_record

    pairs = review_queue(user, status=status)
    if pairs:
        read_record(actor=user, target=("identity.review_queue", len(pairs)), purpose="review_queue")
    return pairs


def review_side_by_side(user, pair: ReviewPair) -> list[FieldComparison]:
    """Both records of a pair, field by field, for the reviewer: a read of each (``review``)."""
    from gugus.audit.reads import read_record

    for person in (pair.person_a, pair.person_b):
        read_record(actor=user, target=person, purpose="review")
    return pair_comparison(pair.person_a, pair.person_b)


def pair_comparison(left: Person, right: Person) -> list[FieldComparison]:
    """The golden-record fields of two records side by side; conflicts flagged, strong ones warned.

    Two valid NIKs that encode different birth dates or sexes are, but for a typo, two people;
    two birth dates may be a falsified document or two people: both are warned about.
    """
    rows = []
    for name, label in GOLDEN_FIELDS:
        a, b = field_values(left, name), field_values(right, name)
        same = {_comparable(name, v) for v in a} & {_comparable(name, v) for v in b}
        differs = bool(a and b and (not same if name == "phones" else {_comparable(name, v) for v in a}
                                    != {_comparable(name, v) for v in b}))  # fmt: skip
        warning = ""
        if differs and name == "nik":
            keys = (_nik_key(a[0]), _nik_key(b[0]))
            if keys[0] and keys[1] and keys[0] != keys[1]:
                warning = str(_("Two valid NIKs with different birth dates or sexes: normally two different people."))
            else:
                warning = str(_("Two different NIKs: check for a typing error before merging."))
        elif differs and name == "birth_date":
            warning = str(_("Two different birth dates: a falsified document, a typing error or two people."))
        elif differs and name == "sex":
            warning = str(_("Two different sexes recorded."))
        rows.append(FieldComparison(name, str(label), a, b, differs, warning))
    return rows


def _source_agency(person: Person, fallback: dict[int, str]) -> str:
    unit = person.recorded_by_unit
    if unit is not None:
        return unit.agency.abbreviation
    return fallback.get(person.pk, "")


def golden_record(person: Person, *, viewer) -> GoldenRecord:
    """The golden record of ``person``'s identity as ``viewer`` may see it: per field the value most
    readable records give (ties: the most recently updated record) unless a reviewer chose the
    surviving value when merging, every other value too, each with its source agencies; a record
    the viewer may not read adds only "held by <agency>".

    Decrypts the readable records in memory and audits the read of the fields it shows.
    """
    from gugus.accounts.roles import has_capability
    from gugus.audit.reads import read_record
    from gugus.people.access import people_visible_to
    from gugus.people.models import CaseRole

    records = identity_records(person)
    readable = set()
    if has_capability(viewer, "people.view_personal"):
        ids = [r.pk for r in records]
        readable = set(people_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))
    fallback = {
        role.person_id: role.case.reporting_unit.agency.abbreviation
        for role in CaseRole.objects.filter(person__in=records).select_related("case__reporting_unit__agency")
    }
    shown_records = [r for r in records if r.pk in readable]
    # A reviewer's choice counts only where the viewer may read the chosen record.
    chosen = {name: record for name, record in golden_choices(records).items() if record.pk in readable}
    golden = _golden_fields(shown_records, [r for r in records if r.pk not in readable], fallback, chosen)
    from gugus.identity.models import Merge

    member = IdentityMember.objects.filter(person=person).first()
    merges = list(Merge.objects.filter(identity_id=member.identity_id).order_by("-at")) if member else []
    shown = [name for name, _label, values in golden if any(not v.withheld for v in values)]
    if shown:
        read_record(actor=viewer, target=("identity.person", person.pk), purpose="identity", only=shown)
    return GoldenRecord(member.identity_id if member else None, records, golden, merges)


def _golden_fields(
    records: list[Person], withheld: list[Person], fallback: dict[int, str], chosen: dict[str, Person]
) -> list:
    fields = []
    for name, label in GOLDEN_FIELDS:
        values: dict[str, dict] = {}
        for record in records:
            for item in field_values(record, name):
                entry = values.setdefault(item, {"agencies": [], "records": 0, "latest": record.updated_at})
                agency = _source_agency(record, fallback)
                if agency and agency not in entry["agencies"]:
                    entry["agencies"].append(agency)
                entry["records"] += 1
                entry["latest"] = max(entry["latest"], record.updated_at)
        ordered = sorted(values.items(), key=lambda kv: (-kv[1]["records"], -kv[1]["latest"].timestamp(), kv[0]))
        golden = [GoldenValue(v, e["agencies"], e["records"]) for v, e in ordered]
        chosen_value = next(iter(field_values(chosen[name], name)), None) if name in chosen else None
        if golden:
            if name == "phones":
                for value in golden:
                    value.chosen = True  # a person may use several numbers: all are kept
            elif chosen_value is not None and any(v.value == chosen_value for v in golden):
                for value in golden:
                    value.chosen = value.value == chosen_value  # a reviewer chose it when merging
            else:
                golden[0].chosen = True
        held: dict[str, int] = {}
        for record in withheld:
            if field_values(record, name):
                agency = _source_agency(record, fallback)
                held[agency] = held.get(agency, 0) + 1
        golden += [GoldenValue("", [agency], n, withheld=True) for agency, n in sorted(held.items())]
        fields.append((name, label, golden))
    return fields


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


# --- the intake check, as a user may see it --------------------------------------------------------

# Checks per user in a window: an intake officer registers a few people an hour; a loop that
# probes other agencies' records by NIK or phone needs thousands.
CHECK_LIMIT = 30
CHECK_WINDOW_SECONDS = 600


@dataclass
class CheckRow:
    """One possible match as the checking user may see it.

    ``visible`` rows (records the user may already read) carry the candidate with its evidence.
    Others say only which agency and unit hold a possible match, so the officer can ask that unit
    through a referral: no name, no probability, no evidence, never a confirmation of a guess.
    """

    visible: bool
    agency: str
    unit: str  # the unit's code
    unit_name: str = ""
    candidate: Candidate | None = None
    name: str = ""

    @property
    def percent(self) -> float | None:
        return round(self.candidate.probability * 100, 1) if self.candidate else None


def _check_allowed(user) -> bool:
    """Count one check for ``user`` in the current window; False when over the limit."""
    from django.core.cache import cache

    key = f"gugus:identity_check:{getattr(user, 'pk', None) or 'system'}"
    if cache.add(key, 1, timeout=CHECK_WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= CHECK_LIMIT
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=CHECK_WINDOW_SECONDS)
        return True


def intake_check(user, fields: Mapping[str, Any], *, kind: str = Person.Kind.INDIVIDUAL) -> list[CheckRow]:
    """Possible matches of a person being registered, as ``user`` may see them; rate-limited, audited.

    The audit entry records what was looked up as keyed digests (the same blind indexes the
    records are found by), never the values, and how many matches in and out of scope it gave.
    """
    from gugus.accounts.roles import has_capability
    from gugus.core.errors import PermissionDenied, RateLimited
    from gugus.people.access import people_visible_to

    if not has_capability(user, "cases.create"):
        raise PermissionDenied("Your role does not allow this.")
    if not _check_allowed(user):
        raise RateLimited(_("Too many identity checks in a short time; try again in a few minutes."))
    record = record_from_fields(fields)
    looked_up = sorted(f"{purpose}:{digest}" for purpose, digest in _lookup_digests(record, prepare(record)))
    candidates = possible_matches(fields, kind=kind)
    visible: set[int] = set()
    if candidates and has_capability(user, "people.view_personal"):
        ids = [c.person_id for c in candidates]
        visible = set(people_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    from gugus.organisations.models import AgencyUnit

    names = dict(AgencyUnit.objects.filter(code__in={c.unit for c in candidates}).values_list("code", "name"))
    rows: list[CheckRow] = []
    held_elsewhere: set[tuple[str, str]] = set()
    for c in candidates:
        if c.person_id in visible:
            name = c.person.full_name if c.person else ""
            rows.append(CheckRow(True, c.agency, c.unit, names.get(c.unit, ""), c, name))
        elif (c.agency, c.unit) not in held_elsewhere:
            held_elsewhere.add((c.agency, c.unit))
            rows.append(CheckRow(False, c.agency, c.unit, names.get(c.unit, "")))
    if looked_up:
        _audit_check(user, looked_up, len(visible), len(held_elsewhere))
    return rows


def _audit_check(user, looked_up: list[str], in_scope: int, elsewhere: int) -> None:
    from gugus.audit.models import AuditEntry
    from gugus.audit.services import audit_record

    audit_record(
        actor=user,
        action="read.identity_check",
        target=("identity.check", ""),
        data={"looked_up": looked_up, "in_scope": in_scope, "held_elsewhere": elsewhere,
              "fields": ["full_name"] if in_scope else []},
        kind=AuditEntry.Kind.READ,
    )  # fmt: skip
