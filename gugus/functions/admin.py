from django.contrib import admin

from gugus.functions.models import Assignment, Function


@admin.register(Function)
class FunctionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "at_national", "at_province", "at_regency", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_id", "name_en")
    # Writes go through the services (audited): the admin only reads.
    readonly_fields = [f.name for f in Function._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("structure", "function", "tier", "agency", "responsibility")
    list_filter = ("structure", "tier", "responsibility")
    search_fields = ("function__code", "agency__abbreviation")
    list_select_related = ("structure", "function", "agency")
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
