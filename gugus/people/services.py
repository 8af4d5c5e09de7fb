"""Writes of people: validation of identifiers (NIK, passport, phone), encryption, search tokens.

A person's identifiers are checked by ``person_clean``, which answers every problem at once
(errors refuse, warnings are kept with the record); ``person_build`` turns clean values into an
unsaved Person with its search tokens, so that single writes and bulk imports share one path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gugus.audit.services import audit_record
from gugus.core.crypto import blind_index
from gugus.core.errors import ValidationFailed
from gugus.identity.keys import retrieval_keys
from gugus.linkage.normalise import (
    normalise_name,
    normalise_passport,
    normalise_phone,
    normalise_region,
    normalise_sex,
    phonetic_key,
)
from gugus.organisations.countries import country_code
from gugus.organisations.models import Region
from gugus.organisations.regioncodes import District, district_lookup
from gugus.people import nik as nik_parser
from gugus.people.models import Person, PersonToken, Sex
from gugus.people.nik import parse_nik


@dataclass(frozen=True)
class Problem:
    """One problem with one field: an error refuses the record, a warning is kept with it."""

    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class CleanPerson:
    """Validated, normalised values of a person, and what looked wrong about them."""

    values: dict = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_first_error(self) -> None:
        if self.errors:
            first = self.errors[0]
            raise ValidationFailed(first.message, field=first.field, code=first.code)


# --- NIK -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NikCheck:
    """A NIK's digits and what they encode, with refusals (errors) and disagreements (warnings)."""

    nik: str = ""
    district_code: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def _lookup_from(district_exists):
    """A district lookup for ``parse_nik`` from a yes/no test of today's codes (importers pass
    the set of loaded codes); a code it does not know may still be a former one."""
    if district_exists is None:
        return district_lookup

    def lookup(code: str) -> District | None:
        if district_exists(code):
            return district_lookup(code) or District(code, "")
        found = district_lookup(code)
        return found if found is not None and found.former else None

    return lookup


def former_district_note(district: District) -> str:
    """The note kept with a NIK that carries a former district code, naming today's region."""
    return str(
        _(
            "The NIK carries the former district code %(code)s (%(name)s, %(regency)s), used until the "
            "%(last)s list; that place is now %(current_code)s %(current_name)s."
        )
        % {
            "code": district.code,
            "name": district.name,
            "regency": district.regency_name,
            "last": district.last_list,
            "current_code": district.current_code,
            "current_name": district.current_name,
        }
    )


def nik_check(raw: str, *, birth_date: dt.date | None = None, sex: str = "", district_exists=None) -> NikCheck:
    """Check a NIK with the one parser (``gugus.people.nik``): 16 digits, a district some list
    has, a valid date and a serial other than 0000 are required; an encoded birth date or sex
    that disagrees with the record only warns, because victims' documents are often falsified;
    a former district code (a NIK issued before a split) is accepted with a note."""
    if not str(raw or "").strip():
        return NikCheck()
    parsed = parse_nik(str(raw), birth_date=birth_date, lookup=_lookup_from(district_exists))
    problems = set(parsed.problems)
    if problems & {nik_parser.NOT_A_NUMBER, nik_parser.WRONG_LENGTH, nik_parser.LETTERS_READ_AS_DIGITS}:
        return NikCheck(errors=(Problem("nik", "nik_format", str(_("A NIK has exactly 16 digits."))),))
    district = f"{parsed.digits[0:2]}.{parsed.digits[2:4]}.{parsed.digits[4:6]}"
    if nik_parser.UNKNOWN_DISTRICT in problems:
        return NikCheck(
            errors=(
                Problem(
                    "nik",
                    "nik_unknown_district",
                    str(_("The first six digits of the NIK (%(code)s) are not a known district.") % {"code": district}),
                ),
            )
        )
    if nik_parser.INVALID_BIRTH_DATE in problems:
        return NikCheck(
            errors=(Problem("nik", "nik_invalid_date", str(_("The NIK does not encode a valid birth date."))),)
        )
    if nik_parser.INVALID_SERIAL in problems:
        return NikCheck(
            errors=(
                Problem(
                    "nik", "nik_invalid_serial", str(_("The last four digits of a NIK (the serial) are never 0000."))
                ),
            )
        )
    encoded_sex = Sex.FEMALE if parsed.sex == "F" else Sex.MALE
    encoded_birth = parsed.birth_date
    warnings = []
    if parsed.is_former_district:
        warnings.append(Problem("nik", "nik_former_district", former_district_note(parsed.district)))
    if birth_date and birth_date != encoded_birth:
        warnings.append(
            Problem(
                "nik",
                "nik_birth_date_mismatch",
                str(_("The birth date encoded in the NIK differs from the birth date recorded.")),
            )
        )
    if sex and sex != encoded_sex:
        warnings.append(
            Problem("nik", "nik_sex_mismatch", str(_("The sex encoded in the NIK differs from the sex recorded.")))
        )
    return NikCheck(parsed.digits, district, encoded_birth, encoded_sex, (), tuple(warnings))


