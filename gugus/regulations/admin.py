from django.contrib import admin

from gugus.core.admin import AuditedModelAdmin
from gugus.regulations.models import Regulation, RegulationVersion


@admin.register(Regulation)
class RegulationAdmin(AuditedModelAdmin):
    list_display = ("title", "short_name", "created_at")
    search_fields = ("title", "short_name")


@admin.register(RegulationVersion)
class RegulationVersionAdmin(AuditedModelAdmin):
    list_display = ("regulation", "label", "kind", "source_format", "article_count", "uploaded_by", "created_at")
    list_filter = ("kind", "source_format")
    search_fields = ("label", "regulation__title")
    readonly_fields = ("uploaded_by", "article_count")
