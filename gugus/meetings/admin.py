from django.contrib import admin

from gugus.core.admin import AuditedModelAdmin
from gugus.meetings.models import ActionItem, Agreement, Meeting, ReminderSent


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ("held_on", "kind", "title", "task_force", "place")
    list_filter = ("kind",)
    search_fields = ("title", "place")
    date_hierarchy = "held_on"


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    list_display = ("meeting", "number", "text")


@admin.register(ActionItem)
class ActionItemAdmin(AuditedModelAdmin):
    list_display = ("description", "owner_agency", "due_on", "status")
    list_filter = ("status",)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("action_item", "kind", "due_on", "sent_at", "recipients")

    def has_change_permission(self, request, obj=None):
        return False