# --- places and dates ------------------------------------------------------------------------------


def region_resolve(text: str) -> Region | None:
    """The Kemendagri region of a code ('32.12') or a place name ('Kab. Indramayu'); None if unknown."""
    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{2}(\.\d{2}){0,2}", text):
        return Region.objects.filter(code=text).first()
    code = normalise_region(text)
    return Region.objects.filter(code=code).first() if code else None


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


MAX_PHONES = 10  # a person with more is a data error (or an attack), not a person


def parse_date(value) -> dt.date | None:
    """A date from ISO (2025-03-01), DD-MM-YYYY or DD/MM/YYYY; a date or datetime passes through.

    Raises ValueError for anything else (blank gives None).
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# --- validation ------------------------------------------------------------------------------------


def person_clean(
    *,
    full_name: str,
    kind: str = Person.Kind.INDIVIDUAL,
    sex: str = "",
    birth_date=None,
    birth_place: str = "",
    nik: str = "",
    passport_no: str = "",
    phones: list[str] | str = (),
    aliases: list[str] | str = (),
    address_region: str = "",
    nationality: str = "ID",
    district_exists=None,
    resolve_region=None,
    today: dt.date | None = None,
) -> CleanPerson:
    """Validate and normalise a person's fields; every problem is reported, none raised."""
    result = CleanPerson()
    errors, warnings, values = result.errors, result.warnings, result.values
    today = today or dt.date.today()

    name = " ".join(str(full_name or "").split())
    if not name:
        errors.append(Problem("full_name", "required", str(_("The full name is required."))))
    elif len(name) > 200:
        errors.append(Problem("full_name", "too_long", str(_("The full name is longer than 200 characters."))))
    values["full_name"] = name

    if kind not in Person.Kind.values:
        errors.append(Problem("kind", "invalid_choice", str(_("Unknown kind of person."))))
    values["kind"] = kind

    sex_text = str(sex or "").strip()
    sex_code = "" if not sex_text else normalise_sex(sex_text)
    if sex_text and sex_code is None:
        errors.append(Problem("sex", "invalid_choice", str(_("Sex must be L/P, M/F or male/female."))))
        sex_code = ""
    values["sex"] = sex_code

    try:
        birth = parse_date(birth_date)
    except ValueError:
        errors.append(
            Problem("birth_date", "invalid_date", str(_("Write dates as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY.")))
        )
        birth = None
    if birth and not (dt.date(1900, 1, 1) <= birth <= today):
        errors.append(Problem("birth_date", "out_of_range", str(_("The birth date is in the future or before 1900."))))
        birth = None
    values["birth_date"] = birth

    values["birth_place"] = " ".join(str(birth_place or "").split())[:120]

    check = nik_check(str(nik or ""), birth_date=birth, sex=sex_code, district_exists=district_exists)
    errors.extend(check.errors)
    warnings.extend(check.warnings)
    values["nik"] = check.nik
    values["nik_warnings"] = [w.code for w in check.warnings]

    passport_text = str(passport_no or "").strip()
    passport = normalise_passport(passport_text) if passport_text else ""
    if passport_text and not passport:
        errors.append(
            Problem("passport_no", "passport_format", str(_("A passport number is one or two letters and 6-8 digits.")))
        )
    values["passport_no"] = passport or ""

    phone_items = [p for p in re.split(r"[;,\n]", phones) if p.strip()] if isinstance(phones, str) else list(phones)
    normalised_phones = []
    if len(phone_items) > MAX_PHONES:
        errors.append(
            Problem("phone", "too_many", str(_("At most %(n)d phone numbers per person.") % {"n": MAX_PHONES}))
        )
        phone_items = []
    for raw_phone in phone_items:
        if not str(raw_phone).strip():
            continue
        phone = normalise_phone(str(raw_phone))
        if phone is None:
            errors.append(Problem("phone", "phone_format", str(_("This is not a possible phone number."))))
        elif phone not in normalised_phones:
            normalised_phones.append(phone)
    values["phones"] = normalised_phones

    alias_items = aliases.splitlines() if isinstance(aliases, str) else list(aliases)
    values["aliases"] = [" ".join(a.split()) for a in alias_items if a and a.strip()]

    region_text = " ".join(str(address_region or "").split())
    region = (resolve_region or region_resolve)(region_text)
    if region_text and region is None:
        warnings.append(
            Problem(
                "address_region",
                "region_unresolved",
                str(_("'%(place)s' is not a known region name; kept as written.") % {"place": region_text[:60]}),
            )
        )
    values["address_region"] = region
    values["address_as_written"] = "" if region else region_text[:120]

    nationality_text = str(nationality or "").strip()
    nationality_code = country_code(nationality_text) if nationality_text else ""
    if nationality_text and not nationality_code:
        errors.append(Problem("nationality", "unknown_country", str(_("Unknown country."))))
    values["nationality"] = nationality_code or ""
    return result


