from django.contrib import admin

from gugus.core.admin import AuditedModelAdmin
from gugus.organisations.models import (
    Agency,
    AgencySuccession,
    AgencyUnit,
    Membership,
    Region,
    StructureVersion,
    SubTaskForce,
    TaskForce,
)


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class SuccessionInline(admin.TabularInline):
    model = AgencySuccession
    fk_name = "predecessor"
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ("abbreviation", "official_name", "kind", "valid_from", "valid_to", "uncertain")
    list_filter = ("kind", "uncertain")
    search_fields = ("abbreviation", "official_name")
    inlines = [SuccessionInline]


@admin.register(AgencyUnit)
class AgencyUnitAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "agency", "kind", "region", "country", "active")
    list_filter = ("kind", "agency")
    search_fields = ("code", "name")
    raw_id_fields = ("region",)


@admin.register(TaskForce)
class TaskForceAdmin(AuditedModelAdmin):
    list_display = ("name", "tier", "region", "legal_basis")
    list_filter = ("tier",)
    raw_id_fields = ("region",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(StructureVersion)
class StructureVersionAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "task_force", "status", "effective_from")
    inlines = [MembershipInline]


admin.site.register(SubTaskForce, AuditedModelAdmin)
