"""Mass repatriation: a batch of people arriving together, imported as one operation and screened.

The file has the case import's columns (``gugus.cases.importer.HEADER``) plus ``screening``
(victim, possible_perpetrator, not_a_victim, re_recruited, or empty: not yet screened). The rows
are read and checked by the case import itself (``read_table``, ``cases_import``: one case per
person, the person as victim of it), inside one transaction with the batch, its members and their
screening: a bad row anywhere, in the case columns or in ``screening``, writes nothing. Each new
person then goes through the intake identity check (``gugus.identity``): possible matches with
people already in Gugus are queued for review and counted on the batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.cases.importer import ImportResult, RowWarning, cases_import, read_table
from gugus.cases.models import Case
from gugus.core.errors import Conflict, ImportRejected, PermissionDenied, RowError, ValidationFailed
from gugus.identity.selectors import REVIEW_LOW, person_matches
from gugus.identity.services import intake_enqueue
from gugus.legal.models import BatchMember, CompoundLink, RepatriationBatch, Screening
from gugus.people.models import CaseRole

SCREENING_COLUMN = "screening"
# What people write in the column, beside the codes (Indonesian forms too).
SCREENING_WORDS = {
    "victim": Screening.VICTIM,
    "korban": Screening.VICTIM,
    "possible_perpetrator": Screening.POSSIBLE_PERPETRATOR,
    "terduga pelaku": Screening.POSSIBLE_PERPETRATOR,
    "not_a_victim": Screening.NOT_A_VICTIM,
    "bukan korban": Screening.NOT_A_VICTIM,
    "re_recruited": Screening.RE_RECRUITED,
    "direkrut ulang": Screening.RE_RECRUITED,
    "": Screening.NOT_SCREENED,
}
COUNT_FIELD = {
    Screening.VICTIM: "victims",
    Screening.POSSIBLE_PERPETRATOR: "possible_perpetrators",
    Screening.NOT_A_VICTIM: "not_victims",
    Screening.RE_RECRUITED: "re_recruited",
    Screening.NOT_SCREENED: "not_screened",
}


@dataclass
class BatchResult:
    batch: RepatriationBatch
    cases: ImportResult
    warnings: list[RowWarning] = field(default_factory=list)


def _words(text: str) -> str:
    return " ".join(str(text or "").replace("_", " ").replace("-", " ").split()).lower()


def screening_of(text: str) -> str | None:
    """The screening code for what was written ("possible_perpetrator", "Terduga pelaku"); None when it is none."""
    return {_words(k): v for k, v in SCREENING_WORDS.items()}.get(_words(text))


def _screenings(rows) -> tuple[dict[int, str], list[RowError]]:
    values, errors = {}, []
    for line, row in rows:
        code = screening_of(row.get(SCREENING_COLUMN, ""))
        if code is None:
            errors.append(
                RowError(
                    line,
                    SCREENING_COLUMN,
                    _("Write victim, possible_perpetrator, not_a_victim, re_recruited, or leave it empty."),
                )
            )
        else:
            values[line] = code
    return values, errors


def _identity_check(person, batch_people: set[int]) -> int:
    """Queue the person's possible matches; how many are people already in Gugus (not of this batch)."""
    try:
        with transaction.atomic():
            candidates = person_matches(person, limit=10)
            intake_enqueue(person=person, candidates=candidates)
    except Exception:  # noqa: BLE001 - a failing check never blocks the import (the batch review finds it later)
        import logging

        logging.getLogger(__name__).exception("intake check failed for person %s", person.uuid)
        return 0
    return sum(1 for c in candidates if c.probability >= REVIEW_LOW and c.person_id not in batch_people)


def batch_recount(batch: RepatriationBatch) -> RepatriationBatch:
    """Store the batch's counts from its members (inside the caller's transaction)."""
    counts = dict.fromkeys(COUNT_FIELD.values(), 0)
    matched = 0
    people = 0
    for screening, matches in batch.members.values_list("screening", "matches"):
        counts[COUNT_FIELD[screening]] += 1
        matched += 1 if matches else 0
        people += 1
    for name, value in counts.items():
        setattr(batch, name, value)
    batch.people, batch.matched = people, matched
    batch.save(update_fields=[*counts, "people", "matched"])
    return batch


