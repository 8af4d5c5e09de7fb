"""Budget lines from the centre to the regions, their revisions, realisation and the flows between them.

Money is ``Decimal`` rupiah with two decimal places, never float.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.models import TimeStampedModel
from gugus.organisations.models import Tier

MONEY = {"max_digits": 18, "decimal_places": 2}
ZERO = Decimal("0.00")


class Source(models.TextChoices):
    """Where the money comes from (Perpres 49/2023 Pasal 30 and the transfers to regions)."""

    APBN_POLRI = "apbn_polri", _("APBN through Polri's budget (national task force)")
    APBN_MINISTRY = "apbn_ministry", _("APBN of a member ministry or agency")
    APBD_PROVINCE = "apbd_province", _("APBD of a province")
    APBD_REGENCY = "apbd_regency", _("APBD of a regency/city")
    TRANSFER = "transfer", _("Transfer to regions (e.g. DAK Non-Fisik PPA)")
    DONOR = "donor", _("Donor grant")


class BudgetLine(TimeStampedModel):
    """An allocation for one function in one fiscal year, held by a task force or an agency unit."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    task_force = models.ForeignKey(
        "organisations.TaskForce",
        verbose_name=_("task force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    unit = models.ForeignKey(
        "organisations.AgencyUnit",
        verbose_name=_("agency unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    # Derived from the holder; kept on the row so analysis can group without joins.
    region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="budget_lines"
    )
    function = models.ForeignKey(
        "functions.Function",
        verbose_name=_("function"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    source = models.CharField(_("source of funds"), max_length=16, choices=Source.choices)
    source_detail = models.CharField(
        _("source detail"), max_length=120, blank=True, help_text=_("e.g. DAK Non-Fisik PPA, the donor's name")
    )
    programme_code = models.CharField(_("programme code"), max_length=40, blank=True)
    activity_code = models.CharField(_("activity code"), max_length=40, blank=True)
    output_code = models.CharField(_("output code"), max_length=40, blank=True)
    account_code = models.CharField(_("account code"), max_length=40, blank=True)
    title = models.CharField(_("description"), max_length=300)
    ran_activity = models.CharField(_("national action plan (RAN) activity"), max_length=80, blank=True)
    # The current allocation: the amount of the latest revision (the revisions keep the history).
    allocated = models.DecimalField(_("allocated"), **MONEY)
    # fiscal year | holder | programme | activity | output | account | source: what an import matches on.
    natural_key = models.CharField(max_length=400, unique=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["fiscal_year", "tier", "region_id", "id"]
        indexes = [
            models.Index(fields=["fiscal_year", "tier", "region"]),
            models.Index(fields=["fiscal_year", "source"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(task_force__isnull=False) & models.Q(unit__isnull=True))
                | (models.Q(task_force__isnull=True) & models.Q(unit__isnull=False)),
                name="budget_line_one_holder",
            ),
            models.CheckConstraint(condition=models.Q(allocated__gte=0), name="budget_line_allocated_not_negative"),
            models.CheckConstraint(
                condition=models.Q(tier__in=["national", "province", "regency"]), name="budget_line_tier_known"
            ),
        ]

    def __str__(self) -> str:
        codes = ".".join(c for c in (self.programme_code, self.activity_code, self.output_code) if c)
        return f"{self.fiscal_year} {codes} {self.title}".replace("  ", " ")

    @property
    def holder(self):
        return self.task_force or self.unit


class Revision(models.Model):
    """One amount of a line: the original allocation, then each APBN-P/APBD-P or shift; never overwritten."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original allocation")
        APBN_P = "apbn_p", _("APBN-P (revised state budget)")
        APBD_P = "apbd_p", _("APBD-P (revised regional budget)")
        SHIFT = "shift", _("Shift between lines (pergeseran)")
        CUT = "cut", _("Cut or blocking (efisiensi)")

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="revisions")
    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget revision")
        verbose_name_plural = _("budget revisions")
        ordering = ["line_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["line", "sequence"], name="revision_sequence_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="revision_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}#{self.sequence} {self.kind} {self.amount}"


class Realisation(TimeStampedModel):
    """Money spent against a line on a date, optionally for one service delivered to a victim."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="realisations")
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The payment document (SP2D/SPM number); an import matches on it.
    document_ref = models.CharField(_("document number"), max_length=80, blank=True)
    # Reference to a service delivered to a victim (assistance.Service); a foreign key replaces it
    # when the assistance app lands, so cost per victim served can be computed.
    service_ref = models.CharField(_("service reference"), max_length=64, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("budget realisation")
        verbose_name_plural = _("budget realisations")
        ordering = ["line_id", "spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="realisation_amount_positive"),
            models.UniqueConstraint(
                fields=["line", "document_ref"],
                condition=~models.Q(document_ref=""),
                name="realisation_document_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.spent_on} {self.amount}"


class Flow(models.Model):
    """Money of a line at a higher tier that funds a line below it (APBN → province → regency)."""

    source = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="outflows")
    target = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="inflows")
    amount = models.DecimalField(_("amount"), **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget flow")
        verbose_name_plural = _("budget flows")
        ordering = ["source_id", "target_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="flow_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="flow_not_self"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="flow_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}: {self.amount}"
