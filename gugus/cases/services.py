"""Writes of cases: intake, numbering, people in a case, status lifecycle, assessments.

Every function here is one transaction: validate, write, record the timeline event, audit.
Callers reach the case through ``gugus.cases.access`` first; the services check capabilities
again and lock the case row for every state change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from gugus.accounts.actors import is_system
from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.cases import law
from gugus.cases.models import (
    ActKind,
    Assessment,
    Case,
    CaseCounter,
    CaseEvent,
    Channel,
    ExploitationType,
    FollowUp,
    MeansKind,
    Modus,
    Presence,
    PurposeKind,
)
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.identity.services import intake_enqueue_safely
from gugus.organisations.countries import country_code
from gugus.people.models import CaseRole, Person, PersonToken
from gugus.people.services import Problem, parse_date, person_build, person_clean, person_tokens, region_resolve

S = Case.Status

# The lifecycle: reported → under assessment → identified / not trafficking; identified →
# handling → closed; not trafficking → closed, or forwarded as another offence.
TRANSITIONS: dict[str, set[str]] = {
    S.REPORTED: {S.UNDER_ASSESSMENT},
    S.UNDER_ASSESSMENT: {S.IDENTIFIED, S.NOT_TRAFFICKING},
    S.IDENTIFIED: {S.HANDLING},
    S.NOT_TRAFFICKING: {S.CLOSED, S.FORWARDED},
    S.HANDLING: {S.CLOSED},
    S.FORWARDED: set(),
    S.CLOSED: set(),
}
# Deciding whether a case is trafficking is an assessment; the other steps are case handling.
_TRANSITION_CAPABILITY = {S.IDENTIFIED: "cases.assess", S.NOT_TRAFFICKING: "cases.assess"}

# A narrative is a story, not a file: longer texts belong in an attachment (and crash a browser tab).
NARRATIVE_MAX = 20_000

VICTIM_FIELDS = ("age_at_recruitment", "recruited_on", "has_disability", "disability", "needs")


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def _actor_pk(actor):
    return getattr(actor, "pk", None)


def _event(case: Case, kind: str, actor, *, from_status="", to_status="", data=None, note="") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor_id=_actor_pk(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
        note=note or None,
    )


# --- numbering -------------------------------------------------------------------------------------


def case_number_format(unit_code: str, year: int, sequence: int) -> str:
    return f"{unit_code}/{year}/{sequence:04d}"


def case_number_allocate(unit, year: int) -> int:
    """The next sequence number of ``unit`` in ``year``; the counter row stays locked until commit,
    so two intakes at once never get the same number (and a constraint backs it up)."""
    # No savepoint: a failure here fails the caller's whole write, and it saves two round trips.
    with transaction.atomic(savepoint=False):
        counter = CaseCounter.objects.select_for_update().filter(reporting_unit=unit, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    CaseCounter.objects.create(reporting_unit=unit, year=year, last=0)
            except IntegrityError:
                pass  # another intake created it first
            counter = CaseCounter.objects.select_for_update().get(reporting_unit=unit, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


# --- validation ------------------------------------------------------------------------------------


def exploitation_code(text: str) -> str | None:
    """An exploitation type's code from its code or its label (English or Indonesian)."""
    folded = " ".join(str(text or "").replace("_", " ").lower().split())
    if not folded:
        return None
    for value, label in ExploitationType.choices:
        if folded in {value.replace("_", " "), str(label).lower()}:
            return value
    from django.utils import translation

    for language in ("id", "en"):
        with translation.override(language):
            for value, label in ExploitationType.choices:
                if folded == str(label).lower():
                    return value
    return None


@dataclass
class CleanCase:
    values: dict = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def raise_first_error(self) -> None:
        if self.errors:
            first = self.errors[0]
            raise ValidationFailed(first.message, field=first.field, code=first.code)


# Sane minimums: reports reach Gugus from 2000 on (older files digitised); events may be older.
EARLIEST_REPORT = dt.date(2000, 1, 1)
EARLIEST_EVENT = dt.date(1950, 1, 1)