def person_tokens(person: Person) -> list[PersonToken]:
    """The blind-index tokens of a person's identifiers and name (computed from its plaintext)."""
    digests: set[tuple[str, str]] = set()
    if person.nik:
        digests.add((PersonToken.Purpose.NIK, blind_index("nik", person.nik)))
    if person.passport_no:
        digests.add((PersonToken.Purpose.PASSPORT, blind_index("passport", person.passport_no)))
    for phone in person.phone_list:
        digests.add((PersonToken.Purpose.PHONE, blind_index("phone", phone)))
    for name in [person.full_name or "", *person.alias_list]:
        for token in name_search_tokens(name):
            digests.add((PersonToken.Purpose.NAME_TOKEN, blind_index("name_token", token)))
            digests.add((PersonToken.Purpose.NAME_PHONETIC, blind_index("name_phonetic", phonetic_key(token))))
    names = [person.full_name or "", *person.alias_list]
    for key in retrieval_keys(nik=person.nik, names=names, birth_year=person.birth_year):
        digests.add((PersonToken.Purpose.LINKAGE_KEY, blind_index("linkage_key", key)))
    return [PersonToken(person=person, purpose=purpose, digest=digest) for purpose, digest in sorted(digests)]


def name_search_tokens(name: str) -> list[str]:
    """Normalised tokens of a name (titles dropped, old spelling modernised, bin/binti kept apart)."""
    normalised = normalise_name(name)
    if normalised is None:
        return []
    return [t for t in dict.fromkeys([*normalised.tokens, *normalised.patronym]) if len(t) > 1]


def person_build(clean: CleanPerson, *, unit=None) -> Person:
    """An unsaved Person from clean values (the caller saves it, then its tokens)."""
    v = clean.values
    birth = v.get("birth_date")
    return Person(
        kind=v.get("kind") or Person.Kind.INDIVIDUAL,
        full_name=v["full_name"],
        aliases="\n".join(v.get("aliases") or []) or None,
        nik=v.get("nik") or None,
        passport_no=v.get("passport_no") or None,
        phones="\n".join(v.get("phones") or []) or None,
        birth_date=birth.isoformat() if birth else None,
        birth_year=birth.year if birth else None,
        birth_place=v.get("birth_place") or None,
        sex=v.get("sex") or "",
        address_region=v.get("address_region"),
        address_as_written=v.get("address_as_written") or "",
        nationality=v.get("nationality") or "",
        nik_warnings=v.get("nik_warnings") or [],
        recorded_by_unit=unit,
    )


