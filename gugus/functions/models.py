"""The function catalogue and the authority matrix (who is accountable for what, at which tier)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gugus.core.models import TimeStampedModel
from gugus.organisations.models import Tier

# Codes are stable slugs that other apps (referrals) call routing with: lower case, words joined
# by underscores, groups by dots ("prevention.content_takedown").
FUNCTION_CODE_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"


class Function(TimeStampedModel):
    """A function of the task force (what has to be done), in a hierarchical catalogue."""

    code = models.CharField(
        _("code"),
        max_length=80,
        unique=True,
        validators=[RegexValidator(FUNCTION_CODE_PATTERN, _("Use lower-case words joined by _ and dots."))],
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    name_id = models.CharField(_("name (Bahasa Indonesia)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    # The tiers at which the function has to be covered; gaps are only looked for there.
    at_national = models.BooleanField(_("national tier"), default=True)
    at_province = models.BooleanField(_("province tier"), default=True)
    at_regency = models.BooleanField(_("regency/city tier"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="function_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language (Bahasa Indonesia unless English is chosen)."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def tiers(self) -> list[str]:
        """The tiers at which this function applies, national first."""
        flags = ((Tier.NATIONAL, self.at_national), (Tier.PROVINCE, self.at_province), (Tier.REGENCY, self.at_regency))
        return [tier.value for tier, on in flags if on]


class Assignment(TimeStampedModel):
    """One RACI letter: an agency's responsibility for a function at a tier, in one structure version."""

    class Responsibility(models.TextChoices):
        RESPONSIBLE = "R", _("Responsible")
        ACCOUNTABLE = "A", _("Accountable")
        CONSULTED = "C", _("Consulted")
        INFORMED = "I", _("Informed")

    structure = models.ForeignKey(
        "organisations.StructureVersion", on_delete=models.CASCADE, related_name="assignments"
    )
    function = models.ForeignKey(Function, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="assignments")
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    responsibility = models.CharField(_("responsibility"), max_length=1, choices=Responsibility.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("function assignment")
        verbose_name_plural = _("function assignments")
        ordering = ["structure_id", "function_id", "tier", "agency_id", "responsibility"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "function", "tier", "agency", "responsibility"], name="assignment_unique"
            ),
            models.CheckConstraint(condition=models.Q(responsibility__in=["R", "A", "C", "I"]), name="assignment_raci"),
            models.CheckConstraint(
                condition=models.Q(tier__in=["national", "province", "regency"]), name="assignment_tier_known"
            ),
        ]
        indexes = [models.Index(fields=["structure", "tier", "function"], name="assignment_lookup")]

    def __str__(self) -> str:
        return f"{self.function.code} {self.tier} {self.agency} {self.responsibility}"
