"""The demo runs the second factor like production (issue 19): its logins get an authenticator whose
secret ``gugus demo`` prints, and a code computed from that secret signs them in."""

from __future__ import annotations

import base64
import random
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from gugus.accounts.actors import system_actor
from gugus.core.cli import demo_second_factors_table


@pytest.mark.django_db
def test_demo_logins_get_an_authenticator_whose_printed_secret_signs_in(reference_data, settings, tmp_path):
    settings.GUGUS_HOME = tmp_path
    from gugus.accounts.demo import demo_second_factors, demo_step
    from gugus.core.demo import demo_password
    from gugus.organisations.demo import demo_step as organisations_demo

    organisations_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    rows = dict(demo_second_factors())
    assert {"admin", "sekretariat.pusat", "supervisor.polda.kepri", "petugas.polda.kepri"} <= set(rows)
    assert not {"analis", "anggaran.indramayu", "auditor"} & set(rows)
    assert dict(demo_second_factors()) == rows  # loading again keeps the secrets
    table = demo_second_factors_table(list(rows.items()))
    assert rows["petugas.polda.kepri"] in table and "demo-code" in table

    b32 = rows["petugas.polda.kepri"].replace(" ", "")
    code = str(totp(base64.b32decode(b32 + "=" * (-len(b32) % 8)))).zfill(6)
    c = Client()
    c.post(reverse("accounts:login"), {"username": "petugas.polda.kepri", "password": demo_password()})
    assert c.get("/").status_code == 302
    assert c.post(reverse("accounts:second_factor"), {"token": code, "next": "/"}).status_code == 302
    assert c.get("/").status_code == 200


@pytest.mark.django_db
def test_the_demo_code_command_is_refused_outside_the_demo(users, capsys):
    from gugus.cli import main

    assert main(["users", "demo-code", "admin"]) == 2
    assert "GUGUS_ENV=demo" in capsys.readouterr().err
