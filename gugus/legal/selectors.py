"""Reads of the legal track, compounds, batches and their figures, each starting from a scoped queryset.

``figures_by_country(user)`` and ``figures_by_compound(user)`` are what the dashboards call: plain
dicts of counts over the cases the user may see. Screenings are counted apart (victims, possible
perpetrators, not victims, re-recruited, not yet screened): never added together.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from gugus.assistance.models import Restitution
from gugus.cases.access import cases_visible_to
from gugus.legal.deadlines import deadlines
from gugus.legal.models import (
    BatchMember,
    Compound,
    CompoundLink,
    Investigation,
    RepatriationBatch,
    Screening,
    Step,
    Suspect,
    Verdict,
)
from gugus.organisations.countries import country_name
from gugus.people.models import CaseRole
from gugus.referrals.access import INVESTIGATION_FUNCTIONS
from gugus.referrals.models import Referral

# An investigation referral's states, as the investigating unit lives them (the referral's own
# statuses underneath: accepted = the unit takes the report, in progress = under investigation).
INVESTIGATION_REFERRAL_STATES = {
    Referral.Status.SENT: _("Received: awaiting the investigating unit"),
    Referral.Status.ACCEPTED: _("Accepted: police report being taken"),
    Referral.Status.IN_PROGRESS: _("Under investigation"),
    Referral.Status.COMPLETED: _("Investigation finished"),
    Referral.Status.DECLINED: _("Declined by the investigating unit"),
    Referral.Status.CANCELLED: _("Withdrawn by the referring unit"),
}


def investigation_referral_state(referral: Referral) -> str:
    """The label of an investigation referral's state (its status under the investigating unit's name)."""
    return str(INVESTIGATION_REFERRAL_STATES.get(referral.status, referral.get_status_display()))


def investigation_referrals_to(user) -> list[Referral]:
    """Investigation and prosecution referrals to the user's unit, newest first, with their state label."""
    if not getattr(user, "unit_id", None):
        return []
    referrals = list(
        Referral.objects.filter(to_unit_id=user.unit_id, function__code__in=INVESTIGATION_FUNCTIONS)
        .select_related("case", "from_unit", "function")
        .prefetch_related("investigations")
        .order_by("-sent_at", "-id")[:100]
    )
    for referral in referrals:
        referral.state_label = investigation_referral_state(referral)
    return referrals


def track_deadlines(investigation: Investigation) -> list:
    """The deadlines of the track's dated steps (KUHAP, UU 21/2007), each with its source."""
    steps = list(investigation.steps.exclude(kind=Step.Kind.SHARED).values_list("kind", "on"))
    ordered = Restitution.objects.filter(verdict__suspect__investigation=investigation, verdict_amount__gt=0).exists()
    return deadlines(steps, restitution_ordered=ordered)


def track_suspects(user, investigation: Investigation) -> list[Suspect]:
    """The track's suspects; their names shown to ``user`` are a read, recorded here (``legal_track``)."""
    from gugus.accounts.roles import has_capability
    from gugus.audit.reads import read_record

    suspects = list(
        investigation.suspects.select_related("case_role__person")
        .prefetch_related("charges__article", "verdicts__appeals", "verdicts__restitutions")
        .order_by("id")
    )
    if suspects and has_capability(user, "people.view_personal"):
        read_record(actor=user, target=investigation, purpose="legal_track")
    return suspects


def compound_facts(user, compound) -> list:
    """A compound's facts; its operator shown to ``user`` is a read, recorded here (``compound``)."""
    from gugus.accounts.roles import has_capability
    from gugus.audit.reads import read_record
    from gugus.legal.models import CompoundFact

    facts = list(compound.facts.all())
    if has_capability(user, "people.view_personal") and any(f.kind == CompoundFact.Kind.OPERATOR for f in facts):
        read_record(actor=user, target=compound, purpose="compound")
    return facts


def suspect_choices(investigation: Investigation) -> list[CaseRole]:
    """People of the case as suspects and not yet in the investigation."""
    taken = investigation.suspects.values("case_role_id")
    return list(
        CaseRole.objects.filter(case_id=investigation.case_id, role=CaseRole.Role.SUSPECT)
        .exclude(pk__in=taken)
        .select_related("person")
    )


# --- figures for the dashboards --------------------------------------------------------------------


def _screening_counts(members) -> dict[str, int]:
    counts = dict.fromkeys(Screening.values, 0)
    for screening, n in members.values_list("screening").annotate(n=Count("id")).order_by():
        counts[screening] = n
    return {("not_screened" if k == "" else k): v for k, v in counts.items()}