def case_clean(
    *,
    channel: str,
    reported_on,
    exploitation_types,
    events_from=None,
    events_to=None,
    origin: str = "",
    transit_points: str = "",
    destination_country: str = "",
    destination_region: str = "",
    modus: str = "",
    narrative: str = "",
    resolve_region=None,
    today: dt.date | None = None,
) -> CleanCase:
    """Validate and normalise a case's fields; every problem reported, none raised."""
    result = CleanCase()
    errors, warnings, v = result.errors, result.warnings, result.values
    today = today or timezone.localdate()

    if channel not in Channel.values:
        errors.append(Problem("channel", "invalid_choice", str(_("Choose a reporting channel."))))
    v["channel"] = channel

    for name, raw in (("reported_on", reported_on), ("events_from", events_from), ("events_to", events_to)):
        try:
            v[name] = parse_date(raw)
        except ValueError:
            errors.append(Problem(name, "invalid_date", str(_("Write dates as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY."))))
            v[name] = None
            continue
        if v[name] and v[name] > today:
            errors.append(Problem(name, "in_future", str(_("The date is in the future."))))
        earliest = EARLIEST_REPORT if name == "reported_on" else EARLIEST_EVENT
        if v[name] and v[name] < earliest:
            errors.append(
                Problem(
                    name,
                    "too_early",
                    str(_("The date is before %(date)s, which cannot be right.") % {"date": earliest.isoformat()}),
                )
            )
    if v["reported_on"] is None and not any(p.field == "reported_on" for p in errors):
        errors.append(Problem("reported_on", "required", str(_("The report date is required."))))
    if v["events_from"] and v["events_to"] and v["events_to"] < v["events_from"]:
        errors.append(Problem("events_to", "before_start", str(_("The events end before they start."))))

    if isinstance(exploitation_types, str):
        exploitation_types = [t for t in exploitation_types.replace(";", ",").split(",") if t.strip()]
    codes = []
    for raw in exploitation_types or []:
        code = exploitation_code(raw)
        if code is None:
            errors.append(
                Problem(
                    "exploitation_type",
                    "invalid_choice",
                    str(_("Unknown exploitation type '%(value)s'.") % {"value": str(raw)[:40]}),
                )
            )
        elif code not in codes:
            codes.append(code)
    if not codes and not any(p.field == "exploitation_type" for p in errors):
        errors.append(Problem("exploitation_type", "required", str(_("Choose at least one exploitation type."))))
    v["exploitation_codes"] = ("," + ",".join(codes) + ",") if codes else ""

    origin_text = " ".join(str(origin or "").split())
    region = (resolve_region or region_resolve)(origin_text)
    if origin_text and region is None:
        warnings.append(
            Problem(
                "origin",
                "region_unresolved",
                str(_("'%(place)s' is not a known region name; kept as written.") % {"place": origin_text[:60]}),
            )
        )
    v["origin_region"] = region
    v["origin_as_written"] = "" if region else origin_text[:120]

    destination_text = " ".join(str(destination_country or "").split())
    destination = country_code(destination_text) if destination_text else ""
    if destination_text and not destination:
        warnings.append(
            Problem(
                "destination_country",
                "country_unresolved",
                str(_("'%(place)s' is not a known country; kept as written.") % {"place": destination_text[:60]}),
            )
        )
    v["destination_country"] = destination or ""
    v["destination_as_written"] = "" if destination else destination_text[:120]
    v["destination_region"] = " ".join(str(destination_region or "").split())[:120]
    v["transit_points"] = " ".join(str(transit_points or "").split())[:300]

    if modus not in Modus.values:
        errors.append(Problem("modus", "invalid_choice", str(_("Unknown modus."))))
    v["modus"] = modus if modus in Modus.values else ""
    v["narrative"] = str(narrative or "").strip()
    if len(v["narrative"]) > NARRATIVE_MAX:
        errors.append(
            Problem(
                "narrative",
                "too_long",
                str(
                    _("The narrative is longer than %(limit)s characters.")
                    % {"limit": number_format(NARRATIVE_MAX, force_grouping=True)}
                ),
            )
        )
    return result


