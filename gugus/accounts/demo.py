"""One demo user per role."""

from __future__ import annotations

from django.utils import translation

from gugus.accounts.models import User
from gugus.accounts.roles import Role
from gugus.accounts.services import user_create
from gugus.core.demo import demo_password
from gugus.organisations.models import AgencyUnit, TaskForce

# username: (role, unit code, task force region code or "national" or None)
DEMO_USERS = {
    "admin": (Role.SYSTEM_ADMIN, "POLRI-SETGT", None),
    "sekretariat.pusat": (Role.SECRETARIAT_NATIONAL, "POLRI-SETGT", "national"),
    "sekretariat.kepri": (Role.SECRETARIAT_REGIONAL, "SETGT-PROV-21", "21"),
    "supervisor.polda.kepri": (Role.SUPERVISOR, "POLRI-POLDA-21", None),
    "petugas.polda.kepri": (Role.CASE_WORKER, "POLRI-POLDA-21", None),
    "petugas.uptdppa.ntt": (Role.CASE_WORKER, "UPTDPPA-53", None),
    "petugas.dinsos.lobar": (Role.CASE_WORKER, "DINSOS-52.01", None),
    "petugas.kbri.phnompenh": (Role.CASE_WORKER, "KEMENLU-KBRI-KH", None),
    "analis": (Role.ANALYST, "POLRI-SETGT", None),
    "anggaran.indramayu": (Role.BUDGET_OFFICER, "BPKAD-32.12", None),
    "auditor": (Role.AUDITOR, "POLRI-SETGT", None),
}


# What each demo login is good for, printed by `gugus demo` beside it.
DEMO_TRY = {
    "admin": "users and roles, the organisation register, the audit log",
    "sekretariat.pusat": "national oversight, the draft structure, meetings, HTCDS export",
    "sekretariat.kepri": "Kepulauan Riau's cases and referrals; cannot edit the national structure",
    "supervisor.polda.kepri": "assess victims, approve exports, review possible duplicates",
    "petugas.polda.kepri": "open a case (Kasus > Buka kasus), refer a victim, export your unit's cases",
    "petugas.uptdppa.ntt": "services for women and children in NTT",
    "petugas.dinsos.lobar": "the inbox of referrals received, services delivered",
    "petugas.kbri.phnompenh": "a repatriation list, referrals home from Cambodia",
    "analis": "de-identified statistics and the k-anonymous release (no names anywhere)",
    "anggaran.indramayu": "budget lines, realisation, absorption",
    "auditor": "the audit log, who viewed which record, the chain's state",
}


def demo_step(*, rng, actor, out) -> None:
    password = demo_password()
    for username, (role, unit_code, task_force_code) in DEMO_USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        task_force = None
        if task_force_code == "national":
            task_force = TaskForce.objects.get(tier="national")
        elif task_force_code:
            task_force = TaskForce.objects.get(region_id=task_force_code)
        user = user_create(
            actor=actor,
            username=username,
            password=password,
            role=role,
            unit=AgencyUnit.objects.get(code=unit_code),
            task_force=task_force,
        )
        if role == Role.SYSTEM_ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    demo_second_factors()


def demo_second_factors() -> list[tuple[str, str]]:
    """(username, TOTP secret) of every demo login whose role needs a second factor.

    Each gets a confirmed authenticator at load time (issue 19): the demo runs the same rule as
    production, and ``gugus demo`` prints the secrets to add to an authenticator app. There is
    no switch that turns the second factor off, in the demo or anywhere else.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gugus.accounts.roles import requires_second_factor
    from gugus.accounts.second_factor import confirmed_totp, secret_text

    rows = []
    for user in User.objects.filter(username__in=list(DEMO_USERS)).order_by("pk"):
        if not requires_second_factor(user):
            continue
        device = confirmed_totp(user) or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        rows.append((user.username, secret_text(device)))
    return rows


def demo_logins() -> list[tuple[str, str, str, str, str]]:
    """(username, password, role, unit, what to try) of every demo login."""
    password = demo_password()
    rows = []
    users = {u.username: u for u in User.objects.select_related("unit").filter(username__in=list(DEMO_USERS))}
    for username in DEMO_USERS:
        user = users.get(username)
        if user:
            with translation.override("en"):  # the command line speaks English, like the rest of its output
                role = str(Role(user.role).label) if user.role in Role.values else user.role
            rows.append((username, password, role, user.unit.name if user.unit else "", DEMO_TRY.get(username, "")))
    return rows
