"""Regulations and the versions of their text: enacted, amending, consolidated and draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.models import TimeStampedModel


class Regulation(TimeStampedModel):
    """A regulation followed through its versions (e.g. the Perpres on the task force)."""

    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True,
                                  help_text=_("For example: Perpres 49/2023"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def __str__(self) -> str:
        return self.short_name or self.title


class RegulationVersion(TimeStampedModel):
    """One text of a regulation, as uploaded or pasted, with who uploaded it."""

    class Kind(models.TextChoices):
        ENACTED = "enacted", _("Enacted text")
        AMENDMENT = "amendment", _("Amending regulation")
        CONSOLIDATED = "consolidated", _("Consolidated text")
        DRAFT = "draft", _("Draft")

    class SourceFormat(models.TextChoices):
        PASTED = "pasted", _("Pasted text")
        TXT = "txt", _("Plain text file")
        DOCX = "docx", _("Word document (DOCX)")
        PDF = "pdf", _("PDF")

    regulation = models.ForeignKey(Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT,
                                   related_name="versions")
    label = models.CharField(_("label"), max_length=200, help_text=_("For example: Perpres 22/2021 or draft of May"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    source_format = models.CharField(_("source format"), max_length=8, choices=SourceFormat.choices)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey("organisations.StructureVersion", verbose_name=_("structure version"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="regulation_versions",
                                  help_text=_("The task-force structure this text defines, if any"))

    class Meta:
        ordering = ["regulation_id", "created_at", "id"]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "label"], name="regulation_version_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation}: {self.label}"


class RevisionStep(TimeStampedModel):
    """One step of a draft revision on its way to the President (DESIGN.md, the 2025 revision).

    The path is fixed: finalised at a Rakor, harmonised at the Ministry of Law (Kemenkum; UU 12/2011
    Pasal 55 and its amendments, for a Perpres), approved at the ministerial meeting (RTM), submitted to the
    President, enacted. An RTM approval is a decision recorded against its meeting and one of its
    agreements, naming the ministries that approved it and the text they approved. On enactment the
    draft structure becomes the structure in force from that date.
    """

    class Stage(models.TextChoices):
        RAKOR_FINALISED = "rakor_finalised", _("Finalised at a coordination meeting (Rakor)")
        HARMONISED = "harmonised", _("Harmonised at the Ministry of Law")
        RTM_APPROVED = "rtm_approved", _("Approved at the ministerial meeting (RTM)")
        SUBMITTED = "submitted", _("Submitted to the President")
        ENACTED = "enacted", _("Enacted")

    ORDER = (Stage.RAKOR_FINALISED, Stage.HARMONISED, Stage.RTM_APPROVED, Stage.SUBMITTED, Stage.ENACTED)

    structure = models.ForeignKey(
        "organisations.StructureVersion", on_delete=models.PROTECT, related_name="revision_steps"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    on = models.DateField(_("date"))
    text = models.ForeignKey(
        RegulationVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="revision_steps",
        verbose_name=_("text"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="revision_steps"
    )
    agreement = models.ForeignKey(
        "meetings.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="revision_steps"
    )
    approved_by = models.ManyToManyField("organisations.Agency", blank=True, related_name="+")
    # A letter, a harmonisation record, or the enacted regulation ("Peraturan Presiden Nomor …").
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("revision step")
        verbose_name_plural = _("revision steps")
        ordering = ["structure_id", "on", "id"]
        constraints = [models.UniqueConstraint(fields=["structure", "stage"], name="revision_step_once")]

    def __str__(self) -> str:
        return f"{self.structure_id}: {self.stage}"
