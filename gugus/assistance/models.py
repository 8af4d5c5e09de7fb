"""Services delivered to victims, restitution from request to payment, and follow-up after reintegration.

Money is ``Decimal`` rupiah with two decimal places. A service's cost is tied to budget realisation
through ``budgets.Realisation.service_ref`` holding the service's ``uuid``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField
from gugus.core.models import TimeStampedModel

MONEY = {"max_digits": 18, "decimal_places": 2}


class Kind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    LPSK_PROTECTION = "lpsk_protection", _("LPSK protection")
    RESTITUTION = "restitution", _("Restitution")
    REPATRIATION = "repatriation", _("Repatriation from abroad")
    RETURN_HOME = "return_home", _("Return to the home region")
    VOCATIONAL_TRAINING = "vocational_training", _("Reintegration: vocational training")
    ECONOMIC_SUPPORT = "economic_support", _("Reintegration: economic support")
    SCHOOLING = "schooling", _("Reintegration: schooling")


# The function of the catalogue each kind of service carries out (stable codes of gugus/functions/catalogue.py).
KIND_FUNCTION = {
    Kind.SHELTER: "social_rehabilitation",
    Kind.MEDICAL: "health_rehabilitation",
    Kind.PSYCHOSOCIAL: "health_rehabilitation",
    Kind.LEGAL_AID: "legal_aid",
    Kind.LPSK_PROTECTION: "witness_victim_protection",
    Kind.RESTITUTION: "restitution",
    Kind.REPATRIATION: "repatriation_abroad",
    Kind.RETURN_HOME: "return_home",
    Kind.VOCATIONAL_TRAINING: "social_reintegration",
    Kind.ECONOMIC_SUPPORT: "social_reintegration",
    Kind.SCHOOLING: "social_reintegration",
}
REINTEGRATION_KINDS = (Kind.VOCATIONAL_TRAINING, Kind.ECONOMIC_SUPPORT, Kind.SCHOOLING)


class Service(TimeStampedModel):
    """One service delivered to one victim by one provider unit, possibly answering a referral."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        DISCONTINUED = "discontinued", _("Discontinued")

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Delivered as planned")
        PARTIAL = "partial", _("Partly delivered")
        VICTIM_DECLINED = "victim_declined", _("The victim declined")
        VICTIM_LEFT = "victim_left", _("The victim left or could not be reached")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="services")
    victim = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("service"), max_length=20, choices=Kind.choices)
    function = models.ForeignKey("functions.Function", null=True, on_delete=models.PROTECT, related_name="+")
    provider_unit = models.ForeignKey(
        "organisations.AgencyUnit", on_delete=models.PROTECT, related_name="services_provided"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ONGOING)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    cost = models.DecimalField(_("cost (Rp)"), null=True, blank=True, **MONEY)
    # Repatriation: the country the victim came back from; return home: the region reached.
    from_country = models.CharField(_("from country (ISO 3166)"), max_length=2, blank=True)
    to_region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Details of care may reveal health and whereabouts: encrypted.
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service to a victim")
        verbose_name_plural = _("services to victims")
        ordering = ["victim_id", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="service_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0), name="service_cost_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["victim", "started_on"], name="service_victim"),
            models.Index(fields=["provider_unit", "-started_on"], name="service_provider"),
            models.Index(fields=["kind", "started_on"], name="service_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} for victim {self.victim_id}"


class Restitution(TimeStampedModel):
    """Restitution (UU 21/2007 Pasal 48-50) from request to LPSK assessment, indictment, verdict,
    notice of the final verdict, payment, or substitute detention when it is not paid.

    Checkpoints (docs/domain.md): LPSK assesses the amount (UU 31/2014 Pasal 7A); the prosecutor
    puts it in the indictment; the court orders it in the verdict (Pasal 48 ayat (3)); it is paid
    within 14 days of the notice of the final verdict (Pasal 48 ayat (6)); unpaid, the victim tells
    the court, which warns the offender in writing (Pasal 50 ayat (1)-(2)); 14 days after the
    warning the prosecutor seizes and auctions assets (Pasal 50 ayat (3)); an offender unable to pay
    serves substitute detention of at most one year (Pasal 50 ayat (4)).

    This is the one record of restitution (issue 16): the assistance pages read it, the legal
    track's verdict writes its order and payments here (``verdict``), and the dashboards' funnel
    counts it. A restitution ordered in a verdict of a case with no recorded victim has no service.
    """

    class Stage(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ASSESSED = "assessed", _("Amount assessed by LPSK")
        INDICTED = "indicted", _("In the indictment")
        VERDICT = "verdict", _("Ordered by the court")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", _("Paid in full")
        SUBSTITUTE_DETENTION = "substitute_detention", _("Not paid: substitute detention")
        REFUSED = "refused", _("Not granted")

    ORDER = (Stage.REQUESTED, Stage.ASSESSED, Stage.INDICTED, Stage.VERDICT, Stage.PARTLY_PAID, Stage.PAID)
    # UU 21/2007 Pasal 48 ayat (6) and Pasal 50 ayat (3).
    PAYMENT_DAYS = 14
    WARNING_DAYS = 14

    service = models.OneToOneField(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="restitution")
    # The verdict that ordered it, when the legal track recorded the verdict.
    verdict = models.ForeignKey(
        "legal.Verdict",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restitutions",
        verbose_name=_("verdict"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.REQUESTED)
    requested_amount = models.DecimalField(_("amount requested"), **MONEY)
    requested_on = models.DateField(_("requested on"))
    lpsk_assessed_amount = models.DecimalField(_("amount assessed by LPSK"), null=True, blank=True, **MONEY)
    lpsk_assessed_on = models.DateField(_("LPSK assessment date"), null=True, blank=True)
    indicted_amount = models.DecimalField(_("amount in the indictment"), null=True, blank=True, **MONEY)
    indicted_on = models.DateField(_("indictment date"), null=True, blank=True)
    verdict_amount = models.DecimalField(_("amount ordered"), null=True, blank=True, **MONEY)
    verdict_on = models.DateField(_("verdict date"), null=True, blank=True)
    court_reference = models.CharField(_("court decision number"), max_length=120, blank=True)
    final_verdict_notified_on = models.DateField(_("final verdict notified on"), null=True, blank=True)
    court_warning_on = models.DateField(_("court's written warning on"), null=True, blank=True)
    substitute_detention_on = models.DateField(_("substitute detention ordered on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), default=0, **MONEY)
    paid_on = models.DateField(_("last payment date"), null=True, blank=True)

    class Meta:
        verbose_name = _("restitution")
        verbose_name_plural = _("restitutions")
        ordering = ["service_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(requested_amount__gt=0), name="restitution_requested_positive"),
            models.CheckConstraint(condition=models.Q(paid_amount__gte=0), name="restitution_paid_not_negative"),
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | models.Q(verdict__isnull=False),
                name="restitution_of_a_service_or_a_verdict",
            ),
        ]
        indexes = [models.Index(fields=["stage"], name="restitution_stage")]

    def __str__(self) -> str:
        return f"restitution of service {self.service_id}: {self.stage}"

    @property
    def payment_due_on(self):
        """14 days after the notice of the final verdict (UU 21/2007 Pasal 48 ayat (6))."""
        import datetime as dt

        if self.final_verdict_notified_on is None:
            return None
        return self.final_verdict_notified_on + dt.timedelta(days=self.PAYMENT_DAYS)

    @property
    def seizure_due_on(self):
        """14 days after the court's written warning (UU 21/2007 Pasal 50 ayat (3))."""
        import datetime as dt

        if self.court_warning_on is None:
            return None
        return self.court_warning_on + dt.timedelta(days=self.WARNING_DAYS)

    def is_payment_overdue(self, today) -> bool:
        return (
            self.payment_due_on is not None
            and today > self.payment_due_on
            and self.stage in (self.Stage.VERDICT, self.Stage.PARTLY_PAID)
        )


class FollowUp(models.Model):
    """A visit or call after reintegration: how the person is doing (monitoring for at least 3 months)."""

    class Situation(models.TextChoices):
        STABLE = "stable", _("Stable")
        NEEDS_SUPPORT = "needs_support", _("Needs more support")
        AT_RISK = "at_risk", _("At risk of re-trafficking")
        MIGRATED_AGAIN = "migrated_again", _("Migrated again")
        UNREACHABLE = "unreachable", _("Unreachable")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    situation = models.CharField(_("situation"), max_length=16, choices=Situation.choices)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up after reintegration")
        verbose_name_plural = _("follow-ups after reintegration")
        ordering = ["service_id", "on", "id"]

    def __str__(self) -> str:
        return f"follow-up {self.on} of service {self.service_id}"
