"""Reads of public reports for secretariats and dashboards, always from ``reports_visible_to``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from gugus.portal.access import reports_visible_to
from gugus.portal.models import PublicReport, ReportToken


def report_queue(user, *, status: str = ""):
    """The secretariat's queue, newest first, optionally of one status."""
    reports = reports_visible_to(user).select_related("region")
    if status in PublicReport.Status.values:
        reports = reports.filter(status=status)
    return reports


@dataclass(frozen=True)
class ReportCounts:
    """Public reports in a user's scope: by status (what reporters see) and by outcome of triage."""

    total: int
    by_status: dict[str, int]
    by_outcome: dict[str, int]
    by_kind: dict[str, int]


def report_counts(user) -> ReportCounts:
    """Counts for dashboards (two queries); every status, outcome and kind is present, zero or not."""
    scoped = reports_visible_to(user)
    by_status = dict.fromkeys(PublicReport.Status.values, 0)
    by_outcome = dict.fromkeys(PublicReport.Outcome.values, 0)
    for status, outcome, n in scoped.values_list("status", "outcome").annotate(n=Count("id")).order_by():
        by_status[status] += n
        by_outcome[outcome] += n
    by_kind = dict.fromkeys(PublicReport.Kind.values, 0)
    by_kind.update(dict(scoped.values_list("kind").annotate(n=Count("id")).order_by()))
    return ReportCounts(sum(by_status.values()), by_status, by_outcome, by_kind)


@dataclass
class LeadMatch:
    """A network lead (a report kept for its identifiers) and the cases in scope that share one."""

    report: PublicReport
    identifiers: int
    cases: list[int]
    groups: list[str]


def lead_matches(user) -> list[LeadMatch]:
    """Leads in the user's report scope, each with the cases of the user's networks view holding one
    of its phone numbers or accounts (equal blind-index digests, never values) and their groups."""
    from gugus.networks.access import network_cases_visible_to
    from gugus.networks.models import Identifier
    from gugus.networks.selectors import network_of
    from gugus.people.models import CaseRole, PersonToken

    leads = list(reports_visible_to(user).filter(outcome=PublicReport.Outcome.NETWORK_LEAD).select_related("region"))
    if not leads:
        return []
    tokens = list(ReportToken.objects.filter(report__in=leads).values_list("report_id", "purpose", "digest"))
    cases = network_cases_visible_to(user)
    people = CaseRole.objects.filter(case__in=cases.values("pk")).values("person_id")
    phone_digests = {d for _r, p, d in tokens if p == ReportToken.Purpose.PHONE}
    other_digests = {d for _r, p, d in tokens if p == ReportToken.Purpose.IDENTIFIER}
    holders: dict[str, set[int]] = defaultdict(set)
    for person_id, digest in PersonToken.objects.filter(
        purpose="phone", digest__in=phone_digests, person_id__in=people
    ).values_list("person_id", "digest"):
        holders["phone:" + digest].add(person_id)
    for person_id, digest in Identifier.objects.filter(digest__in=other_digests, person_id__in=people).values_list(
        "person_id", "digest"
    ):
        holders["identifier:" + digest].add(person_id)
    person_cases: dict[int, set[int]] = defaultdict(set)
    all_people = {p for ps in holders.values() for p in ps}
    for case_id, person_id in CaseRole.objects.filter(
        case__in=cases.values("pk"), person_id__in=all_people
    ).values_list("case_id", "person_id"):
        person_cases[person_id].add(case_id)
    network = network_of(user) if holders else None
    group_of_case = {c: g.key for g in (network.groups if network else []) for c in g.cases}
    matches = []
    for lead in leads:
        found: set[int] = set()
        count = 0
        for report_id, purpose, digest in tokens:
            if report_id != lead.pk:
                continue
            count += 1
            for person_id in holders.get(f"{purpose}:{digest}", ()):
                found |= person_cases[person_id]
        case_ids = sorted(found)
        groups = sorted({group_of_case[c] for c in case_ids if c in group_of_case})
        matches.append(LeadMatch(lead, count, case_ids, groups))
    return matches


def report_read(user, report_id) -> PublicReport:
    """A public report for its triage page (NotFound as ``access_report``); its content shown is a
    read, recorded here (``public_report``)."""
    from gugus.audit.reads import read_record
    from gugus.portal.access import access_report

    report = access_report(user, report_id)
    read_record(actor=user, target=report, purpose="public_report")
    return report


def publications_read(user) -> list:
    """The identifiers proposed and published from the user's unit's cases: a read (``publications``)."""
    from gugus.audit.reads import read_record
    from gugus.portal.access import publications_visible_to

    items = list(publications_visible_to(user).select_related("case", "proposed_by"))
    read_record(actor=user, target=("portal.publications", user.unit_id or ""), purpose="publications")
    return items