def _victim_values(raw: dict, clean_person, case_values: dict) -> tuple[dict, list[Problem]]:
    errors = []
    age = raw.get("age_at_recruitment")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
            if not 0 <= age <= 120:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(Problem("age_at_recruitment", "invalid", str(_("The age must be a whole number of years."))))
            age = None
    try:
        recruited_on = parse_date(raw.get("recruited_on"))
    except ValueError:
        errors.append(Problem("recruited_on", "invalid_date", str(_("Write dates as YYYY-MM-DD."))))
        recruited_on = None
    birth = clean_person.values.get("birth_date")
    when = recruited_on or case_values.get("events_from")
    if age is None and birth and when:
        age = when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))
    return {
        "age_at_recruitment": age,
        "recruited_on": recruited_on,
        "has_disability": bool(raw.get("has_disability")) or bool(raw.get("disability")),
        "disability": str(raw.get("disability") or "").strip() or None,
        "needs": str(raw.get("needs") or "").strip() or None,
    }, errors


# --- intake ----------------------------------------------------------------------------------------


@dataclass
class Opened:
    """A case just opened and what was worth a warning."""

    case: Case
    warnings: list[Problem]


def case_open(
    *,
    actor,
    unit,
    victims: list[dict] = (),
    import_key: str | None = None,
    source: str = "intake",
    **case_fields,
) -> Opened:
    """Open a case in ``unit`` with its victims (each a dict of person fields and victim facts).

    Refuses on the first error (ValidationFailed names the field: ``victims.0.nik``).
    """
    _require(actor, "cases.create")
    if unit is None:
        raise ValidationFailed(_("Cases are opened by an agency unit."), field="unit")
    clean = case_clean(**case_fields)
    clean.raise_first_error()
    warnings = list(clean.warnings)
    prepared = []
    for index, raw in enumerate(victims):
        person_fields = {k: v for k, v in raw.items() if k not in VICTIM_FIELDS}
        clean_person = person_clean(**person_fields)
        victim_values, victim_errors = _victim_values(raw, clean_person, clean.values)
        for problem in [*clean_person.errors, *victim_errors]:
            raise ValidationFailed(problem.message, field=f"victims.{index}.{problem.field}", code=problem.code)
        warnings.extend(Problem(f"victims.{index}.{w.field}", w.code, w.message) for w in clean_person.warnings)
        prepared.append((clean_person, victim_values))
    with transaction.atomic():
        case = case_create_prepared(
            actor=actor, unit=unit, case_values=clean.values, victims=prepared, import_key=import_key, source=source
        )
        # "possibly the same person as …": uncertain matches go to the identity review queue
        for role in CaseRole.objects.filter(case=case).select_related("person"):
            intake_enqueue_safely(person=role.person)
        audit_record(
            actor=actor,
            action="case.open",
            target=case,
            data={
                "number": case.number,
                "source": source,
                "victims": len(prepared),
                "warnings": sorted({w.code for w in warnings}),
            },
        )
    return Opened(case, warnings)


def case_create_prepared(*, actor, unit, case_values: dict, victims: list, import_key=None, source="intake") -> Case:
    """Write a case from values already validated by ``case_clean``/``person_clean`` (intake and import).

    The caller holds the transaction (or gets one here) and writes the audit entry.
    """
    # No savepoint (two round trips a case): a failure fails the caller's transaction as a whole.
    with transaction.atomic(savepoint=False):
        case = _case_insert(actor=actor, unit=unit, values=case_values, import_key=import_key, source=source)
        for clean_person, victim_values in victims:
            person = person_build(clean_person, unit=unit)
            person.save()
            PersonToken.objects.bulk_create(person_tokens(person))
            CaseRole.objects.create(case=case, person=person, role=CaseRole.Role.VICTIM, **victim_values)
    return case


def _case_insert(*, actor, unit, values: dict, import_key: str | None, source: str) -> Case:
    year = values["reported_on"].year
    sequence = case_number_allocate(unit, year)
    case = Case.objects.create(
        number=case_number_format(unit.code, year, sequence),
        reporting_unit=unit,
        year=year,
        sequence=sequence,
        created_by_id=_actor_pk(actor),
        import_key=import_key,
        status_changed_at=timezone.now(),
        **{k: v for k, v in values.items() if k != "narrative"},
        narrative=values.get("narrative") or None,
    )
    kind = CaseEvent.Kind.IMPORTED if source == "import" else CaseEvent.Kind.OPENED
    _event(case, kind, actor, to_status=case.status, data={"source": source})
    return case


