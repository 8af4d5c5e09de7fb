"""The seeded demo data set: every app contributes a step, run in dependency order.

An app's ``demo.py`` defines ``demo_step(*, rng, actor, out) -> None``. Steps are idempotent:
running the demo twice leaves the same data.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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


class DemoClock:
    """Re-dates what the demo has just created to the moment the story says it happened.

    The services stamp rows with the real "now" (``auto_now_add``, ``timezone.now()``); the demo
    tells a story spread over months, so after each step it moves the rows still carrying a
    time of the seeding back to the story's moment. Only the demo does this, after the services
    have checked their rules. The audit log keeps its own timestamps: they record when the demo
    was seeded, which is true.
    """

    def __init__(self, fields):
        # (model, field) pairs; a row counts as new while its field is at or after the clock's start.
        self.fields = list(fields)
        self.since = timezone.now()

    def at(self, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        """That day at that hour, never later than the seeding began (nothing past lies in the future)."""
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
        return min(moment, self.since - dt.timedelta(seconds=1))

    def stamp(self, when: dt.datetime) -> None:
        for model, field in self.fields:
            model.objects.filter(**{f"{field}__gte": self.since}).update(**{field: when})


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
