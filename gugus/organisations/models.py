"""Regions, agencies and their history, agency units, task forces and their structures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.models import TimeStampedModel


class Tier(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")


class Region(models.Model):
    """A Kemendagri region: province (11), regency/city (11.01) or district (11.01.01)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency/city")
        DISTRICT = "district", _("District")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(level="province", parent__isnull=True) | ~models.Q(level="province"))
                & (models.Q(level="province") | models.Q(parent__isnull=False)),
                name="region_parent_matches_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def province_code(self) -> str:
        return self.code[:2]


class Agency(TimeStampedModel):
    """A ministry, agency or office; former names stay as rows linked by successions."""

    class Kind(models.TextChoices):
        COORDINATING_MINISTRY = "coordinating_ministry", _("Coordinating ministry")
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        POLICE = "police", _("Police")
        PROSECUTION = "prosecution", _("Prosecution")
        MILITARY = "military", _("Armed forces")
        PRESIDENTIAL_OFFICE = "presidential_office", _("Presidential office")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government office")
        NON_GOVERNMENT = "non_government", _("Non-government organisation")

    abbreviation = models.CharField(_("abbreviation"), max_length=40, unique=True)
    official_name = models.CharField(_("official name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    role_in_tppo = models.TextField(_("role against trafficking"), blank=True)
    note = models.TextField(_("note"), blank=True)
    uncertain = models.BooleanField(_("facts uncertain"), default=False)
    # Other names the agency goes by (Kemlu, Kejagung, "Kementerian Hukum dan HAM"), one per line.
    aliases = models.TextField(_("also known as"), blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["abbreviation"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.abbreviation

    @property
    def is_current(self) -> bool:
        """Still exists under this name: no end date and no successor."""
        return self.valid_to is None and not self.successions.exists()

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.splitlines() if a.strip()]


class AgencySuccession(models.Model):
    """A rename, split or merge: ``predecessor`` continued as ``successor`` from ``on``."""

    class Kind(models.TextChoices):
        RENAMED = "renamed", _("Renamed")
        SPLIT = "split", _("Split")
        MERGED = "merged", _("Merged")

    predecessor = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    on = models.DateField(_("date"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    # Where the date and the basis come from, in words a reader can check (article, gazette).
    source = models.TextField(_("source"), blank=True)
    # True while the date or the basis is not confirmed against the text of the regulation.
    uncertain = models.BooleanField(_("date or basis uncertain"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agency succession")
        verbose_name_plural = _("agency successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.kind})"


class AgencyUnit(TimeStampedModel):
    """An office of an agency that does the work, in a region or abroad."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        PROVINCIAL = "provincial", _("Provincial office")
        REGENCY = "regency", _("Regency/city office")
        SERVICE_UNIT = "service_unit", _("Service unit (UPTD PPA, shelter)")
        MISSION_ABROAD = "mission_abroad", _("Mission abroad")
        SECRETARIAT = "secretariat", _("Task-force secretariat")

    code = models.CharField(_("code"), max_length=40, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="units")
    country = models.CharField(_("country (ISO 3166)"), max_length=2, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency unit")
        verbose_name_plural = _("agency units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(region__isnull=False) & models.Q(country=""))
                | (models.Q(region__isnull=True) & ~models.Q(country=""))
                | (
                    models.Q(region__isnull=True)
                    & models.Q(country="")
                    & models.Q(kind__in=["headquarters", "secretariat"])
                ),
                name="unit_in_region_or_abroad",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tier(self) -> str:
        if self.country or self.region_id is None:
            return Tier.NATIONAL
        return Tier.PROVINCE if len(self.region_id) == 2 else Tier.REGENCY


class TaskForce(TimeStampedModel):
    """A task force at one tier: the national one, a province's or a regency/city's."""

    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="task_forces")
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        ordering = ["tier", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "region"], name="task_force_one_per_region"),
            models.UniqueConstraint(
                fields=["tier"], condition=models.Q(tier="national"), name="task_force_one_national"
            ),
            models.CheckConstraint(
                condition=models.Q(tier="national", region__isnull=True)
                | (~models.Q(tier="national") & models.Q(region__isnull=False)),
                name="task_force_region_matches_tier",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StructureVersion(TimeStampedModel):
    """The membership of a task force under one regulation, or as a draft proposes it."""

    class Status(models.TextChoices):
        HISTORICAL = "historical", _("Historical")
        IN_FORCE = "in_force", _("In force")
        DRAFT = "draft", _("Draft")

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="structures")
    key = models.SlugField(_("key"), max_length=40, help_text=_("Short name used on the command line, e.g. 49-2023"))
    name = models.CharField(_("name"), max_length=200)
    regulation = models.CharField(_("regulation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts")
    note = models.TextField(_("note"), blank=True)
    # The day the regulation was signed (ditetapkan), and where that date and the members come
    # from (JDIH, the State Gazette, a press release), in words a reader can check.
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("structure version")
        verbose_name_plural = _("structure versions")
        ordering = ["task_force_id", "effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task_force", "key"], name="structure_key_unique"),
            models.UniqueConstraint(
                fields=["task_force"], condition=models.Q(status="in_force"), name="structure_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SubTaskForce(models.Model):
    """A sub-task-force (sub gugus tugas) within one structure version."""

    structure = models.ForeignKey(StructureVersion, on_delete=models.CASCADE, related_name="sub_task_forces")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("sub-task force")
        verbose_name_plural = _("sub-task forces")
        ordering = ["structure_id", "code"]
        constraints = [models.UniqueConstraint(fields=["structure", "code"], name="sub_task_force_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """An agency holding a position ex officio in one structure version."""

    class Position(models.TextChoices):
        CHAIR_1 = "ketua_1", _("Chair I (Ketua I)")
        CHAIR_2 = "ketua_2", _("Chair II (Ketua II)")
        DAILY_CHAIR = "ketua_harian", _("Daily chair (Ketua Harian)")
        SECRETARIAT = "sekretariat", _("Secretariat")
        SUB_COORDINATOR = "koordinator_sub", _("Sub-task-force coordinator")
        MEMBER = "anggota", _("Member (Anggota)")

    structure = models.ForeignKey(StructureVersion, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    # In a regional task force the member is a regional unit (Dinas Sosial Kabupaten Indramayu,
    # Polda Jawa Timur, BP3MI): the office in its region that holds the position ex officio.
    unit = models.ForeignKey(
        AgencyUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("unit"),
    )
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    sub_task_force = models.ForeignKey(
        SubTaskForce, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    # True when no verifiable source confirms this member; shown as illustrative.
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["structure_id", "position", "agency__abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "agency", "position"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_position_display()}"