# --- people in a case ------------------------------------------------------------------------------


def case_person_add(*, actor, case: Case, role: str, person: Person | None = None, **fields) -> tuple[CaseRole, list]:
    """Add a person to a case: an existing person (already visible to the actor) or a new one."""
    _require(actor, "cases.edit")
    if role not in CaseRole.Role.values:
        raise ValidationFailed(_("Unknown role."), field="role")
    warnings: list[Problem] = []
    victim_values: dict = {}
    if person is None:
        person_fields = {k: v for k, v in fields.items() if k not in VICTIM_FIELDS}
        clean_person = person_clean(**person_fields)
        clean_person.raise_first_error()
        warnings = clean_person.warnings
    if role == CaseRole.Role.VICTIM:
        victim_values, errors = _victim_values(fields, clean_person if person is None else _no_person(), {})
        if errors:
            raise ValidationFailed(errors[0].message, field=errors[0].field, code=errors[0].code)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == S.CLOSED:
            raise Conflict(_("The case is closed."))
        if person is None:
            person = person_build(clean_person, unit=locked.reporting_unit)
            person.save()
            PersonToken.objects.bulk_create(person_tokens(person))
            intake_enqueue_safely(person=person)
        if CaseRole.objects.filter(case=locked, person=person, role=role).exists():
            raise Conflict(_("This person already has this role in the case."))
        case_role = CaseRole.objects.create(case=locked, person=person, role=role, **victim_values)
        _event(locked, CaseEvent.Kind.PERSON_ADDED, actor, data={"role": role, "case_role": case_role.pk})
        audit_record(
            actor=actor,
            action="case.person_add",
            target=locked,
            data={"role": role, "person": str(person.uuid), "warnings": [w.code for w in warnings]},
        )
    return case_role, warnings


def _no_person():
    from gugus.people.services import CleanPerson

    return CleanPerson()


# --- lifecycle -------------------------------------------------------------------------------------


def allowed_transitions(case: Case) -> list[str]:
    return sorted(TRANSITIONS.get(case.status, set()))


def case_transition(
    *, actor, case: Case, to_status: str, note: str = "", close_reason: str = "", forwarded_as: str = ""
) -> Case:
    """Move a case to ``to_status`` if the lifecycle allows it from its current status (row locked)."""
    if to_status not in S.values:
        raise ValidationFailed(_("Unknown status."), field="to_status")
    _require(actor, _TRANSITION_CAPABILITY.get(to_status, "cases.edit"))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if to_status not in TRANSITIONS[locked.status]:
            raise Conflict(
                _("A case cannot go from %(from)s to %(to)s.")
                % {"from": locked.get_status_display(), "to": S(to_status).label}
            )
        current = {a.result for a in Assessment.objects.filter(case=locked, is_current=True)}
        if to_status == S.IDENTIFIED and Assessment.Result.IDENTIFIED not in current:
            raise ValidationFailed(
                _("At least one victim must be assessed as an identified victim first."), field="to_status"
            )
        if to_status == S.NOT_TRAFFICKING and Assessment.Result.IDENTIFIED in current:
            raise ValidationFailed(_("A victim of this case is assessed as an identified victim."), field="to_status")
        update = ["status", "status_changed_at", "updated_at"]
        if to_status == S.CLOSED:
            if close_reason not in Case.CloseReason.values:
                raise ValidationFailed(_("Give the reason for closing."), field="close_reason")
            locked.close_reason = close_reason
            update.append("close_reason")
        if to_status == S.FORWARDED:
            if forwarded_as not in Case.OtherOffence.values:
                raise ValidationFailed(_("Say as which offence the case is forwarded."), field="forwarded_as")
            locked.forwarded_as = forwarded_as
            update.append("forwarded_as")
        previous = locked.status
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=update)
        data = {k: v for k, v in (("close_reason", close_reason), ("forwarded_as", forwarded_as)) if v}
        _event(
            locked,
            CaseEvent.Kind.STATUS_CHANGED,
            actor,
            from_status=previous,
            to_status=to_status,
            data=data,
            note=note,
        )
        audit_record(
            actor=actor, action="case.transition", target=locked, data={"from": previous, "to": to_status, **data}
        )
    return locked


