"""Admin: services are shown read-only; they change only through the services layer."""

from django.contrib import admin

from gugus.assistance.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "provider_unit", "status", "started_on", "ended_on", "cost")
    list_filter = ("kind", "status")
    exclude = ("note",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
