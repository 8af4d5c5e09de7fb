from django.urls import path

from gugus.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("release/", views.release_download, name="release"),
    path("htcds/", views.htcds_download, name="htcds"),
    path("htcds/import/", views.htcds_upload, name="htcds_import"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<int:export_id>/approve/", views.export_decide, {"decision": "approve"}, name="export_approve"),
    path("exports/<int:export_id>/reject/", views.export_decide, {"decision": "reject"}, name="export_reject"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
    path("handoff/<int:case_id>/<int:victim_id>/", views.handoff, name="handoff"),
]
