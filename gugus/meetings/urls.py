from django.urls import path

from gugus.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("action-items/", views.action_items, name="action_items"),
    path("action-items/<int:item_id>/status/", views.action_item_status, name="action_item_status"),
    path("action-items/<int:item_id>/progress/", views.action_item_progress, name="action_item_progress"),
    path("action-items/<int:item_id>/evidence/", views.evidence_download, name="evidence"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/participants/", views.participant_add, name="participant_add"),
    path("<int:meeting_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:meeting_id>/agreements/", views.agreement_add, name="agreement_add"),
    path("<int:meeting_id>/agreements/<int:number>/items/", views.action_item_add, name="action_item_add"),
    path("<int:meeting_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:meeting_id>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
