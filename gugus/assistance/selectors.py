"""Reads of services: the victim's journey across agencies, restitution's funnel, oversight figures,
and the cost of services as realised in the budget."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from gugus.assistance.access import services_visible_to
from gugus.assistance.models import REINTEGRATION_KINDS, FollowUp, Kind, Restitution, Service
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Assessment
from gugus.core.errors import NotFound
from gugus.core.money import format_rupiah
from gugus.identity.selectors import count_people
from gugus.people.models import CaseRole
from gugus.referrals.access import referrals_visible_to, victim_shares
from gugus.referrals.models import Referral, Share

MONITORING_DAYS = 90  # reintegration is followed for at least three months (Permen PPPA 8/2021)


@dataclass
class JourneyEntry:
    on: dt.date
    kind: str  # case | assessment | referral | service | follow_up | restitution
    title: str
    unit: str
    status: str = ""
    detail: str = ""
    referral_id: int | None = None
    service_id: int | None = None


@dataclass
class Journey:
    victim: CaseRole
    full: bool
    entries: list[JourneyEntry] = field(default_factory=list)
    returned: bool = False
    reintegration_started: dt.date | None = None
    monitored_days: int = 0

    @property
    def monitoring_complete(self) -> bool:
        return self.monitored_days >= MONITORING_DAYS

    def as_dict(self) -> dict:
        return {
            "victim": self.victim.pk,
            "full": self.full,
            "returned": self.returned,
            "reintegration_started": self.reintegration_started.isoformat() if self.reintegration_started else None,
            "monitored_days": self.monitored_days,
            "monitoring_complete": self.monitoring_complete,
            "entries": [
                {
                    "on": e.on.isoformat(),
                    "kind": e.kind,
                    "title": e.title,
                    "unit": e.unit,
                    "status": e.status,
                    "detail": e.detail,
                    "referral": e.referral_id,
                    "service": e.service_id,
                }
                for e in self.entries
            ],
        }


def _local_date(value) -> dt.date:
    from django.utils import timezone

    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def victim_journey(user, victim_id) -> Journey:
    """One timeline across agencies for one victim, as much as ``user`` may see.

    Whoever sees the whole case sees every step; a unit that holds an open referral sees its own
    steps and, if the referral shares them, the assessment and the other agencies' steps; nothing
    once consent is withdrawn. NotFound when the user may see nothing of the victim.
    """
    try:
        pk = int(victim_id)
    except (TypeError, ValueError):
        raise NotFound("No such victim.") from None
    victim = (
        CaseRole.objects.select_related("case", "case__reporting_unit").filter(pk=pk, role=CaseRole.Role.VICTIM).first()
    )
    if victim is None:
        raise NotFound("No such victim.")
    full = cases_visible_to(user).filter(pk=victim.case_id).exists()
    shares = frozenset(Share.values) if full else victim_shares(user, victim)
    if not full and not shares:
        raise NotFound("No such victim.")
    everything = full or Share.JOURNEY in shares
    unit_id = user.unit_id
    journey = Journey(victim=victim, full=full)
    entries = journey.entries
    case = victim.case
    if full or Share.CASE_SUMMARY in shares:
        entries.append(
            JourneyEntry(
                case.reported_on,
                "case",
                _("Case reported: %(number)s") % {"number": case.number},
                case.reporting_unit.name,
                case.get_status_display(),
            )
        )
    if full or Share.ASSESSMENT in shares:
        for a in Assessment.objects.filter(victim=victim).select_related("case__reporting_unit").order_by("decided_at"):
            entries.append(
                JourneyEntry(
                    _local_date(a.decided_at),
                    "assessment",
                    _("Assessment"),
                    a.case.reporting_unit.name,
                    a.get_result_display(),
                    _("child rule applied") if a.child_rule_applied else "",
                )
            )
    referrals = Referral.objects.filter(victim=victim).select_related("function", "from_unit", "to_unit")
    if not everything:
        referrals = referrals.filter(Q(from_unit_id=unit_id) | Q(to_unit_id=unit_id))
    visible_referrals = set(referrals_visible_to(user).filter(victim=victim).values_list("pk", flat=True))
    for r in referrals.order_by("sent_at", "id"):
        entries.append(
            JourneyEntry(
                _local_date(r.sent_at),
                "referral",
                _("Referral for %(function)s: %(from)s → %(to)s")
                % {"function": r.function.name, "from": r.from_unit.name, "to": r.to_unit.name},
                r.from_unit.name,
                r.get_status_display(),
                r.get_outcome_display() if r.outcome else (r.get_decline_reason_display() if r.decline_reason else ""),
                referral_id=r.pk if r.pk in visible_referrals else None,
            )
        )
    services = Service.objects.filter(victim=victim).select_related("provider_unit", "to_region")
    if not everything:
        services = services.filter(provider_unit_id=unit_id)
    services = list(services.order_by("started_on", "id"))
    restitutions = {r.service_id: r for r in Restitution.objects.filter(service__in=services)}
    follow_ups = defaultdict(list)
    for f in FollowUp.objects.filter(service__in=services).order_by("on", "id"):
        follow_ups[f.service_id].append(f)
    for s in services:
        detail = ""
        if s.kind == Kind.REPATRIATION and s.from_country:
            detail = s.from_country
        elif s.kind == Kind.RETURN_HOME and s.to_region_id:
            detail = str(s.to_region)
        entries.append(
            JourneyEntry(
                s.started_on,
                "service",
                s.get_kind_display(),
                s.provider_unit.name,
                s.get_status_display(),
                detail,
                service_id=s.pk,
            )
        )
        restitution = restitutions.get(s.pk)
        if restitution is not None:
            for stage, on, amount in (
                (Restitution.Stage.INDICTED, restitution.indicted_on, restitution.indicted_amount),
                (Restitution.Stage.VERDICT, restitution.verdict_on, restitution.verdict_amount),
                (_("payment"), restitution.paid_on, restitution.paid_amount),
            ):
                if on:
                    label = Restitution.Stage(stage).label if stage in Restitution.Stage.values else stage
                    entries.append(
                        JourneyEntry(
                            on,
                            "restitution",
                            _("Restitution: %(stage)s") % {"stage": label},
                            s.provider_unit.name,
                            restitution.get_stage_display(),
                            format_rupiah(amount),
                        )
                    )
        for f in follow_ups.get(s.pk, []):
            entries.append(
                JourneyEntry(
                    f.on, "follow_up", _("Follow-up"), s.provider_unit.name, f.get_situation_display(), service_id=s.pk
                )
            )
        if s.kind in (Kind.REPATRIATION, Kind.RETURN_HOME) and s.status == Service.Status.COMPLETED:
            journey.returned = True
        if s.kind in REINTEGRATION_KINDS and (
            journey.reintegration_started is None or s.started_on < journey.reintegration_started
        ):
            journey.reintegration_started = s.started_on
    if journey.reintegration_started is not None:
        last = max(
            (f.on for fs in follow_ups.values() for f in fs if f.on >= journey.reintegration_started), default=None
        )
        journey.monitored_days = (last - journey.reintegration_started).days if last else 0
    order = {"case": 0, "assessment": 1, "referral": 2, "service": 3, "restitution": 4, "follow_up": 5}
    entries.sort(key=lambda e: (e.on, order[e.kind]))
    return journey


# --- restitution and oversight ---------------------------------------------------------------------


def restitution_funnel(user) -> dict:
    """How many restitutions reached each stage, and the amounts: where restitution stops."""
    from gugus.cases.access import cases_visible_to

    # The one restitution record: a victim's service, or a verdict's order in a case with no recorded victim.
    rows = Restitution.objects.filter(
        Q(service__in=services_visible_to(user).values("pk"))
        | Q(service__isnull=True, verdict__suspect__investigation__case__in=cases_visible_to(user).values("pk"))
    )
    by_stage = dict.fromkeys(Restitution.Stage.values, 0)
    for row in rows.values("stage").annotate(n=Count("pk")):
        by_stage[row["stage"]] = row["n"]
    sums = rows.aggregate(
        requested=Sum("requested_amount"),
        indicted=Sum("indicted_amount"),
        ordered=Sum("verdict_amount"),
        paid=Sum("paid_amount"),
    )
    reached = {
        "requested": rows.count(),
        "indicted": rows.filter(indicted_on__isnull=False).count(),
        "verdict": rows.filter(verdict_on__isnull=False).count(),
        "paid_any": rows.filter(paid_amount__gt=0).count(),
        "paid_in_full": by_stage[Restitution.Stage.PAID],
    }
    return {
        "by_stage": by_stage,
        "reached": reached,
        "amounts": {k: (v or Decimal("0.00")) for k, v in sums.items()},
    }


def services_oversight(user) -> dict:
    """Services delivered per function and region (province of the provider, or abroad), and the
    number of victims returned and reintegrated."""
    visible = services_visible_to(user)
    per = defaultdict(int)
    for row in visible.values("function__code", "provider_unit__region_id", "provider_unit__country").annotate(
        n=Count("pk")
    ):
        region = row["provider_unit__region_id"]
        place = region[:2] if region else (row["provider_unit__country"] or "national")
        per[(row["function__code"] or "", place)] += row["n"]
    # victims are counted as people (resolved identities), not records: one victim registered by
    # several agencies counts once (gugus.identity)
    returned = count_people(
        visible.filter(kind__in=(Kind.REPATRIATION, Kind.RETURN_HOME), status=Service.Status.COMPLETED),
        "victim__person",
    )
    reintegrated = count_people(visible.filter(kind__in=REINTEGRATION_KINDS), "victim__person")
    reintegrated_completed = count_people(
        visible.filter(kind__in=REINTEGRATION_KINDS, status=Service.Status.COMPLETED), "victim__person"
    )
    return {
        "per_function_region": [
            {"function": f, "place": p, "count": n}
            for (f, p), n in sorted(per.items(), key=lambda kv: (kv[0][0], kv[0][1]))
        ],
        "victims_returned": returned,
        "victims_in_reintegration": reintegrated,
        "victims_reintegrated": reintegrated_completed,
        "cost_total": visible.aggregate(total=Sum("cost"))["total"] or Decimal("0.00"),
    }


def service_realised(service: Service) -> Decimal | None:
    """Money realised in the budget for this service (``budgets.Realisation.service_ref`` = its uuid);
    None when the budgets app is not installed."""
    try:
        realisation = apps.get_model("budgets", "Realisation")
    except LookupError:
        return None
    total = realisation.objects.filter(service_ref=str(service.uuid)).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")