def person_create(*, actor, unit=None, **fields) -> tuple[Person, list[Problem]]:
    """Create a person from raw fields; refuses on the first error, returns the warnings."""
    clean = person_clean(**fields)
    clean.raise_first_error()
    with transaction.atomic():
        person = person_build(clean, unit=unit)
        person.save()
        PersonToken.objects.bulk_create(person_tokens(person))
        audit_record(
            actor=actor,
            action="person.create",
            target=person,
            data={"kind": person.kind, "warnings": [w.code for w in clean.warnings]},
        )
    return person, clean.warnings


def person_update(*, actor, person: Person, **fields) -> tuple[Person, list[Problem]]:
    """Replace a person's personal fields (all at once) and rebuild their search tokens."""
    clean = person_clean(**fields)
    clean.raise_first_error()
    fresh = person_build(clean, unit=person.recorded_by_unit)
    changed = []
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        for name in (
            "kind",
            "full_name",
            "aliases",
            "nik",
            "passport_no",
            "phones",
            "birth_date",
            "birth_year",
            "birth_place",
            "sex",
            "address_region",
            "address_as_written",
            "nationality",
            "nik_warnings",
        ):
            if getattr(locked, name) != getattr(fresh, name):
                setattr(locked, name, getattr(fresh, name))
                changed.append(name)
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            PersonToken.objects.filter(person=locked).delete()
            PersonToken.objects.bulk_create(person_tokens(locked))
            # Field names only: the values are personal.
            audit_record(actor=actor, action="person.update", target=locked, data={"fields": changed})
    return locked, clean.warnings


# --- data subject rights (UU 27/2022) ----------------------------------------------------------------


def _subject_require(actor, person: Person) -> Person:
    """The officer's capability and their sight of the person (NotFound as for a missing one)."""
    from gugus.organisations.jurisdiction import require_capability
    from gugus.people.access import access_person

    require_capability(actor, "people.subject_rights")
    return access_person(actor, person.pk)


def subject_request_danger(person: Person, requester: Person | None):
    """Why answering would endanger someone, as a ``SubjectRequest.Refusal`` code, or None.

    An investigation of one of the person's cases still open (UU 27/2022 Pasal 15 ayat (1) huruf b:
    law enforcement), or a requester who is a suspect in a case where the person is a victim. The
    check looks at every case, not only those the officer sees: the danger does not depend on scope.
    """
    from gugus.legal.models import Investigation
    from gugus.people.models import CaseRole, SubjectRequest

    cases = CaseRole.objects.filter(person=person).values("case_id")
    closed = (Investigation.Stage.FINAL, Investigation.Stage.STOPPED)
    if Investigation.objects.filter(case_id__in=cases).exclude(stage__in=closed).exists():
        return SubjectRequest.Refusal.ONGOING_INVESTIGATION
    if requester is not None and requester.pk != person.pk:
        victim_of = CaseRole.objects.filter(person=person, role=CaseRole.Role.VICTIM).values("case_id")
        if CaseRole.objects.filter(person=requester, role=CaseRole.Role.SUSPECT, case_id__in=victim_of).exists():
            return SubjectRequest.Refusal.REQUESTER_SUSPECT
    return None


def subject_request_record(
    *, actor, person: Person, kind: str, received_on, requester: Person | None = None, detail: str = ""
):
    """Record a data subject's request (access, correction, erasure) as received; the requester is the
    person themselves unless another person recorded in Gugus is named."""
    from gugus.people.models import SubjectRequest

    person = _subject_require(actor, person)
    if kind not in SubjectRequest.Kind.values:
        raise ValidationFailed(_("Choose what is asked."), field="kind")
    try:
        received = parse_date(received_on)
    except ValueError:
        raise ValidationFailed(_("Give a date as YYYY-MM-DD or DD-MM-YYYY."), field="received_on") from None
    if received is None:
        raise ValidationFailed(_("Give the date."), field="received_on")
    if received > dt.date.today():
        raise ValidationFailed(_("The date cannot be in the future."), field="received_on")
    detail = str(detail or "").strip()
    if kind != SubjectRequest.Kind.ACCESS and not detail:
        raise ValidationFailed(_("Say what is to be corrected or erased."), field="detail")
    if len(detail) > 4000:
        raise ValidationFailed(_("At most 4000 characters."), field="detail")
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            person=person, kind=kind, received_on=received, requester=requester if requester != person else None,
            requester_is_subject=requester is None or requester == person, detail=detail,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="subject_request.record",
            target=request,
            data={"person": person.pk, "kind": kind, "by_subject": request.requester_is_subject},
        )
    return request


