"""Django admin for reference data, with every change audited like a service write."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from gugus.audit.services import audit_record


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions write an audit entry in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                target=obj,
                data={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, action="admin.delete", target=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", target=obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects + [o for o, _ in formset.changed_objects]:
                audit_record(actor=request.user, action="admin.inline_save", target=obj)
            for obj in formset.deleted_objects:
                audit_record(actor=request.user, action="admin.inline_delete", target=(obj._meta.label_lower, obj.pk))
