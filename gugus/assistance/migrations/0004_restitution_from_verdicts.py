"""Restitution in one place (issue 16): what verdicts ordered and what was paid moves from the
verdict's own columns to the restitution record. A victim's open restitution in the case (requested,
assessed, indicted) takes the verdict's order; otherwise one is opened for the case's first victim,
provided by the prosecutor's office (the investigating unit without one); a case without a recorded
victim keeps it without a service, on the verdict. Backwards, the verdicts get their columns back."""

from decimal import Decimal

from django.db import migrations

OPEN = ("requested", "assessed", "indicted")


def _stage(ordered, paid):
    if paid and paid >= ordered:
        return "paid"
    return "partly_paid" if paid else "verdict"


def forwards(apps, schema_editor):
    Verdict = apps.get_model("legal", "Verdict")
    Restitution = apps.get_model("assistance", "Restitution")
    Service = apps.get_model("assistance", "Service")
    CaseRole = apps.get_model("people", "CaseRole")
    Function = apps.get_model("functions", "Function")
    function = Function.objects.filter(code="restitution").first()
    verdicts = Verdict.objects.filter(restitution_ordered_idr__gt=0).select_related("suspect__investigation")
    for verdict in verdicts.order_by("pk"):
        investigation = verdict.suspect.investigation
        ordered = verdict.restitution_ordered_idr
        paid = min(verdict.restitution_paid_idr or Decimal(0), ordered)
        stage = _stage(ordered, paid)
        restitution = (
            Restitution.objects.filter(
                service__case_id=investigation.case_id, service__kind="restitution", verdict__isnull=True,
                stage__in=OPEN,
            )
            .order_by("pk")
            .first()
        )  # fmt: skip
        if restitution is None:
            victim = CaseRole.objects.filter(case_id=investigation.case_id, role="victim").order_by("pk").first()
            service = None
            if victim is not None:
                service = Service.objects.create(
                    case_id=investigation.case_id, victim=victim, kind="restitution", function=function,
                    provider_unit_id=investigation.prosecutor_unit_id or investigation.unit_id,
                    started_on=verdict.decided_on, note="", recorded_by_id=verdict.recorded_by_id,
                    status="completed" if stage == "paid" else "ongoing",
                    ended_on=(verdict.restitution_paid_on or verdict.decided_on) if stage == "paid" else None,
                    outcome="delivered" if stage == "paid" else "",
                )  # fmt: skip
            restitution = Restitution(service=service, requested_amount=ordered, requested_on=verdict.decided_on)
        restitution.verdict_id = verdict.pk
        restitution.verdict_amount, restitution.verdict_on = ordered, verdict.decided_on
        restitution.court_reference = (verdict.decision_number or "")[:120]
        restitution.paid_amount, restitution.paid_on = paid, verdict.restitution_paid_on if paid else None
        restitution.stage = stage
        restitution.save()


def backwards(apps, schema_editor):
    Verdict = apps.get_model("legal", "Verdict")
    Restitution = apps.get_model("assistance", "Restitution")
    for verdict in Verdict.objects.filter(restitutions__isnull=False).distinct():
        rows = list(Restitution.objects.filter(verdict=verdict))
        verdict.restitution_ordered_idr = sum((r.verdict_amount or 0 for r in rows), Decimal(0))
        verdict.restitution_paid_idr = sum((r.paid_amount for r in rows), Decimal(0)) or None
        verdict.restitution_paid_on = max((r.paid_on for r in rows if r.paid_on), default=None)
        verdict.save(update_fields=["restitution_ordered_idr", "restitution_paid_idr", "restitution_paid_on"])
    # A restitution kept only on its verdict has nowhere to stay; the others keep their service.
    Restitution.objects.filter(service__isnull=True).delete()
    Restitution.objects.filter(verdict__isnull=False).update(verdict=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0003_restitution_written_by_the_verdict"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