def case_status_restore(*, actor, case: Case, status: str, close_reason: str = "", forwarded_as: str = "") -> Case:
    """Give a case just imported from another system the status that system recorded (row locked).

    Only for imported cases still in their first status: the lifecycle's checks ran in the source
    system, and the timeline says the status came with the import.
    """
    _require(actor, "cases.import")
    if status not in S.values:
        raise ValidationFailed(_("Unknown status."), field="status")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not locked.import_key:
            raise Conflict(_("Only an imported case takes its status from the import."))
        if status == locked.status and not close_reason and not forwarded_as:
            return locked
        previous = locked.status
        locked.status = status
        locked.close_reason = close_reason if status == S.CLOSED else ""
        locked.forwarded_as = forwarded_as if status == S.FORWARDED else ""
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "close_reason", "forwarded_as", "status_changed_at", "updated_at"])
        reasons = (("close_reason", locked.close_reason), ("forwarded_as", locked.forwarded_as))
        data = {"source": "import", **{k: v for k, v in reasons if v}}
        _event(locked, CaseEvent.Kind.STATUS_CHANGED, actor, from_status=previous, to_status=status, data=data)
        audit_record(
            actor=actor, action="case.status_restore", target=locked, data={"from": previous, "to": status, **data}
        )
    return locked


# --- assessment ------------------------------------------------------------------------------------


def _kinds(value, choices, field_name: str) -> str:
    items = [k for k in (value.split(",") if isinstance(value, str) else list(value or [])) if k]
    unknown = [k for k in items if k not in choices]
    if unknown:
        raise ValidationFailed(_("Unknown value in %(field)s.") % {"field": field_name}, field=field_name)
    return ",".join(dict.fromkeys(items))


def assessment_elements(*, act: str, means: str, purpose: str, age_at_recruitment: int | None) -> tuple[bool, bool]:
    """(child rule applies, elements met under Palermo) for a known age; see ``gugus.cases.law``."""
    finding = law.assess_elements(act=act, means=means, purpose=purpose, age=age_at_recruitment)
    return finding.child, finding.palermo_met


