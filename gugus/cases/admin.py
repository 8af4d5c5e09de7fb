"""Admin: case metadata read-only. Writes go through the services; personal data is not shown here."""

from django.contrib import admin

from gugus.cases.models import Case, CaseImport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "reporting_unit", "status", "reported_on", "destination_country")
    list_filter = ("status", "channel")
    search_fields = ("number",)
    fields = ("number", "reporting_unit", "status", "channel", "reported_on", "destination_country", "close_reason")


@admin.register(CaseImport)
class CaseImportAdmin(ReadOnlyAdmin):
    list_display = ("imported_at", "reporting_unit", "rows", "created", "skipped", "imported_by")
    fields = ("reporting_unit", "file_name", "rows", "created", "skipped", "imported_by", "imported_at")
