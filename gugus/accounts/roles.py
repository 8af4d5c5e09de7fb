"""The role matrix: the one place that says which role may do what.

Every view declares the capability it needs (``@requires("organisations.view")``); the
middleware refuses any view that declares none. The whole table is pinned by a test and
printed in docs/roles.md (``gugus roles``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECRETARIAT_NATIONAL = "secretariat_national", _("Task-force secretariat (national)")
    SECRETARIAT_REGIONAL = "secretariat_regional", _("Task-force secretariat (regional)")
    SUPERVISOR = "supervisor", _("Supervisor")
    CASE_WORKER = "case_worker", _("Case worker")
    ANALYST = "analyst", _("Analyst (de-identified data only)")
    BUDGET_OFFICER = "budget_officer", _("Budget officer")
    AUDITOR = "auditor", _("Auditor")


# Capabilities, by app. Reading personal data is a capability of its own
# (``people.view_personal``): analysts never hold it.
CAPABILITIES: dict[str, str] = {
    "shell.view": "See the home page and one's own account",
    "organisations.view": "See regions, agencies, units, task forces and structures",
    "organisations.edit": "Edit agencies, units, task forces and structures",
    "accounts.manage": "Create users and assign roles",
    "audit.view": "Read the audit log and verify its chain",
    "functions.view": "See the function catalogue and the authority matrix",
    "functions.edit": "Edit functions and assignments of draft structures",
    "cases.view": "See cases in scope",
    "cases.create": "Open cases and record people in them",
    "cases.edit": "Change cases in scope",
    "cases.assess": "Record and decide trafficking assessments",
    "cases.import": "Import cases in bulk",
    "people.view_personal": "See personal identifiers of people in scope",
    "analytics.view": "See de-identified statistics and exports",
    "linkage.review": "Review possible duplicates and merge people",
    "networks.view": "See networks of shared identifiers",
    "referrals.view": "See referrals in scope",
    "referrals.send": "Send referrals and record consent",
    "referrals.respond": "Accept, decline and complete referrals for one's unit",
    "referrals.oversee": "See oversight of referrals for one's tier",
    "assistance.record": "Record services delivered to victims",
    "budgets.view": "See budgets in scope",
    "budgets.edit": "Edit and import budget lines and realisation",
    "meetings.view": "See meetings, agreements and action items",
    "meetings.edit": "Record meetings, agreements and action items",
    "meetings.report_progress": "Report progress and evidence on one's own agency's action items",
    "regulations.view": "See regulation texts and comparisons",
    "regulations.edit": "Upload regulation versions",
    "reports.view": "See reports to ministers and the President",
    "exchange.htcds": "Export and import cases in the HTCDS standard",
    "exports.identified": "Export identified case lists of one's own cases",
    "exports.approve": "Approve another user's bulk export of identified data",
    "exchange.handoff": "Hand a victim's consented file to an organisation outside Gugus",
    "portal.triage": "Triage public reports in one's task force's region",
    "portal.publish": "Approve flagged phone numbers and accounts for the public job-offer check",
    "portal.register": "Maintain the register of licensed placement agencies and the country advisories",
    "legal.view": "See the legal track of cases in scope (investigation, prosecution, verdict)",
    "legal.record": "Record the legal track for one's investigating or prosecuting unit",
    "people.subject_rights": "Answer a person's data requests under UU 27/2022 (export, correction, erasure)",
    "cases.break_glass": "Open a case outside one's scope in an emergency, with a written reason, for a limited time",
}

_ALL = set(CAPABILITIES)
_READ_STRUCTURE = {"shell.view", "organisations.view", "functions.view", "meetings.view", "regulations.view"}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        _READ_STRUCTURE | {"organisations.edit", "accounts.manage", "audit.view", "budgets.view"}
    ),
    Role.SECRETARIAT_NATIONAL: frozenset(
        _READ_STRUCTURE
        | {
            "organisations.edit",
            "functions.edit",
            "cases.view",
            "people.view_personal",
            "analytics.view",
            "networks.view",
            "linkage.review",
            "referrals.view",
            "referrals.oversee",
            "budgets.view",
            "meetings.edit",
            "regulations.edit",
            "legal.view",
            "reports.view",
            "exchange.htcds",
            "exports.identified",
            "exports.approve",
            "portal.triage",
            "portal.register",
            "people.subject_rights",
            "cases.break_glass",
        }
    ),
    Role.SECRETARIAT_REGIONAL: frozenset(
        _READ_STRUCTURE
        | {
            "organisations.edit",
            "cases.view",
            "people.view_personal",
            "analytics.view",
            "networks.view",
            "referrals.view",
            "referrals.oversee",
            "budgets.view",
            "meetings.edit",
            "reports.view",
            "portal.triage",
            "legal.view",
            "people.subject_rights",
            "cases.break_glass",
        }
    ),
    Role.SUPERVISOR: frozenset(
        _READ_STRUCTURE
        | {
            "meetings.report_progress",
            "cases.view",
            "cases.create",
            "cases.edit",
            "cases.assess",
            "cases.import",
            "people.view_personal",
            "linkage.review",
            "networks.view",
            "referrals.view",
            "referrals.send",
            "referrals.respond",
            "assistance.record",
            "analytics.view",
            "exchange.htcds",
            "exports.identified",
            "exports.approve",
            "exchange.handoff",
            "portal.publish",
            "portal.register",
            "legal.view",
            "legal.record",
        }
    ),
    Role.CASE_WORKER: frozenset(
        _READ_STRUCTURE
        | {
            "meetings.report_progress",
            "cases.view",
            "cases.create",
            "cases.edit",
            "people.view_personal",
            "referrals.view",
            "referrals.send",
            "referrals.respond",
            "assistance.record",
            "exports.identified",
            "legal.view",
            "legal.record",
        }
    ),
    Role.ANALYST: frozenset(_READ_STRUCTURE | {"analytics.view", "reports.view", "budgets.view"}),
    Role.BUDGET_OFFICER: frozenset(_READ_STRUCTURE | {"budgets.view", "budgets.edit"}),
    Role.AUDITOR: frozenset(_READ_STRUCTURE | {"audit.view", "budgets.view", "reports.view"}),
}

assert all(caps <= _ALL for caps in ROLE_CAPABILITIES.values()), "unknown capability in the role matrix"
assert set(ROLE_CAPABILITIES) == set(Role), "every role needs a row in the matrix"

# Roles that confirm a second factor (TOTP, or a single-use recovery code) at every sign-in
# (issue 19): the system administrator and every role that may see personal data. Kept as data
# beside the matrix; a test pins it to ``people.view_personal``, so a role given personal data
# later cannot slip past the second factor. ``gugus/accounts/second_factor.py`` enforces it.
SECOND_FACTOR_ROLES: frozenset[str] = frozenset(
    {
        Role.SYSTEM_ADMIN,
        Role.SECRETARIAT_NATIONAL,
        Role.SECRETARIAT_REGIONAL,
        Role.SUPERVISOR,
        Role.CASE_WORKER,
    }
)


def requires_second_factor(user) -> bool:
    """True for a signed-in superuser and for every user whose role is in ``SECOND_FACTOR_ROLES``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in SECOND_FACTOR_ROLES)


def has_capability(user, capability: str) -> bool:
    """True when ``user`` is active, has a role, and that role grants ``capability``."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    from gugus.accounts.actors import is_system

    if is_system(user):
        return True  # the explicit system actor (commands, demo): never from a request
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    role = getattr(user, "role", "")
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


def role_matrix_markdown() -> str:
    """The matrix as a Markdown table (docs/roles.md)."""
    roles = list(Role)
    lines = ["| capability | " + " | ".join(r.value for r in roles) + " |", "|---" * (len(roles) + 1) + "|"]
    for cap in CAPABILITIES:
        marks = ["x" if cap in ROLE_CAPABILITIES[r] else "" for r in roles]
        lines.append(f"| `{cap}` | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"
