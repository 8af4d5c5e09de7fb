from django.urls import path

from gugus.portal import staff_views as views

app_name = "portal_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/take/", views.take, name="take"),
    path("<int:report_id>/case/", views.to_case, name="to_case"),
    path("<int:report_id>/lead/", views.to_lead, name="to_lead"),
    path("<int:report_id>/close/", views.close, name="close"),
    path("leads/", views.leads, name="leads"),
    path("register/", views.register, name="register"),
    path("publications/", views.publications, name="publications"),
    path("publications/<int:publication_id>/decide/", views.publication_decide, name="publication_decide"),
    path("advisories/", views.advisories, name="advisories"),
]
