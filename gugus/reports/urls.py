from django.urls import path

from gugus.reports import views

app_name = "reports"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("annual/", views.annual, name="annual"),
    path("annual/<int:run_id>/download/", views.annual_download, name="annual_download"),
]