def assessment_record(
    *,
    actor,
    case: Case,
    victim: CaseRole,
    act: str,
    means: str,
    purpose: str,
    result: str,
    reason: str,
    act_kinds=(),
    means_kinds=(),
    purpose_kinds=(),
    act_evidence: str = "",
    means_evidence: str = "",
    purpose_evidence: str = "",
    age_at_recruitment: int | None = None,
    child_indicators: str = "",
    based_on: int | None = None,
) -> Assessment:
    """Record an assessment of one victim; it supersedes the victim's current one, which is kept.

    The elements are judged under the Palermo Protocol and under UU 21/2007 (``gugus.cases.law``);
    a victim whose age is not established is treated as a child when ``child_indicators`` gives
    reasons to believe they are one. ``based_on`` is the newest assessment the assessor saw (0 for
    none): when the victim's current one is newer, someone else assessed meanwhile and this one is
    refused (Conflict, 409), so two assessors at once never silently replace each other.
    """
    _require(actor, "cases.assess")
    if is_system(actor):
        raise PermissionDenied(_("An assessment is decided by a person."))
    if victim.case_id != case.pk or victim.role != CaseRole.Role.VICTIM:
        raise ValidationFailed(_("Choose a victim of this case."), field="victim")
    for name, value in (("act", act), ("means", means), ("purpose", purpose)):
        if value not in Presence.values:
            raise ValidationFailed(_("Say whether the element is present."), field=name)
    kinds = {
        "act_kinds": _kinds(act_kinds, ActKind.values, "act_kinds"),
        "means_kinds": _kinds(means_kinds, MeansKind.values, "means_kinds"),
        "purpose_kinds": _kinds(purpose_kinds, PurposeKind.values, "purpose_kinds"),
    }
    evidence = {"act": act_evidence, "means": means_evidence, "purpose": purpose_evidence}
    for name, presence in (("act", act), ("means", means), ("purpose", purpose)):
        if presence == Presence.PRESENT and not kinds[f"{name}_kinds"]:
            raise ValidationFailed(_("Say which form the element took."), field=f"{name}_kinds")
        if presence == Presence.PRESENT and not str(evidence[name] or "").strip():
            raise ValidationFailed(_("Note the evidence for an element that is present."), field=f"{name}_evidence")
    if result not in Assessment.Result.values:
        raise ValidationFailed(_("Choose the result."), field="result")
    if not str(reason or "").strip():
        raise ValidationFailed(_("Explain the decision."), field="reason")
    age = victim.age_at_recruitment if age_at_recruitment in (None, "") else int(age_at_recruitment)
    finding = law.assess_elements(
        act=act,
        means=means,
        purpose=purpose,
        act_kinds=kinds["act_kinds"].split(",") if kinds["act_kinds"] else (),
        age=age,
        child_indicators=str(child_indicators or ""),
    )
    child, met = finding.child, finding.palermo_met
    if result == Assessment.Result.IDENTIFIED and not met:
        raise ValidationFailed(
            _("An identified victim needs the act, the purpose and, for an adult, the means."), field="result"
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status not in (S.REPORTED, S.UNDER_ASSESSMENT, S.IDENTIFIED, S.HANDLING):
            raise Conflict(_("This case is no longer assessed."))
        previous = Assessment.objects.select_for_update().filter(victim=victim, is_current=True).first()
        if based_on not in (None, "") and previous is not None and previous.pk > int(based_on):
            raise Conflict(_("Someone else assessed this victim meanwhile: read their assessment, then decide."))
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        assessment = Assessment.objects.create(
            case=locked,
            victim=victim,
            act=act,
            means=means,
            purpose=purpose,
            act_evidence=str(act_evidence or "").strip() or None,
            means_evidence=str(means_evidence or "").strip() or None,
            purpose_evidence=str(purpose_evidence or "").strip() or None,
            age_at_recruitment=age,
            child_rule_applied=child,
            child_presumed=finding.child_presumed,
            child_indicators=str(child_indicators or "").strip() or None,
            elements_met=met,
            national_finding=finding.national,
            frameworks_differ=finding.frameworks_differ,
            result=result,
            reason=str(reason).strip(),
            decided_by=actor,
            decided_at=timezone.now(),
            supersedes=previous,
            is_current=True,
            **kinds,
        )
        data = {
            "result": result,
            "child_rule": child,
            "child_presumed": finding.child_presumed,
            "elements_met": met,
            "national_finding": finding.national,
            "victim": victim.pk,
        }
        _event(locked, CaseEvent.Kind.ASSESSMENT, actor, data=data)
        if locked.status == S.REPORTED:
            locked.status = S.UNDER_ASSESSMENT
            locked.status_changed_at = timezone.now()
            locked.save(update_fields=["status", "status_changed_at", "updated_at"])
            _event(locked, CaseEvent.Kind.STATUS_CHANGED, actor, from_status=S.REPORTED, to_status=S.UNDER_ASSESSMENT)
        audit_record(actor=actor, action="assessment.record", target=assessment, data={"case": locked.pk, **data})
    return assessment


# --- notes and follow-ups --------------------------------------------------------------------------

NOTE_MAX = 4000
FOLLOW_UP_MAX = 1000


def _require_case_editor(actor, case: Case) -> None:
    """Notes and follow-ups are written by the reporting unit, like every other change of a case."""
    _require(actor, "cases.edit")
    if getattr(actor, "unit_id", None) != case.reporting_unit_id:
        raise NotFound(_("No such case."))


def _text(value, field_name: str, limit: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("This field is required."), field=field_name)
    if len(text) > limit:
        raise ValidationFailed(_("Write at most %(n)s characters.") % {"n": limit}, field=field_name)
    return text


def case_note_add(*, actor, case: Case, text: str) -> CaseEvent:
    """A dated note on the case's timeline (what was said, done or learnt), by its author."""
    _require_case_editor(actor, case)
    note = _text(text, "text", NOTE_MAX)
    with transaction.atomic():
        event = _event(case, CaseEvent.Kind.NOTE, actor, note=note)
        audit_record(actor=actor, action="case.note", target=case, data={"event": event.pk, "length": len(note)})
    return event


def follow_up_add(*, actor, case: Case, description: str, due_on, victim: CaseRole | None = None) -> FollowUp:
    """Plan a step on the case with its due date (it appears on the unit's home page when due)."""
    _require_case_editor(actor, case)
    text = _text(description, "description", FOLLOW_UP_MAX)
    try:
        due = parse_date(due_on)
    except ValueError:
        due = None
    if due is None:
        raise ValidationFailed(_("Write dates as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY."), field="due_on")
    if due < case.reported_on or due > timezone.localdate() + dt.timedelta(days=5 * 366):
        raise ValidationFailed(
            _("The due date must lie between the report date and five years from now."), field="due_on"
        )
    if victim is not None and (victim.case_id != case.pk or victim.role != CaseRole.Role.VICTIM):
        raise ValidationFailed(_("Choose a victim of this case."), field="victim")
    with transaction.atomic():
        follow_up = FollowUp.objects.create(case=case, victim=victim, description=text, due_on=due, created_by=actor)
        _event(case, CaseEvent.Kind.FOLLOW_UP, actor, data={"follow_up": follow_up.pk, "due_on": due.isoformat()})
        audit_record(
            actor=actor, action="follow_up.add", target=follow_up, data={"case": case.pk, "due_on": due.isoformat()}
        )
    return follow_up


def follow_up_close(*, actor, follow_up: FollowUp, done: bool, outcome: str = "") -> FollowUp:
    """Mark a planned step done (with what came of it) or cancelled; under a row lock, once."""
    _require_case_editor(actor, follow_up.case)
    text = _text(outcome, "outcome", FOLLOW_UP_MAX, required=False)
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.status != FollowUp.Status.OPEN:
            raise Conflict(_("This follow-up is already closed."))
        locked.status = FollowUp.Status.DONE if done else FollowUp.Status.CANCELLED
        locked.closed_at = timezone.now()
        locked.closed_by = actor
        locked.outcome = text or None
        locked.save(update_fields=["status", "closed_at", "closed_by", "outcome", "updated_at"])
        audit_record(actor=actor, action="follow_up.close", target=locked, data={"status": locked.status})
    return locked


# --- attachments -----------------------------------------------------------------------------------

ATTACHMENT_TITLE_MAX = 200


def _attachment_aad(attachment) -> bytes:
    from gugus.core.crypto import associated_data

    return associated_data(attachment._meta.db_table, "content", attachment.uuid)


def attachment_add(*, actor, case: Case, uploaded, kind: str, title: str = ""):
    """Keep a file with the case (PDF, PNG, JPEG, DOCX or ODT up to 10 MB), encrypted; by its reporting unit."""
    from gugus.cases.models import CaseAttachment
    from gugus.core.crypto import encrypt_bytes
    from gugus.core.uploads import validate_upload

    _require_case_editor(actor, case)
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("The case is closed."))
    if kind not in CaseAttachment.Kind.values:
        raise ValidationFailed(_("Choose the kind of document."), field="kind")
    safe_name, content_type = validate_upload(uploaded, field="file", deep=True)
    text = _text(title, "title", ATTACHMENT_TITLE_MAX, required=False) or safe_name
    uploaded.seek(0)
    data = uploaded.read()
    attachment = CaseAttachment(
        case=case,
        kind=kind,
        title=text,
        file_name=safe_name,
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
    )
    attachment.content = encrypt_bytes(data, aad=_attachment_aad(attachment))
    with transaction.atomic():
        attachment.save()
        audit_record(
            actor=actor,
            action="case.attachment_add",
            target=attachment,
            data={"case": case.pk, "kind": kind, "content_type": content_type, "size": len(data)},
        )
    return attachment


def attachment_open(*, actor, case: Case, attachment_id) -> tuple:
    """The file's (attachment, decrypted bytes) for one who may open the case and see personal data; audited."""
    from gugus.audit.reads import read_record
    from gugus.cases.access import access_case
    from gugus.cases.models import CaseAttachment
    from gugus.core.crypto import decrypt_bytes

    _require(actor, "people.view_personal")
    case = access_case(actor, case.pk)
    try:
        attachment = CaseAttachment.objects.get(case=case, pk=int(attachment_id))
    except (TypeError, ValueError, CaseAttachment.DoesNotExist):
        raise NotFound(_("No such attachment.")) from None
    data = decrypt_bytes(attachment.content, aad=_attachment_aad(attachment))
    with transaction.atomic():
        read_record(actor=actor, target=attachment, purpose="attachment")
    return attachment, data