def _legal_counts(investigations) -> dict:
    suspects = Suspect.objects.filter(investigation__in=investigations)
    verdicts = Verdict.objects.filter(suspect__in=suspects)
    # The one restitution record (gugus.assistance), as the verdicts wrote it.
    money = Restitution.objects.filter(verdict__in=verdicts).aggregate(
        ordered=Sum("verdict_amount"), paid=Sum("paid_amount")
    )
    return {
        "investigations": investigations.count(),
        "suspects": suspects.count(),
        "prosecuted": suspects.filter(Q(investigation__steps__kind=Step.Kind.INDICTMENT))
        .distinct()
        .count(),  # fmt: skip
        "convicted": suspects.filter(status=Suspect.Status.CONVICTED).count(),
        "acquitted": suspects.filter(status=Suspect.Status.ACQUITTED).count(),
        "restitution_ordered_idr": str((money["ordered"] or Decimal(0)).quantize(Decimal(1))),
        "restitution_paid_idr": str((money["paid"] or Decimal(0)).quantize(Decimal(1))),
    }


def figures_by_country(user) -> list[dict]:
    """Per destination country of the cases the user may see: cases, screenings of returnees, the legal track.

    One dict per country, ordered by the number of cases: ``country`` (ISO code), ``name``, ``cases``,
    ``screening`` (counts per screening, apart), ``investigations``, ``suspects``, ``prosecuted``,
    ``convicted``, ``acquitted``, ``restitution_ordered_idr``, ``restitution_paid_idr`` (text, whole rupiah).
    """
    cases = cases_visible_to(user).exclude(destination_country="")
    per_country = dict(cases.values_list("destination_country").annotate(n=Count("id")).order_by())
    rows = []
    for code, n in sorted(per_country.items(), key=lambda item: (-item[1], item[0])):
        in_country = cases.filter(destination_country=code).values("pk")
        rows.append(
            {
                "country": code,
                "name": country_name(code),
                "cases": n,
                "screening": _screening_counts(BatchMember.objects.filter(case__in=in_country)),
                **_legal_counts(Investigation.objects.filter(case__in=in_country)),
            }
        )
    return rows


def figures_by_compound(user) -> list[dict]:
    """Per compound: the cases linked to it that the user may see, their returnees' screenings and legal track."""
    visible = cases_visible_to(user).values("pk")
    rows = []
    for compound in Compound.objects.order_by("country", "name"):
        linked = CompoundLink.objects.filter(compound=compound, case__in=visible).values("case_id")
        n = linked.values("case_id").distinct().count()
        if not n:
            continue
        rows.append(
            {
                "compound": compound.pk,
                "name": compound.name,
                "country": compound.country,
                "country_name": country_name(compound.country),
                "status": compound.status,
                "cases": n,
                "screening": _screening_counts(BatchMember.objects.filter(case__in=linked)),
                **_legal_counts(Investigation.objects.filter(case__in=linked)),
            }
        )
    return rows


# --- compounds and batches -------------------------------------------------------------------------


def compounds_list() -> list[Compound]:
    return list(Compound.objects.annotate(n_links=Count("links")).order_by("country", "name"))


def compound_cases(user, compound: Compound):
    """The compound's links to cases the user may see."""
    return (
        CompoundLink.objects.filter(compound=compound, case__in=cases_visible_to(user).values("pk"))
        .select_related("case", "case_role")
        .order_by("case__number", "id")
    )


def batches_visible_to(user):
    """Batches imported by the user's unit, or every batch for the secretariats (counts only)."""
    from gugus.accounts.roles import Role

    if user.role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL):
        return RepatriationBatch.objects.select_related("unit", "compound")
    if not user.unit_id:
        return RepatriationBatch.objects.none()
    return RepatriationBatch.objects.filter(unit_id=user.unit_id).select_related("unit", "compound")


def compound_holders(case_roles) -> dict[str, set[int]]:
    """For the networks view: compound node -> people linked to it (themselves, or through their case).

    ``case_roles`` is the CaseRole queryset in the user's scope; a compound is a node when it is
    linked to one of those cases or people.
    """
    holders: dict[str, set[int]] = defaultdict(set)
    in_scope = case_roles.values("case_id")
    by_case = defaultdict(set)
    for case_id, person_id in case_roles.values_list("case_id", "person_id"):
        by_case[case_id].add(person_id)
    for compound_id, case_id, role_person in CompoundLink.objects.filter(case__in=in_scope).values_list(
        "compound_id", "case_id", "case_role__person_id"
    ):
        people = {role_person} if role_person else by_case.get(case_id, set())
        holders[f"compound:{compound_id}"].update(people)
    return {node: people for node, people in holders.items() if people}


def compound_labels(nodes) -> dict[str, str]:
    """Names of compound nodes ("compound:12" -> "Golden Fortune, Cambodia"): not personal data."""
    ids = [int(n.split(":", 1)[1]) for n in nodes if n.startswith("compound:")]
    return {f"compound:{c.pk}": f"{c.name}, {country_name(c.country)}" for c in Compound.objects.filter(pk__in=ids)}


def destination_advisory(country: str):
    """The task force's current advisory for a destination country, or None.

    The advisories live in gugus.portal (another branch); this is the one place the legal pages
    read them, for the lead to wire to the portal's selector at merge. Until then: None.
    """
    try:
        from gugus.portal.selectors import current_advisory  # type: ignore[import-not-found]
    except ImportError:
        return None
    return current_advisory(country)
