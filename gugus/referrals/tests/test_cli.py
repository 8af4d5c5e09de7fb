import datetime as dt

import pytest
from django.utils import timezone

from gugus.cli import main

pytestmark = pytest.mark.django_db


def test_escalate_command_is_idempotent_and_overdue_lists(referral, capsys):
    later = timezone.localtime(referral.due_at + dt.timedelta(hours=2)).replace(tzinfo=None).isoformat()
    assert main(["referrals", "escalate", "--now", later]) == 0
    assert capsys.readouterr().out == "reminded 0 escalated 1\n"
    assert main(["referrals", "escalate", "--now", later]) == 0
    assert capsys.readouterr().out == "reminded 0 escalated 0\n"
    assert main(["referrals", "overdue", "--now", later]) == 0
    line = capsys.readouterr().out.strip().split("\t")
    assert line[0] == str(referral.pk) and line[3] == "social_rehabilitation" and line[5] == "T-DINSOS-21.71"


def test_deadlines_command_shows_and_sets(matrix, capsys):
    assert main(["referrals", "deadlines"]) == 0
    out = capsys.readouterr().out
    assert "health_rehabilitation\t7\t2\tUU 21/2007 Pasal 52 ayat (1)" in out
    assert "restitution\t14\t2\t\n" in out  # no deadline in the law: the working deadline, no basis
    assert "investigation\t14\t2\t" in out
    assert main(["referrals", "deadlines", "--set", "investigation", "10", "--remind", "3"]) == 0
    assert "investigation\t10\t3\t" in capsys.readouterr().out
    assert main(["referrals", "deadlines", "--set", "investigation", "0"]) == 1
    assert capsys.readouterr().out.startswith("days:")


def test_restitution_command(matrix, capsys):
    assert main(["assistance", "restitution"]) == 0
    assert capsys.readouterr().out.startswith("requested\t0\nindicted\t0\n")
