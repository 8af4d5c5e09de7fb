"""The seeded demo data set: every app contributes a step, run in dependency order.

An app's ``demo.py`` defines ``demo_step(*, rng, actor, out) -> None``. Steps are idempotent:
running the demo twice leaves the same data.
"""

from __future__ import annotations

import importlib
import json
import random
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gugus.accounts.actors import system_actor

DEMO_MODULES = [
    "gugus.organisations.demo",
    "gugus.accounts.demo",
    "gugus.functions.demo",
    "gugus.organisations.regional_demo",
    "gugus.cases.demo",
    "gugus.referrals.demo",
    "gugus.identity.demo",
    "gugus.networks.demo",
    "gugus.legal.demo",
    "gugus.budgets.demo",
    "gugus.meetings.demo",
    "gugus.regulations.demo",
    "gugus.portal.demo",
    "gugus.reports.demo",
]


def demo_password() -> str:
    """The demo accounts' password: generated once per installation, kept beside the secrets."""
    if settings.GUGUS_ENV == "production":
        raise RuntimeError("demo data is not for production")
    path = Path(settings.GUGUS_HOME) / "demo-password.json"
    if path.exists():
        return json.loads(path.read_text())["password"]
    password = "demo-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"password": password}))
    path.chmod(0o600)
    return password


def demo_generate(*, seed: int = 2025, out=sys.stdout) -> list[tuple[str, str, str, str]]:
    """Load reference data and every app's demo step; returns the demo logins."""
    from gugus.accounts.demo import demo_logins
    from gugus.organisations.services import agencies_load, regions_load

    regions = regions_load(actor=system_actor("demo"))
    agencies = agencies_load(actor=system_actor("demo"))
    print(f"reference data: {regions['total']} regions, {agencies['total']} agencies", file=out)
    rng = random.Random(seed)
    for module_name in DEMO_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue
            raise
        with transaction.atomic():
            module.demo_step(rng=rng, actor=system_actor("demo"), out=out)
    return demo_logins()