def _subject_locked(actor, request):
    from gugus.core.errors import Conflict
    from gugus.people.models import SubjectRequest

    _subject_require(actor, request.person)
    locked = (
        SubjectRequest.objects.select_for_update(of=("self",)).select_related("person", "requester").get(pk=request.pk)
    )
    if locked.status != SubjectRequest.Status.RECEIVED:
        raise Conflict(_("This request has already been handled."))
    return locked


def _subject_close(actor, locked, *, status: str, reason: str = "", handling: str = "", action: str) -> None:
    locked.status, locked.refusal_reason = status, reason
    locked.handling = str(handling or "").strip()
    locked.handled_on = dt.date.today()
    locked.handled_by = actor if getattr(actor, "pk", None) else None
    locked.save(update_fields=["status", "refusal_reason", "handling", "handled_on", "handled_by", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        data={"person": locked.person_id, "kind": locked.kind, "status": status, "reason": reason},
    )


def subject_request_handle(*, actor, request, outcome: str, handling: str = "", refusal_reason: str = ""):
    """Close a correction or erasure request: fulfilled (saying what was done) or refused with its reason.

    Fulfilment is refused where it would endanger someone (``subject_request_danger``); the request is
    then closed as refused with that reason, and the refusal is returned, not raised.
    """
    from gugus.people.models import SubjectRequest

    S = SubjectRequest.Status
    if outcome not in (S.FULFILLED, S.REFUSED):
        raise ValidationFailed(_("Choose how the request was handled."), field="outcome")
    handling = str(handling or "").strip()
    if not handling:
        raise ValidationFailed(_("Say how the request was handled."), field="handling")
    if outcome == S.REFUSED and refusal_reason not in SubjectRequest.Refusal.values:
        raise ValidationFailed(_("Choose the reason for the refusal."), field="refusal_reason")
    with transaction.atomic():
        locked = _subject_locked(actor, request)
        if locked.kind == SubjectRequest.Kind.ACCESS:
            raise ValidationFailed(_("A request for access is answered with the export."), field="outcome")
        danger = subject_request_danger(locked.person, locked.requester)
        if outcome == S.FULFILLED and danger:
            outcome, refusal_reason = S.REFUSED, danger
        _subject_close(
            actor, locked, status=outcome, reason=refusal_reason if outcome == S.REFUSED else "", handling=handling,
            action="subject_request.handle",
        )  # fmt: skip
    return locked


def subject_request_export(*, actor, request) -> tuple[object, dict | None]:
    """Answer a request for access: what Gugus holds about the person that the officer may see, and
    who processed it. Returns ``(request, data)``; ``data`` is None when the answer would endanger
    someone, the request then being closed as refused with the reason. Audited as a read of every
    personal field exported."""
    from gugus.audit.reads import read_record
    from gugus.people.models import SubjectRequest
    from gugus.people.selectors import subject_data

    with transaction.atomic():
        locked = _subject_locked(actor, request)
        if locked.kind != SubjectRequest.Kind.ACCESS:
            raise ValidationFailed(_("Only a request for access is answered with an export."), field="kind")
        danger = subject_request_danger(locked.person, locked.requester)
        if danger:
            _subject_close(
                actor, locked, status=SubjectRequest.Status.REFUSED, reason=danger,
                handling=str(SubjectRequest.Refusal(danger).label), action="subject_request.export",
            )  # fmt: skip
            return locked, None
        data = subject_data(actor, locked.person)
        read_record(actor=actor, target=locked.person, purpose="subject_export", only=data["fields"])
        _subject_close(
            actor, locked, status=SubjectRequest.Status.FULFILLED, handling="export", action="subject_request.export"
        )
    return locked, data
