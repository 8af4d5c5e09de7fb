"""Writes of identities: queueing pairs for review, deciding them, merging records and undoing merges.

Every function is one transaction with its audit entry; the rows it changes are locked first.
Audit data carry uuids, codes and probabilities, never names or identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.accounts.actors import is_system, system_actor
from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.core.errors import Conflict, PermissionDenied, ValidationFailed
from gugus.identity.models import Identity, IdentityMember, Merge, ReviewPair
from gugus.identity.selectors import REVIEW_HIGH, REVIEW_LOW, Candidate, person_matches, person_record
from gugus.people.models import Person


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def _actor_pk(actor):
    return getattr(actor, "pk", None)


# --- the review queue ------------------------------------------------------------------------------


def review_enqueue(
    *, person_a: Person | int, person_b: Person | int, source: str, probability: float, evidence: dict, guarded: bool
) -> ReviewPair | None:
    """Put a pair in the queue (once per pair: a pair already queued or decided is left alone)."""
    a = person_a if isinstance(person_a, int) else person_a.pk
    b = person_b if isinstance(person_b, int) else person_b.pk
    if a == b:
        return None
    a, b = sorted((a, b))
    if ReviewPair.objects.filter(person_a_id=a, person_b_id=b).exists():
        return None
    try:
        with transaction.atomic():
            pair = ReviewPair.objects.create(
                person_a_id=a,
                person_b_id=b,
                source=source,
                probability=round(float(probability), 6),
                evidence=evidence,
                guarded=guarded,
            )
            audit_record(
                actor=system_actor("identity"),
                action="identity.review_enqueue",
                target=pair,
                data={"source": source, "probability": pair.probability, "levels": evidence.get("levels", {})},
            )
    except IntegrityError:
        return None  # queued at the same moment by another check
    return pair


def _same_identity(a: int, b: int) -> bool:
    ids = dict(IdentityMember.objects.filter(person_id__in=[a, b]).values_list("person_id", "identity_id"))
    return a in ids and ids.get(a) == ids.get(b)


def intake_enqueue(*, person: Person, candidates: Iterable[Candidate] | None = None, low: float = REVIEW_LOW) -> int:
    """Queue the possible matches of a person just registered; returns how many pairs were queued."""
    if candidates is None:
        candidates = person_matches(person, limit=10)
    queued = 0
    for candidate in candidates:
        if candidate.probability < low or _same_identity(person.pk, candidate.person_id):
            continue
        if review_enqueue(
            person_a=person,
            person_b=candidate.person_id,
            source=ReviewPair.Source.INTAKE,
            probability=candidate.probability,
            evidence=candidate.evidence_codes(),
            guarded=candidate.guarded,
        ):
            queued += 1
    return queued


def review_decide(
    *,
    actor,
    review: ReviewPair,
    decision: str,
    reason: str = "",
    confirmed: bool = False,
    choices: dict[str, int] | None = None,
) -> ReviewPair:
    """Record a reviewer's decision: "same" merges the two records (undoably), "different" keeps them apart.

    A merge by a person needs ``confirmed`` and a ``reason``; ``choices`` names, per golden-record
    field, the record whose value survives. The reason, the conflicts shown and the choices are
    kept with the merge; the reason of a "different" decision with the pair.
    """
    _require(actor, "linkage.review")
    if decision not in (ReviewPair.Status.SAME, ReviewPair.Status.DIFFERENT):
        raise ValidationFailed(_("Choose same person or different people."), field="decision")
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = ReviewPair.objects.select_for_update().get(pk=review.pk)
        if locked.status != ReviewPair.Status.PENDING:
            raise Conflict(_("This pair has already been decided."))
        merge = None
        if decision == ReviewPair.Status.SAME:
            merge = identity_merge(
                actor=actor,
                persons=[locked.person_a, locked.person_b],
                source="review",
                reason=reason,
                confirmed=confirmed,
                choices=choices,
                _audit_review=locked,
            )
        locked.status = decision
        locked.decided_by_id = _actor_pk(actor)
        locked.decided_at = timezone.now()
        locked.reason = reason
        locked.merge = merge
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason", "merge"])
        audit_record(
            actor=actor,
            action="identity.review_decide",
            target=locked,
            data={
                "decision": decision,
                "merge": str(merge.uuid) if merge else None,
                "probability": locked.probability,
                "reason_given": bool(reason),
            },
        )
    return locked


# --- merging and undoing ---------------------------------------------------------------------------


def _merge_conflicts(records: list[Person]) -> list[str]:
    """The golden-record fields on which the records disagree (names of fields, never values)."""
    from gugus.identity.selectors import pair_comparison

    conflicted: set[str] = set()
    for index, left in enumerate(records):
        for right in records[index + 1 :]:
            conflicted |= {row.name for row in pair_comparison(left, right) if row.differs}
    return sorted(conflicted)


def identity_merge(
    *,
    actor,
    persons: list[Person],
    source: str = "manual",
    reason: str = "",
    confirmed: bool = False,
    choices: dict[str, int] | None = None,
    _audit_review=None,
) -> Merge:
    """Group person records into one identity, keeping every record as it is; returns the merge.

    Records already in identities bring their whole identity along. The identity kept is the
    oldest one involved (a new one when none is). A merge by a person (review or manual) needs
    ``confirmed`` and a ``reason``; ``choices`` ({field: person id}) picks, per golden-record
    field, the record whose value survives, among the records of the merged identity. The
    conflicting fields, the reason and the choices are recorded with the merge. Undo with
    ``merge_undo``.
    """
    from gugus.identity.selectors import CHOOSABLE_FIELDS

    _require(actor, "linkage.review")
    reason = (reason or "").strip()
    by_person = actor is not None and not is_system(actor) and source in ("review", "manual")
    if by_person and not confirmed:
        raise ValidationFailed(_("Confirm that these records are the same person."), field="confirmed")
    if by_person and not reason:
        raise ValidationFailed(_("Give the reason for the merge."), field="reason")
    choices = dict(choices or {})
    for name in choices:
        if name not in CHOOSABLE_FIELDS:
            raise ValidationFailed(_("Unknown field %(field)s.") % {"field": name}, field="choices")
    ids = sorted({p.pk for p in persons})
    if len(ids) < 2:
        raise ValidationFailed(_("A merge needs at least two different records."), field="persons")
    with transaction.atomic():
        locked = list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(locked) != len(ids):
            raise ValidationFailed(_("A record to merge no longer exists."), field="persons")
        if len({p.kind for p in locked}) != 1:
            raise ValidationFailed(_("A person cannot be merged with an organisation."), field="persons")
        members = list(IdentityMember.objects.select_for_update().filter(person_id__in=ids))
        identity_ids = sorted({m.identity_id for m in members})
        if len(identity_ids) == 1 and len(members) == len(ids):
            raise Conflict(_("These records are already one person."))
        # every record of every identity involved moves to the kept identity
        affected = list(
            IdentityMember.objects.select_for_update().filter(identity_id__in=identity_ids).select_related("person")
        )
        kept = Identity.objects.get(pk=identity_ids[0]) if identity_ids else Identity.objects.create()
        records = {p.pk: p for p in locked}
        for member in affected:
            records.setdefault(member.person_id, member.person)
        clean_choices = {}
        for name, person_id in choices.items():
            try:
                pk = int(person_id)
            except (TypeError, ValueError):
                pk = None
            if pk not in records:
                raise ValidationFailed(_("Choose a value from one of the records merged."), field="choices")
            clean_choices[name] = pk
        conflicts = _merge_conflicts([records[pk] for pk in sorted(records)])
        merge = Merge.objects.create(
            identity=kept,
            actor_id=_actor_pk(actor),
            at=timezone.now(),
            source=source,
            reason=reason,
            conflicts=conflicts,
            choices=clean_choices,
        )
        before = {}
        by_person = {m.person_id: m for m in affected}
        for pk in ids:
            by_person.setdefault(pk, None)
        for person_id, member in sorted(by_person.items()):
            if member is not None and member.identity_id == kept.pk:
                continue  # already in the kept identity: untouched
            before[str(person_id)] = [member.identity_id, member.merge_id] if member else [None, None]
            if member is None:
                IdentityMember.objects.create(identity=kept, person_id=person_id, merge=merge)
            else:
                member.identity = kept
                member.merge = merge
                member.save(update_fields=["identity", "merge"])
        merge.before = before
        merge.save(update_fields=["before"])
        audit_record(
            actor=actor,
            action="identity.merge",
            target=merge,
            data={
                "identity": str(kept.uuid),
                "source": source,
                "records": len(before),
                "review": str(_audit_review.uuid) if _audit_review is not None else None,
                "conflicts": conflicts,
                "choices": sorted(clean_choices),
                "reason_given": bool(reason),
            },
        )
    return merge


def merge_undo(*, actor, merge: Merge) -> Merge:
    """Put every record of a merge back where it was before; refused when a later merge moved them again."""
    _require(actor, "linkage.review")
    with transaction.atomic():
        locked = Merge.objects.select_for_update().get(pk=merge.pk)
        if locked.undone_at is not None:
            raise Conflict(_("This merge has already been undone."))
        ids = locked.person_ids
        members = {m.person_id: m for m in IdentityMember.objects.select_for_update().filter(person_id__in=ids)}
        for person_id in ids:
            member = members.get(person_id)
            if member is None or member.merge_id != locked.pk:
                raise Conflict(_("A later merge moved these records again: undo that one first."))
        for person_id in ids:
            identity_id, merge_id = locked.before[str(person_id)]
            member = members[person_id]
            if identity_id is None:
                member.delete()
            else:
                member.identity_id = identity_id
                member.merge_id = merge_id
                member.save(update_fields=["identity", "merge"])
        locked.undone_at = timezone.now()
        locked.undone_by_id = _actor_pk(actor)
        locked.save(update_fields=["undone_at", "undone_by"])
        # a decision that led to this merge is open again
        reopened = ReviewPair.objects.filter(merge=locked).update(
            status=ReviewPair.Status.PENDING, decided_by=None, decided_at=None, merge=None
        )
        audit_record(
            actor=actor,
            action="identity.unmerge",
            target=locked,
            data={"identity": str(locked.identity.uuid), "records": len(ids), "reviews_reopened": reopened},
        )
    return locked


# --- the batch run of the engine -------------------------------------------------------------------


@dataclass
class BatchResult:
    records: int
    pairs_scored: int
    queued: int
    merged: int
    seconds: float


def review_batch(
    *,
    people,
    low: float = REVIEW_LOW,
    high: float = REVIEW_HIGH,
    merge_above: bool = False,
    backend: str = "duckdb",
    progress: Callable[[str], None] = lambda _m: None,
) -> BatchResult:
    """Run the engine's ``resolve()`` over people (a queryset of individuals), decrypted in memory.

    Pairs with ``low`` ≤ probability < ``high`` (and guarded pairs above) are queued for review;
    pairs from ``high`` up are queued too, or merged by the system when ``merge_above`` (each
    merge can be undone). Pairs already in one identity or already decided are left alone.
    """
    from gugus.identity.scoring import prepare, score
    from gugus.identity.selectors import weights_now
    from gugus.linkage.matching import resolve

    records = []
    for person in people.filter(kind=Person.Kind.INDIVIDUAL).iterator(chunk_size=2000):
        record = person_record(person)
        record["phone"] = (record.pop("phones") or [""])[0]
        records.append(record)
    progress(f"{len(records):,} records decrypted in memory")
    if len(records) < 2:
        return BatchResult(len(records), 0, 0, 0, 0.0)
    resolution = resolve(records, threshold=high, backend=backend, progress=progress)
    pairs = resolution.pairs[resolution.pairs["match_probability"] >= low]
    by_id = {r["record_id"]: r for r in records}
    weights = weights_now()
    queued = merged = 0
    for row in pairs.itertuples(index=False):
        a, b = int(row.record_id_l), int(row.record_id_r)
        if _same_identity(a, b):
            continue
        probability = float(row.match_probability)
        if merge_above and bool(row.linked):
            if not ReviewPair.objects.filter(
                person_a_id=min(a, b), person_b_id=max(a, b), status=ReviewPair.Status.DIFFERENT
            ).exists():
                identity_merge(
                    actor=system_actor("identity"), persons=list(Person.objects.filter(pk__in=[a, b])), source="batch"
                )
                merged += 1
            continue
        if review_enqueue(
            person_a=a,
            person_b=b,
            source=ReviewPair.Source.BATCH,
            probability=probability,
            evidence=_batch_evidence(by_id[row.record_id_l], by_id[row.record_id_r], weights, prepare, score),
            guarded=bool(row.guarded),
        ):
            queued += 1
    progress(f"{len(pairs):,} pairs from {low:.2f} up: {queued:,} queued, {merged:,} merged")
    return BatchResult(len(records), len(resolution.pairs), queued, merged, resolution.seconds)


def _batch_evidence(left: dict, right: dict, weights, prepare, score) -> dict:
    """The comparison levels of a pair the engine scored (codes only), for the reviewer."""
    result = score(prepare(left), prepare(right), weights)
    return {"levels": {f: lv for f, lv in result.levels.items() if lv is not None}, "keys": ["batch"]}


# --- retrieval keys for records registered before the intake check ---------------------------------


def retrieval_keys_backfill(*, batch_size: int = 2000, progress=None) -> tuple[int, int]:
    """Write the linkage-key tokens of every person (decrypting name, aliases and NIK in memory);
    idempotent: existing tokens are kept. Returns (people read, tokens written)."""
    from gugus.core.crypto import blind_index
    from gugus.identity.keys import retrieval_keys
    from gugus.people.models import PersonToken

    done = written = 0
    last = 0
    while True:
        batch = list(
            Person.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "uuid", "full_name", "aliases", "nik", "birth_year")[:batch_size]
        )
        if not batch:
            break
        last = batch[-1].pk
        tokens = []
        for person in batch:
            names = [person.full_name or "", *person.alias_list]
            digests = {
                blind_index("linkage_key", key)
                for key in retrieval_keys(nik=person.nik, names=names, birth_year=person.birth_year)
            }
            tokens += [PersonToken(person_id=person.pk, purpose="linkage_key", digest=d) for d in sorted(digests)]
        with transaction.atomic():
            PersonToken.objects.bulk_create(tokens, batch_size=5000, ignore_conflicts=True)
        done += len(batch)
        written += len(tokens)
        if progress:
            progress(done, written)
    audit_record(
        actor=system_actor("identity"), action="identity.backfill_keys", data={"people": done, "tokens": written}
    )
    return done, written


def intake_enqueue_safely(*, person: Person) -> int:
    """``intake_enqueue`` for the registering services: a failing check never blocks registering a
    person (the batch run finds the pair later); the failure is logged without personal data."""
    import logging

    try:
        with transaction.atomic():
            return intake_enqueue(person=person)
    except Exception:  # noqa: BLE001 - registering a victim must not depend on the duplicate check
        logging.getLogger(__name__).exception("intake check failed for person %s", person.uuid)
        return 0
