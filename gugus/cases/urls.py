from django.urls import path

from gugus.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_intake, name="intake"),
    path("new/check/", views.intake_check, name="intake_check"),
    path("import/", views.case_import_view, name="import"),
    path("import/<int:job_id>/", views.case_import_job, name="import_job"),
    path("import/template.csv", views.case_import_template, {"file_format": "csv"}, name="import_template_csv"),
    path("import/template.xlsx", views.case_import_template, {"file_format": "xlsx"}, name="import_template_xlsx"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/<int:grant_id>/revoke/", views.break_glass_revoke, name="break_glass_revoke"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/transition/", views.case_transition_view, name="transition"),
    path("<int:case_id>/assess/", views.case_assess, name="assess"),
    path("<int:case_id>/people/add/", views.case_person_add_view, name="person_add"),
    path("<int:case_id>/follow-ups/", views.case_follow_ups, name="follow_ups"),
    path("<int:case_id>/follow-ups/add/", views.follow_up_add_view, name="follow_up_add"),
    path("<int:case_id>/follow-ups/<int:follow_up_id>/close/", views.follow_up_close_view, name="follow_up_close"),
    path("<int:case_id>/notes/add/", views.case_note_add_view, name="note_add"),
    path("<int:case_id>/attachments/", views.case_attachments, name="attachments"),
    path("<int:case_id>/attachments/add/", views.attachment_add_view, name="attachment_add"),
    path("<int:case_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
]
