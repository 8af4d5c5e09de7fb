from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gugus.accounts.models import User
from gugus.core.admin import AuditedModelAdmin


@admin.register(User)
class GugusUserAdmin(AuditedModelAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Gugus", {"fields": ("role", "unit", "task_force", "must_change_password")}),)
    list_display = ("username", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
