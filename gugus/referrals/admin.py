"""Admin: the deadline table is edited here (or with ``gugus referrals deadlines --set``); referrals,
consents and notifications are shown read-only, since they change only through the services."""

from django.contrib import admin

from gugus.referrals.models import Consent, DeadlineRule, Notification, Referral


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("function", "days", "remind_days_before", "legal_basis")
    search_fields = ("function__code",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("id", "function", "from_unit", "to_unit", "status", "sent_at", "due_at", "escalated_at")
    list_filter = ("status",)
    exclude = ("message",)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("id", "recipient_unit", "function", "given_on", "withdrawn_at")
    exclude = ("note",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "recipient", "kind", "created_at", "read_at", "emailed")