def repatriation_import(
    *,
    actor,
    unit,
    name: str,
    data: bytes,
    filename: str = "",
    compound=None,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> BatchResult:
    """Import a batch into ``unit``: every row or none. Raises ImportRejected naming every bad row."""
    # actor None is the system itself (the command without --as), as in the case import.
    if actor is not None and not has_capability(actor, "cases.import"):
        raise PermissionDenied(_("Your role does not allow this."))
    name = " ".join(str(name or "").split())
    if not name or len(name) > 120:
        raise ValidationFailed(_("Name the batch (at most 120 characters)."), field="batch")
    if RepatriationBatch.objects.filter(unit=unit, name=name).exists():
        raise Conflict(_("This unit already has a batch of this name."))
    rows = read_table(data, filename)
    if rows and SCREENING_COLUMN not in rows[0][1]:
        raise ImportRejected([RowError(1, SCREENING_COLUMN, _("This column is missing from the header."))])
    screenings, screening_errors = _screenings(rows)
    now = timezone.now()
    with transaction.atomic():
        try:
            cases = cases_import(actor=actor, unit=unit, data=data, filename=filename, today=today)
        except ImportRejected as rejected:
            errors = sorted([*rejected.errors, *screening_errors], key=lambda e: (e.row, e.column))
            raise ImportRejected(errors) from None
        if screening_errors:
            raise ImportRejected(screening_errors)  # rolls the cases back
        by_key = dict(
            Case.objects.filter(reporting_unit=unit, import_key__in=list(cases.keys.values())).values_list(
                "import_key", "pk"
            )
        )
        roles = {
            role.case_id: role
            for role in CaseRole.objects.filter(case_id__in=list(by_key.values()), role=CaseRole.Role.VICTIM)
            .select_related("person")
            .order_by("case_id", "id")
        }
        batch = RepatriationBatch.objects.create(
            name=name, unit=unit, compound=compound, case_import=cases.record, imported_by=actor, imported_at=now
        )
        batch_people = {role.person_id for role in roles.values()}
        members, links = [], []
        total = len(cases.keys)
        for done, (line, key) in enumerate(sorted(cases.keys.items()), start=1):
            case_id = by_key[key]
            role = roles[case_id]
            screening = screenings.get(line, "")
            members.append(
                BatchMember(
                    batch=batch,
                    line=line,
                    case_id=case_id,
                    case_role=role,
                    screening=screening,
                    screened_by=actor if screening else None,
                    screened_at=now if screening else None,
                    matches=_identity_check(role.person, batch_people),
                )
            )
            if compound is not None:
                links.append(
                    CompoundLink(
                        compound=compound,
                        case_id=case_id,
                        source=_("Repatriation batch %(name)s") % {"name": name},
                        observed_on=timezone.localdate(now),
                        recorded_by=actor,
                        recorded_at=now,
                    )
                )
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        BatchMember.objects.bulk_create(members)
        CompoundLink.objects.bulk_create(links, ignore_conflicts=True)
        batch_recount(batch)
        audit_record(
            actor=actor,
            action="legal.repatriation_import",
            target=batch,
            data={
                "unit": unit.code,
                "people": batch.people,
                "victims": batch.victims,
                "possible_perpetrators": batch.possible_perpetrators,
                "not_victims": batch.not_victims,
                "re_recruited": batch.re_recruited,
                "not_screened": batch.not_screened,
                "matched": batch.matched,
                "created": len(cases.created),
                "compound": compound.pk if compound else None,
            },
        )
    return BatchResult(batch=batch, cases=cases, warnings=list(cases.warnings))


def member_screen(*, actor, member: BatchMember, screening: str) -> BatchMember:
    """Record (or correct) one person's screening; the batch's counts follow."""
    if not has_capability(actor, "cases.edit") or actor.unit_id != member.batch.unit_id:
        raise PermissionDenied(_("Your role does not allow this."))
    if screening not in Screening.values:
        raise ValidationFailed(_("Choose a screening."), field="screening")
    with transaction.atomic():
        batch = RepatriationBatch.objects.select_for_update().get(pk=member.batch_id)
        locked = BatchMember.objects.select_for_update().get(pk=member.pk)
        previous = locked.screening
        locked.screening, locked.screened_by, locked.screened_at = screening, actor, timezone.now()
        locked.save(update_fields=["screening", "screened_by", "screened_at"])
        batch_recount(batch)
        audit_record(
            actor=actor,
            action="legal.screen",
            target=batch,
            data={"line": locked.line, "from": previous, "to": screening},
        )
    return locked
